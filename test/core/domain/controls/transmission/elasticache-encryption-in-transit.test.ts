import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/transmission/elasticache-encryption-in-transit';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { elasticacheCall, groupMember, replicationGroup } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

const GROUP = 'AWS::ElastiCache::ReplicationGroup';

describeControl(control, [
  {
    name: 'replication group CI requiring TLS',
    observation: fromFacts(configFacts(GROUP, replicationGroup())),
    status: 'COMPLIANT',
  },
  {
    name: 'replication group CI in "preferred" mode',
    observation: fromFacts(configFacts(GROUP, { ...replicationGroup(), transitEncryptionMode: 'preferred' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'replication group CI without in-transit encryption',
    observation: fromFacts(configFacts(GROUP, { ...replicationGroup(), transitEncryptionEnabled: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyReplicationGroup requiring TLS',
    observation: fromFacts(
      elasticacheCall('ModifyReplicationGroup', {
        replicationGroupId: 'session-cache',
        transitEncryptionEnabled: true,
        transitEncryptionMode: 'required',
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateReplicationGroup without in-transit encryption',
    observation: fromFacts(
      elasticacheCall('CreateReplicationGroup', {
        replicationGroupId: 'session-2',
        transitEncryptionEnabled: false,
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('elasticache-encryption-in-transit on facts that do not bear on it', () => {
  it.each([
    ['a node of a replication group', configFacts('AWS::ElastiCache::CacheCluster', groupMember())],
    [
      'a ModifyReplicationGroup that leaves encryption alone',
      elasticacheCall('ModifyReplicationGroup', {
        replicationGroupId: 'session-cache',
        snapshotRetentionLimit: 15,
      }),
    ],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
