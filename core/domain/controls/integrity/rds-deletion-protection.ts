/**
 * `rds-deletion-protection`: RDS DB instances and DB clusters have deletion protection on, so the
 * database (and its ePHI) cannot be deleted by one mistaken or malicious call. Judged from the
 * configuration item's `deletionProtection` and from the create, modify and restore calls of instances
 * and clusters that set it. An Aurora instance is protected through its cluster and is judged there.
 *
 * Test: test/core/domain/controls/integrity/rds-deletion-protection.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { inDbCluster, RDS_CLUSTER, RDS_INSTANCE } from '../database-sources';
import { flagVerdict, resourceView } from '../setting-kit';

const PROTECTED = { safe: true, on: 'has deletion protection on', off: 'has deletion protection off' };

/** Judges `rds-deletion-protection`: a verdict, or undefined when the facts do not bear on it. */
export const rdsDeletionProtection: Evaluator = (facts) => {
  const cluster = resourceView(facts, RDS_CLUSTER);
  if (cluster)
    return flagVerdict(cluster, cluster.read('deletionProtection'), { ...PROTECTED, noun: 'DB cluster' });
  const instance = resourceView(facts, RDS_INSTANCE);
  if (!instance || inDbCluster(instance)) return undefined;
  return flagVerdict(instance, instance.read('deletionProtection'), { ...PROTECTED, noun: 'DB instance' });
};

/** `rds-deletion-protection` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'rds-deletion-protection',
  title: 'RDS DB instances and clusters have deletion protection',
  family: 'integrity',
  citations: ['164.312(c)(1)', '164.308(a)(7)(i)', '164.308(a)(7)(ii)(C)'],
  // the instance rule is not in the HIPAA pack; an account that deploys it has its verdicts mapped here
  configRules: ['rds-cluster-deletion-protection-enabled', 'rds-instance-deletion-protection-enabled'],
  cloudTrailEvents: [...RDS_INSTANCE.calls, ...RDS_CLUSTER.calls],
  resourceTypes: [...RDS_INSTANCE.resourceTypes, ...RDS_CLUSTER.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Turn on deletion protection (aws rds modify-db-instance / modify-db-cluster --deletion-protection).',
  evaluate: rdsDeletionProtection,
};
