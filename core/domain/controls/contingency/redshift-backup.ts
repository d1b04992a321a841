/**
 * `redshift-backup`: Redshift clusters take automated snapshots (a retention period of at least one
 * day). Judged from the cluster's configuration item (`automatedSnapshotRetentionPeriod`) and from
 * CreateCluster / ModifyCluster / RestoreFromClusterSnapshot calls that set it (request, else the
 * response's resulting cluster).
 *
 * Test: test/core/domain/controls/contingency/redshift-backup.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { REDSHIFT_CLUSTER } from '../database-sources';
import { resourceView, retentionVerdict } from '../setting-kit';

/** Judges `redshift-backup`: a verdict, or undefined when the facts do not bear on it. */
export const redshiftBackup: Evaluator = (facts) => {
  const view = resourceView(facts, REDSHIFT_CLUSTER);
  if (!view) return undefined;
  return retentionVerdict(view, view.read('automatedSnapshotRetentionPeriod'), {
    noun: 'Redshift cluster',
    what: 'automated snapshots',
    minDays: 1,
  });
};

/** `redshift-backup` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'redshift-backup',
  title: 'Redshift clusters take automated snapshots',
  family: 'contingency',
  citations: ['164.308(a)(7)(ii)(A)', '164.310(d)(2)(iv)', '164.308(a)(7)(i)', '164.308(a)(7)(ii)(B)'],
  configRules: ['redshift-backup-enabled'],
  prowlerChecks: ['redshift_cluster_automated_snapshot'],
  cloudTrailEvents: [...REDSHIFT_CLUSTER.calls],
  resourceTypes: [...REDSHIFT_CLUSTER.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Set an automated snapshot retention period (aws redshift modify-cluster --automated-snapshot-retention-period 7).',
  evaluate: redshiftBackup,
};
