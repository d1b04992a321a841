/**
 * `rds-multi-az`: RDS DB instances and DB clusters run across Availability Zones, so a zone outage
 * fails over instead of taking the database down. Judged from the configuration item's `multiAZ`
 * (DB instance or DB cluster) and from the DB instance calls that set it. An Aurora instance's
 * placement is its cluster's and is judged there. Cluster calls are not judged: an Aurora cluster
 * becomes Multi-AZ by gaining readers in other zones, which no cluster call reports.
 *
 * Test: test/core/domain/controls/contingency/rds-multi-az.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { inDbCluster, RDS_CLUSTER, RDS_INSTANCE } from '../database-sources';
import { flagVerdict, resourceView } from '../setting-kit';

const SPAN = {
  safe: true,
  on: 'spans Availability Zones (Multi-AZ)',
  off: 'runs in a single Availability Zone',
};

/** Judges `rds-multi-az`: a verdict, or undefined when the facts do not bear on it. */
export const rdsMultiAz: Evaluator = (facts) => {
  const cluster = resourceView(facts, RDS_CLUSTER);
  if (cluster?.via === 'config')
    return flagVerdict(cluster, cluster.read('multiAZ'), { ...SPAN, noun: 'DB cluster' });
  const instance = resourceView(facts, RDS_INSTANCE);
  if (!instance || inDbCluster(instance)) return undefined;
  return flagVerdict(instance, instance.read('multiAZ'), { ...SPAN, noun: 'DB instance' });
};

/** `rds-multi-az` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'rds-multi-az',
  title: 'RDS DB instances and clusters are Multi-AZ',
  family: 'contingency',
  citations: ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(B)', '164.308(a)(7)(ii)(C)'],
  configRules: ['rds-multi-az-support', 'rds-cluster-multi-az-enabled'],
  prowlerChecks: ['rds_instance_multi_az'],
  cloudTrailEvents: [...RDS_INSTANCE.calls],
  resourceTypes: [...RDS_INSTANCE.resourceTypes, ...RDS_CLUSTER.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Convert the instance to Multi-AZ (aws rds modify-db-instance --multi-az), or add an Aurora reader in another zone.',
  evaluate: rdsMultiAz,
};
