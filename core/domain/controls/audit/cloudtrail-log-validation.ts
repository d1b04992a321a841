/**
 * `cloudtrail-log-validation`: CloudTrail log file integrity validation is on. Judged from the trail's
 * configuration item and from CreateTrail / UpdateTrail calls that set `enableLogFileValidation`.
 *
 * Test: test/core/domain/controls/audit/cloudtrail-log-validation.test.ts
 * Fixtures: test/fixtures/events/ct-update-trail.json, test/fixtures/events/config-ci-cloudtrail-trail.json
 */
import { bool } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { trailSetting } from '../evaluator-kit';

/** Judges `cloudtrail-log-validation`: a verdict, or undefined when the facts do not bear on it. */
export const cloudTrailLogValidation: Evaluator = (facts) => {
  const s = trailSetting(facts, 'logFileValidationEnabled');
  if (!s) return undefined;
  return bool(s.value) === true
    ? compliant('log file integrity validation is enabled')
    : nonCompliant('log file integrity validation is disabled');
};

/** `cloudtrail-log-validation` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'cloudtrail-log-validation',
  title: 'CloudTrail log file integrity validation is on',
  family: 'audit',
  citations: ['164.312(b)'],
  configRules: ['cloud-trail-log-file-validation-enabled'],
  prowlerChecks: ['cloudtrail_log_file_validation_enabled'],
  cloudTrailEvents: ['CreateTrail', 'UpdateTrail'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Turn on log file validation for the trail (aws cloudtrail update-trail --enable-log-file-validation).',
  evaluate: cloudTrailLogValidation,
};
