/**
 * `redshift-cluster-public`: Redshift clusters are not publicly accessible (no public endpoint
 * reachable from outside the VPC). Judged from the cluster's configuration item (`publiclyAccessible`)
 * and from CreateCluster / ModifyCluster / RestoreFromClusterSnapshot calls that set it.
 *
 * Test: test/core/domain/controls/public-exposure/redshift-cluster-public.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { REDSHIFT_CLUSTER } from '../database-sources';
import { flagVerdict, resourceView } from '../setting-kit';

/** Judges `redshift-cluster-public`: a verdict, or undefined when the facts do not bear on it. */
export const redshiftClusterPublic: Evaluator = (facts) => {
  const view = resourceView(facts, REDSHIFT_CLUSTER);
  if (!view) return undefined;
  return flagVerdict(view, view.read('publiclyAccessible'), {
    noun: 'Redshift cluster',
    safe: false,
    on: 'is publicly accessible',
    off: 'is not publicly accessible',
  });
};

/** `redshift-cluster-public` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'redshift-cluster-public',
  title: 'Redshift clusters are not publicly accessible',
  family: 'public-exposure',
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  configRules: ['redshift-cluster-public-access-check'],
  prowlerChecks: ['redshift_cluster_public_access'],
  cloudTrailEvents: [...REDSHIFT_CLUSTER.calls],
  resourceTypes: [...REDSHIFT_CLUSTER.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation: 'Make the cluster private (aws redshift modify-cluster --no-publicly-accessible).',
  evaluate: redshiftClusterPublic,
};
