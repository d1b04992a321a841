import { describe, expect, it } from 'vitest';
import { assess } from '../../../../core/domain/catalog';
import { parseEvent } from '../../../../core/domain/normalize';
import { observe } from '../../../fixtures/builders';
import { serviceCall } from '../../../fixtures/service-call';

const call = serviceCall;

describe('database calls are filed under the resource Config names', () => {
  it.each([
    [
      call(
        'rds.amazonaws.com',
        'ModifyDBCluster',
        { dBClusterIdentifier: 'ehr-aurora', deletionProtection: false },
        {
          dBClusterArn: 'arn:aws:rds:us-east-1:111122223333:cluster:ehr-aurora',
          dbClusterResourceId: 'cluster-7HQX2M4KJ9PL3RWT5ZNB6VYC',
        },
      ),
      'AWS::RDS::DBCluster',
      'cluster-7HQX2M4KJ9PL3RWT5ZNB6VYC',
      'arn:aws:rds:us-east-1:111122223333:cluster:ehr-aurora',
    ],
    [
      call(
        'rds.amazonaws.com',
        'RestoreDBInstanceToPointInTime',
        {
          sourceDBInstanceIdentifier: 'ehr-primary',
          targetDBInstanceIdentifier: 'ehr-restored',
        },
        { backupRetentionPeriod: 7 },
      ),
      'AWS::RDS::DBInstance',
      'ehr-restored',
      'arn:aws:rds:us-east-1:111122223333:db:ehr-restored',
    ],
    [
      call('redshift.amazonaws.com', 'ModifyCluster', {
        clusterIdentifier: 'claims-warehouse',
        publiclyAccessible: true,
      }),
      'AWS::Redshift::Cluster',
      'claims-warehouse',
      'arn:aws:redshift:us-east-1:111122223333:cluster:claims-warehouse',
    ],
    [
      call('redshift.amazonaws.com', 'DisableLogging', { clusterIdentifier: 'claims-warehouse' }),
      'AWS::Redshift::Cluster',
      'claims-warehouse',
      'arn:aws:redshift:us-east-1:111122223333:cluster:claims-warehouse',
    ],
    [
      call('redshift.amazonaws.com', 'ModifyClusterParameterGroup', {
        parameterGroupName: 'claims-tls',
        parameters: [{ parameterName: 'require_ssl', parameterValue: 'false' }],
      }),
      'AWS::Redshift::ClusterParameterGroup',
      'claims-tls',
      'arn:aws:redshift:us-east-1:111122223333:parametergroup:claims-tls',
    ],
    [
      call('elasticache.amazonaws.com', 'ModifyReplicationGroup', {
        replicationGroupId: 'session-cache',
        snapshotRetentionLimit: 0,
      }),
      'AWS::ElastiCache::ReplicationGroup',
      'session-cache',
      'arn:aws:elasticache:us-east-1:111122223333:replicationgroup:session-cache',
    ],
    [
      call('elasticache.amazonaws.com', 'CreateCacheCluster', {
        cacheClusterId: 'solo',
        engine: 'redis',
        snapshotRetentionLimit: 1,
      }),
      'AWS::ElastiCache::CacheCluster',
      'solo',
      'arn:aws:elasticache:us-east-1:111122223333:cluster:solo',
    ],
  ])('files call %# under its resource, as Config names it', (raw, resourceType, resourceId, arn) => {
    // Prepare / Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ resourceType, resourceId, arn });
    expect(assess(obs).length).toBeGreaterThan(0);
  });

  it('ignores a CreateCluster of another service instead of quarantining it', () => {
    // Prepare
    // (EKS's CreateCluster is judged by eks-secrets-encryption: store-subjects.test.ts)
    const raw = call('ecs.amazonaws.com', 'CreateCluster', { clusterName: 'workers' });
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toMatchObject({ kind: 'ignored' });
  });
});
