import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/eks-secrets-encryption';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { eksCluster, STORE_KEY, storeCall } from '../../../../fixtures/controls/stores';
import { describeControl, fromFacts } from '../control-cases';

const SECRETS = [{ resources: ['secrets'], provider: { keyArn: STORE_KEY } }];

describeControl(control, [
  {
    name: 'cluster CI encrypting secrets',
    observation: fromFacts(configFacts('AWS::EKS::Cluster', eksCluster())),
    status: 'COMPLIANT',
  },
  {
    name: 'cluster CI without encryption config',
    observation: fromFacts(configFacts('AWS::EKS::Cluster', { ...eksCluster(), EncryptionConfig: [] })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateCluster with secrets encryption',
    observation: fromFacts(
      storeCall('eks', 'CreateCluster', { name: 'clinic-apps', version: '1.31', encryptionConfig: SECRETS }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateCluster without encryption config',
    observation: fromFacts(storeCall('eks', 'CreateCluster', { name: 'scratch', version: '1.31' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'AssociateEncryptionConfig for secrets',
    observation: fromFacts(
      storeCall('eks', 'AssociateEncryptionConfig', { clusterName: 'scratch', encryptionConfig: SECRETS }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('eks-secrets-encryption on facts that do not bear on it', () => {
  it.each([
    [
      'a Redshift CreateCluster',
      storeCall('redshift', 'CreateCluster', { clusterIdentifier: 'x', encrypted: true }),
    ],
    ['an ECS CreateCluster', storeCall('ecs', 'CreateCluster', { clusterName: 'x' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
