/**
 * `cloudwatch-security-alarms`: the account is alerted when the root user is used and when console
 * sign-ins fail: a metric filter on a log group a CloudTrail trail delivers to matches each pattern
 * (the CIS Benchmark's), and a CloudWatch alarm with an action watches the filter's metric. Judged per
 * account and region (the subject `AWS::CloudWatch::SecurityAlarms`, the sweep's own type named by the
 * account id: the filters and alarms are the region's, not one resource's) from the item the sweep's cloudwatch
 * collector writes: the trails' log groups (DescribeTrails), their metric filters
 * (DescribeMetricFilters) and the alarms on those filters' metrics (DescribeAlarms). Alarms on metric
 * math are not matched. The calls that change filters and alarms (PutMetricFilter, DeleteMetricFilter,
 * PutMetricAlarm, DeleteAlarms) are kept as activity: none alone says whether a pattern still has an
 * alarm with an action, which the next sweep does. The route table, network ACL, gateway and VPC change
 * alarms are not evaluated.
 *
 * Test: test/core/domain/controls/threat-detection/cloudwatch-security-alarms.test.ts
 * Fixtures: test/fixtures/controls/threat-detection.ts
 */
import { bool, field, list, num, str } from '../../facts-access';
import { activity, compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { SECURITY_ALARMS } from '../detection-sources';
import { onCall, onConfig } from '../evaluator-kit';

/** A pattern the account must alarm on: every regular expression must match the filter pattern. */
export interface WatchedPattern {
  name: string;
  tests: readonly RegExp[];
}

/** The CIS Benchmark's filters (CloudWatch 3.1 and 3.3 in v1.x), spacing and quoting aside. */
export const WATCHED_PATTERNS: readonly WatchedPattern[] = [
  {
    name: 'root account usage',
    tests: [
      /\$\.userIdentity\.type\s*=\s*"?Root"?/,
      /\$\.userIdentity\.invokedBy\s+NOT\s+EXISTS/,
      /\$\.eventType\s*!=\s*"?AwsServiceEvent"?/,
    ],
  },
  {
    name: 'console authentication failures',
    tests: [/\$\.eventName\s*=\s*"?ConsoleLogin"?/, /\$\.errorMessage\s*=\s*"?Failed authentication"?/],
  },
];

const metricKey = (namespace: unknown, name: unknown) => `${str(namespace)}/${str(name)}`;

/** True when an alarm on `metric` exists with its actions enabled and at least one alarm action. */
function alarmedWithAction(alarms: unknown[], metric: string): boolean {
  return alarms.some(
    (a) =>
      metricKey(field(a, 'namespace'), field(a, 'metricName')) === metric &&
      bool(field(a, 'actionsEnabled')) !== false &&
      (num(field(a, 'alarmActions')) ?? list(field(a, 'alarmActions')).length) > 0,
  );
}

/** The watched patterns that have no filter on a trail's log group with an alarm that acts. */
export function unwatched(configuration: Record<string, unknown>): string[] {
  const groups = new Set(list(field(configuration, 'cloudTrailLogGroups')).map((g) => str(g)));
  const filters = list(field(configuration, 'metricFilters')).filter((f) =>
    groups.has(str(field(f, 'logGroupName'))),
  );
  const alarms = list(field(configuration, 'alarms'));
  return WATCHED_PATTERNS.filter(
    (p) =>
      !filters.some((f) => {
        const pattern = str(field(f, 'filterPattern')) ?? '';
        if (!p.tests.every((t) => t.test(pattern))) return false;
        return list(field(f, 'metricTransformations')).some((m) =>
          alarmedWithAction(alarms, metricKey(field(m, 'metricNamespace'), field(m, 'metricName'))),
        );
      }),
  ).map((p) => p.name);
}

/** Judges `cloudwatch-security-alarms`: a verdict, or undefined when the facts do not bear on it. */
export const cloudwatchSecurityAlarms: Evaluator = (facts) => {
  const ci = onConfig(SECURITY_ALARMS.resourceTypes[0] ?? '', facts);
  if (ci) {
    if (list(field(ci.configuration, 'cloudTrailLogGroups')).length === 0)
      return nonCompliant(
        'no trail sends its events to CloudWatch Logs in this region: no alarm can watch them',
      );
    const missing = unwatched(ci.configuration);
    return missing.length === 0
      ? compliant(`alarms with actions watch ${WATCHED_PATTERNS.map((p) => p.name).join(' and ')}`)
      : nonCompliant(`no metric filter with an alarm that acts on ${missing.join(' or ')}`);
  }
  const call = onCall(facts, ...SECURITY_ALARMS.calls);
  if (!call || !SECURITY_ALARMS_SOURCES.has(`${call.eventSource} ${call.eventName}`)) return undefined;
  const what =
    str(field(call.requestParameters, 'filterName')) ??
    str(field(call.requestParameters, 'alarmName')) ??
    list(field(call.requestParameters, 'alarmNames'))
      .map((n) => str(n))
      .join(', ');
  return activity(
    `${call.eventName}${what ? ` (${what})` : ''}: the next sweep says whether the security alarms still act`,
  );
};

/** The calls by their services: PutMetricFilter and DeleteMetricFilter in Logs, the alarm calls in CloudWatch. */
const SECURITY_ALARMS_SOURCES = new Set([
  'logs.amazonaws.com PutMetricFilter',
  'logs.amazonaws.com DeleteMetricFilter',
  'monitoring.amazonaws.com PutMetricAlarm',
  'monitoring.amazonaws.com DeleteAlarms',
]);

/** `cloudwatch-security-alarms` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'cloudwatch-security-alarms',
  title: 'Alarms with actions watch root account use and console sign-in failures',
  family: 'threat-detection',
  citations: ['164.308(a)(1)(ii)(D)', '164.308(a)(5)(ii)(C)', '164.308(a)(6)(i)', '164.308(a)(6)(ii)'],
  // cloudwatch-alarm-action-check judges every alarm, not these two: it stays in the backlog
  configRules: [],
  prowlerChecks: [
    'cloudwatch_log_metric_filter_root_usage',
    'cloudwatch_log_metric_filter_authentication_failures',
  ],
  cloudTrailEvents: [...SECURITY_ALARMS.calls],
  resourceTypes: [...SECURITY_ALARMS.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    "Add metric filters for root use and failed console sign-ins on the trail's log group, with alarms that notify (SNS).",
  evaluate: cloudwatchSecurityAlarms,
};
