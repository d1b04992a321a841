/**
 * `redshift-audit-logging`: Redshift clusters have audit logging on (connection, user and user-activity
 * logs delivered to S3 or CloudWatch Logs). Judged from the cluster's configuration item, whose
 * supplementary `LoggingStatus` holds DescribeLoggingStatus's answer (the sweep's redshift collector
 * writes it there), and from EnableLogging / DisableLogging calls (the response's `loggingEnabled`,
 * else the call itself).
 *
 * Test: test/core/domain/controls/audit/redshift-audit-logging.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { bool, field } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { REDSHIFT_CLUSTER } from '../database-sources';
import { onCall, onConfig } from '../evaluator-kit';

const verdictOf = (enabled: boolean, prefix: string): Verdict =>
  enabled
    ? compliant(`${prefix}the Redshift cluster has audit logging on`)
    : nonCompliant(`${prefix}the Redshift cluster has audit logging off`);

/** Judges `redshift-audit-logging`: a verdict, or undefined when the facts do not bear on it. */
export const redshiftAuditLogging: Evaluator = (facts) => {
  const ci = onConfig('AWS::Redshift::Cluster', facts);
  if (ci) {
    const enabled = bool(field(ci.supplementaryConfiguration, 'LoggingStatus', 'loggingEnabled'));
    return enabled === undefined ? undefined : verdictOf(enabled, '');
  }
  const call = onCall(facts, 'EnableLogging', 'DisableLogging');
  if (!call || call.eventSource !== REDSHIFT_CLUSTER.eventSource) return undefined;
  const reported = bool(field(call.responseElements, 'loggingEnabled'));
  return verdictOf(reported ?? call.eventName === 'EnableLogging', `${call.eventName}: `);
};

/** `redshift-audit-logging` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'redshift-audit-logging',
  title: 'Redshift clusters have audit logging on',
  family: 'audit',
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  // the rule also requires encryption: redshift-cluster-encryption names it too
  configRules: ['redshift-cluster-configuration-check'],
  prowlerChecks: ['redshift_cluster_audit_logging'],
  cloudTrailEvents: ['EnableLogging', 'DisableLogging'],
  resourceTypes: [...REDSHIFT_CLUSTER.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 'redshift:DescribeLoggingStatus', scope: 'redshiftClusters' }],
  remediation:
    'Turn on audit logging (aws redshift enable-logging --log-destination-type cloudwatch --log-exports connectionlog useractivitylog userlog).',
  evaluate: redshiftAuditLogging,
};
