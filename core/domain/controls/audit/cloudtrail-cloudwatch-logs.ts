/**
 * `cloudtrail-cloudwatch-logs`: CloudTrail trails deliver their events to a CloudWatch Logs log group,
 * where metric filters and alarms can watch activity as it happens (S3 delivery alone is reviewed
 * after the fact). Judged from the trail's configuration item (`cloudWatchLogsLogGroupArn`, from
 * Config or from the sweep's cloudtrail collector, which writes DescribeTrails in Config's spelling)
 * and from CreateTrail / UpdateTrail calls that set it (an UpdateTrail that does not touch it says
 * nothing; one that sets it to "" stops the delivery).
 *
 * Test: test/core/domain/controls/audit/cloudtrail-cloudwatch-logs.test.ts
 * Fixtures: test/fixtures/events/config-ci-cloudtrail-trail.json
 */
import { str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { trailSetting } from '../evaluator-kit';

/** Judges `cloudtrail-cloudwatch-logs`: a verdict, or undefined when the facts do not bear on it. */
export const cloudTrailCloudWatchLogs: Evaluator = (facts) => {
  const s = trailSetting(facts, 'cloudWatchLogsLogGroupArn');
  if (!s) return undefined;
  const group = str(s.value);
  const logGroup = group?.match(/:log-group:([^:]+)/)?.[1] ?? group;
  return logGroup
    ? compliant(`trail delivers its events to CloudWatch Logs (log group ${logGroup})`)
    : nonCompliant('trail does not deliver its events to CloudWatch Logs');
};

/** `cloudtrail-cloudwatch-logs` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'cloudtrail-cloudwatch-logs',
  title: 'CloudTrail trails deliver to CloudWatch Logs',
  family: 'audit',
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  configRules: ['cloud-trail-cloud-watch-logs-enabled'],
  prowlerChecks: ['cloudtrail_cloudwatch_logging_enabled'],
  cloudTrailEvents: ['CreateTrail', 'UpdateTrail'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Send the trail to a log group (aws cloudtrail update-trail --cloud-watch-logs-log-group-arn ... --cloud-watch-logs-role-arn ...).',
  evaluate: cloudTrailCloudWatchLogs,
};
