/**
 * `cloudtrail-encryption`: CloudTrail logs are encrypted with KMS. Judged from the trail's
 * configuration item (Config, or the sweep's cloudtrail collector) and from CreateTrail / UpdateTrail
 * calls that set or remove the key.
 *
 * Test: test/core/domain/controls/encryption-at-rest/cloudtrail-encryption.test.ts
 * Fixtures: test/fixtures/events/config-ci-cloudtrail-trail.json, test/fixtures/events/ct-update-trail.json
 */
import { str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { trailSetting } from '../evaluator-kit';

/** Judges `cloudtrail-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const cloudTrailEncryption: Evaluator = (facts) => {
  const s = trailSetting(facts, 'kmsKeyId');
  if (!s) return undefined;
  return str(s.value)
    ? compliant('trail logs are encrypted with a KMS key')
    : nonCompliant('trail logs are not encrypted with a KMS key');
};

/** `cloudtrail-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'cloudtrail-encryption',
  title: 'CloudTrail logs are encrypted with KMS',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['cloud-trail-encryption-enabled'],
  prowlerChecks: ['cloudtrail_kms_encryption_enabled'],
  cloudTrailEvents: ['CreateTrail', 'UpdateTrail'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation: "Encrypt the trail's log files with a KMS key (aws cloudtrail update-trail --kms-key-id).",
  evaluate: cloudTrailEncryption,
};
