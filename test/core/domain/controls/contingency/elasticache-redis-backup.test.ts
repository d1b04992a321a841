import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/contingency/elasticache-redis-backup';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import {
  elasticacheCall,
  groupMember,
  memcachedCluster,
  replicationGroup,
} from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

const GROUP = 'AWS::ElastiCache::ReplicationGroup';

describeControl(control, [
  {
    name: 'replication group CI keeping 15 days',
    observation: fromFacts(configFacts(GROUP, replicationGroup())),
    status: 'COMPLIANT',
  },
  {
    name: 'replication group CI keeping 7 days',
    observation: fromFacts(configFacts(GROUP, { ...replicationGroup(), snapshotRetentionLimit: 7 })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'standalone Redis cluster CI without backups',
    observation: fromFacts(
      configFacts('AWS::ElastiCache::CacheCluster', {
        cacheClusterId: 'solo',
        engine: 'redis',
        snapshotRetentionLimit: 0,
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyReplicationGroup turning backups off',
    observation: fromFacts(
      elasticacheCall('ModifyReplicationGroup', {
        replicationGroupId: 'session-cache',
        snapshotRetentionLimit: 0,
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateReplicationGroup keeping 35 days',
    observation: fromFacts(
      elasticacheCall('CreateReplicationGroup', {
        replicationGroupId: 'session-2',
        snapshotRetentionLimit: 35,
      }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('elasticache-redis-backup on facts that do not bear on it', () => {
  it.each([
    [
      'a node of a replication group (judged on the group)',
      configFacts('AWS::ElastiCache::CacheCluster', groupMember()),
    ],
    [
      'a Memcached cluster (no backups exist)',
      configFacts('AWS::ElastiCache::CacheCluster', memcachedCluster()),
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
