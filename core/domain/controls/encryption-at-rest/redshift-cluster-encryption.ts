/**
 * `redshift-cluster-encryption`: Redshift clusters encrypt their data at rest. Judged from the
 * cluster's configuration item (`encrypted`) and from CreateCluster / ModifyCluster /
 * RestoreFromClusterSnapshot calls that set it.
 *
 * redshift-cluster-configuration-check judges encryption and audit logging together; its verdicts
 * are mapped to this control and to redshift-audit-logging alike (each control's own evaluation of
 * the cluster says which of the two failed).
 *
 * Test: test/core/domain/controls/encryption-at-rest/redshift-cluster-encryption.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { REDSHIFT_CLUSTER } from '../database-sources';
import { flagVerdict, resourceView } from '../setting-kit';

/** Judges `redshift-cluster-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const redshiftClusterEncryption: Evaluator = (facts) => {
  const view = resourceView(facts, REDSHIFT_CLUSTER);
  if (!view) return undefined;
  return flagVerdict(view, view.read('encrypted'), {
    noun: 'Redshift cluster',
    safe: true,
    on: 'is encrypted at rest',
    off: 'is not encrypted at rest',
  });
};

/** `redshift-cluster-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'redshift-cluster-encryption',
  title: 'Redshift clusters are encrypted at rest',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['redshift-cluster-configuration-check'],
  cloudTrailEvents: [...REDSHIFT_CLUSTER.calls],
  resourceTypes: [...REDSHIFT_CLUSTER.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Encrypt the cluster with a KMS key (aws redshift modify-cluster --encrypted --kms-key-id ...).',
  evaluate: redshiftClusterEncryption,
};
