/**
 * `rds-enhanced-monitoring`: RDS DB instances have Enhanced Monitoring on (operating-system metrics
 * every 1 to 60 seconds), the activity record rds-enhanced-monitoring-enabled asks for. Judged from the
 * instance's configuration item (`monitoringInterval` above 0) and from the calls that set it.
 *
 * Test: test/core/domain/controls/audit/rds-enhanced-monitoring.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { num } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { RDS_INSTANCE } from '../database-sources';
import { resourceView, subjectOf } from '../setting-kit';

/** Judges `rds-enhanced-monitoring`: a verdict, or undefined when the facts do not bear on it. */
export const rdsEnhancedMonitoring: Evaluator = (facts) => {
  const view = resourceView(facts, RDS_INSTANCE);
  if (!view) return undefined;
  const seconds = num(view.read('monitoringInterval'));
  // Config records an instance without Enhanced Monitoring with interval 0; a call may leave it out
  if (seconds === undefined) return undefined;
  const who = subjectOf(view, 'DB instance');
  return seconds > 0
    ? compliant(`${who} has Enhanced Monitoring every ${seconds} seconds`)
    : nonCompliant(`${who} has Enhanced Monitoring off`);
};

/** `rds-enhanced-monitoring` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'rds-enhanced-monitoring',
  title: 'RDS DB instances have Enhanced Monitoring',
  family: 'audit',
  citations: ['164.312(b)'],
  configRules: ['rds-enhanced-monitoring-enabled'],
  cloudTrailEvents: [...RDS_INSTANCE.calls],
  resourceTypes: [...RDS_INSTANCE.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Turn on Enhanced Monitoring (aws rds modify-db-instance --monitoring-interval 60 --monitoring-role-arn ...).',
  evaluate: rdsEnhancedMonitoring,
};
