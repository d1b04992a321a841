import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/contingency/redshift-backup';
import { apiCallFacts, configFacts, observationOf } from '../../../../fixtures/builders';
import { redshiftCall, redshiftCluster } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'cluster CI keeping 1 day of automated snapshots',
    observation: fromFacts(configFacts('AWS::Redshift::Cluster', redshiftCluster())),
    status: 'COMPLIANT',
  },
  {
    name: 'cluster CI with automated snapshots off',
    observation: fromFacts(
      configFacts('AWS::Redshift::Cluster', { ...redshiftCluster(), automatedSnapshotRetentionPeriod: 0 }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyCluster turning automated snapshots off',
    observation: fromFacts(
      redshiftCall('ModifyCluster', {
        clusterIdentifier: 'claims-warehouse',
        automatedSnapshotRetentionPeriod: 0,
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateCluster keeping 7 days',
    observation: fromFacts(
      redshiftCall('CreateCluster', { clusterIdentifier: 'claims-2', automatedSnapshotRetentionPeriod: 7 }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('redshift-backup on facts that do not bear on it', () => {
  it('says nothing about an EKS CreateCluster', () => {
    // Prepare
    const obs = observationOf(
      apiCallFacts('CreateCluster', { eventSource: 'eks.amazonaws.com', requestParameters: { name: 'k8s' } }),
    );
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
