import { control } from '../../../../../core/domain/controls/encryption-at-rest/elasticache-encryption-at-rest';
import { configFacts } from '../../../../fixtures/builders';
import { elasticacheCall, memcachedCluster, replicationGroup } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'replication group CI encrypted at rest',
    observation: fromFacts(configFacts('AWS::ElastiCache::ReplicationGroup', replicationGroup())),
    status: 'COMPLIANT',
  },
  {
    name: 'Memcached cluster CI (no encryption at rest recorded)',
    observation: fromFacts(configFacts('AWS::ElastiCache::CacheCluster', memcachedCluster())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateReplicationGroup without encryption at rest',
    observation: fromFacts(
      elasticacheCall('CreateReplicationGroup', {
        replicationGroupId: 'session-2',
        atRestEncryptionEnabled: false,
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateCacheCluster whose response reports encryption at rest',
    observation: fromFacts(
      elasticacheCall(
        'CreateCacheCluster',
        { cacheClusterId: 'solo', engine: 'redis' },
        { atRestEncryptionEnabled: true },
      ),
    ),
    status: 'COMPLIANT',
  },
]);
