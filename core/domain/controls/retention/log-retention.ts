/**
 * `log-retention`: log groups keep events for six years or more (45 CFR 164.316(b)(2)(i)). Judged from
 * the log group's configuration item and from PutRetentionPolicy / DeleteRetentionPolicy calls.
 *
 * Test: test/core/domain/controls/retention/log-retention.test.ts
 * Fixtures: test/fixtures/events/config-ci-log-group.json, test/fixtures/events/ct-put-retention-policy.json,
 * test/fixtures/events/ct-delete-retention-policy.json
 */
import { field, num } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** Minimum CloudWatch Logs retention: six years, 45 CFR 164.316(b)(2)(i). */
export const MIN_RETENTION_DAYS = 2192;

function judgeRetention(days: number | undefined): Verdict {
  if (days === undefined) return compliant('events never expire');
  return days >= MIN_RETENTION_DAYS
    ? compliant(`events are kept ${days} days (at least ${MIN_RETENTION_DAYS})`)
    : nonCompliant(`events are kept only ${days} days; six years (${MIN_RETENTION_DAYS} days) are required`);
}

/** Judges `log-retention`: a verdict, or undefined when the facts do not bear on it. */
export const logRetention: Evaluator = (facts) => {
  const ci = onConfig('AWS::Logs::LogGroup', facts);
  if (ci) return judgeRetention(num(field(ci.configuration, 'retentionInDays')));
  const call = onCall(facts, 'PutRetentionPolicy', 'DeleteRetentionPolicy');
  if (!call) return undefined;
  if (call.eventName === 'DeleteRetentionPolicy')
    return compliant('retention policy removed: events never expire');
  return judgeRetention(num(field(call.requestParameters, 'retentionInDays')));
};

/** `log-retention` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'log-retention',
  title: 'Log groups keep events for six years or more',
  family: 'retention',
  citations: ['164.316(b)(2)(i)'],
  configRules: ['cw-loggroup-retention-period-check'],
  prowlerChecks: ['cloudwatch_log_group_retention_policy_specific_days_enabled'],
  cloudTrailEvents: ['PutRetentionPolicy', 'DeleteRetentionPolicy'],
  resourceTypes: ['AWS::Logs::LogGroup'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    "Set the log group's retention to six years (2192 days) or more (aws logs put-retention-policy).",
  evaluate: logRetention,
};
