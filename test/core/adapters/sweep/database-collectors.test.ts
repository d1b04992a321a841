import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { elasticacheCollector, redshiftCollector } from '../../../../core/adapters/sweep/databases';
import { rdsCollector } from '../../../../core/adapters/sweep/rds';
import {
  ACCOUNT_ID,
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  NO_DATABASES,
  PAGE,
  REGION,
  serveAccount,
} from '../../../helpers/fake-aws-account';
import { SWEEP_CTX, sweepVerdicts } from '../../../helpers/sweep-collector-test';

const ctx = SWEEP_CTX;

let account: FakeAccount;
let aws: FakeAws;
beforeEach(() => {
  account = healthyAccount();
  aws = serveAccount(account);
});
afterEach(() => {
  aws.restore();
});

const verdicts = sweepVerdicts;

const dbArn = (kind: string, id: string) => `arn:aws:rds:${REGION}:${ACCOUNT_ID}:${kind}:${id}`;

describe('database collectors', () => {
  it('RDS: DB instances and clusters over several pages, judged by their controls', async () => {
    // Prepare
    const good = {
      Engine: 'postgres',
      BackupRetentionPeriod: 7,
      MultiAZ: true,
      DeletionProtection: true,
      EnabledCloudwatchLogsExports: ['postgresql'],
      MonitoringInterval: 60,
      PubliclyAccessible: false,
      StorageEncrypted: true,
    };
    account.databases = {
      ...NO_DATABASES,
      rdsInstances: [
        ...Array.from({ length: PAGE }, (_, i) => ({
          ...good,
          DBInstanceIdentifier: `ehr-${i}`,
          DbiResourceId: `db-GOOD${i}`,
          DBInstanceArn: dbArn('db', `ehr-${i}`),
        })),
        {
          ...good,
          DBInstanceIdentifier: 'scratch',
          DbiResourceId: 'db-SCRATCH',
          DBInstanceArn: dbArn('db', 'scratch'),
          BackupRetentionPeriod: 0,
          MultiAZ: false,
          DeletionProtection: false,
          EnabledCloudwatchLogsExports: [],
          MonitoringInterval: 0,
          PubliclyAccessible: true,
          StorageEncrypted: false,
        },
      ],
      rdsClusters: [
        {
          DBClusterIdentifier: 'ehr-aurora',
          DbClusterResourceId: 'cluster-AURORA',
          DBClusterArn: dbArn('cluster', 'ehr-aurora'),
          Engine: 'aurora-postgresql',
          MultiAZ: false,
          DeletionProtection: true,
          EnabledCloudwatchLogsExports: ['postgresql'],
        },
      ],
    };
    // Act
    const r = await rdsCollector(aws.clients.rds).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    const all = (status: string) =>
      Object.fromEntries(
        [
          'rds-storage-encryption',
          'rds-instance-public',
          'rds-instance-backup',
          'rds-multi-az',
          'rds-deletion-protection',
          'rds-logging',
          'rds-enhanced-monitoring',
        ].map((id) => [id, status]),
      );
    expect(v['AWS::RDS::DBInstance:db-GOOD0']).toEqual(all('COMPLIANT'));
    expect(v['AWS::RDS::DBInstance:db-GOOD1']).toEqual(all('COMPLIANT'));
    expect(v['AWS::RDS::DBInstance:db-SCRATCH']).toEqual(all('NON_COMPLIANT'));
    expect(v['AWS::RDS::DBCluster:cluster-AURORA']).toEqual({
      'rds-multi-az': 'NON_COMPLIANT',
      'rds-deletion-protection': 'COMPLIANT',
      'rds-logging': 'COMPLIANT',
    });
    expect(aws.calls.filter((c) => c === 'rds:DescribeDBInstances')).toHaveLength(2);
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
    expect(r.accountIds).toContain(ACCOUNT_ID);
  });

  it('RDS: a denied instance list observes no instance and names the gap', async () => {
    // Prepare
    account.databases = {
      ...NO_DATABASES,
      rdsInstances: [{ DBInstanceIdentifier: 'ehr', DbiResourceId: 'db-X', BackupRetentionPeriod: 7 }],
    };
    account.denied.add('rds:DescribeDBInstances');
    // Act
    const r = await rdsCollector(aws.clients.rds).collect(ctx);
    // Assess
    expect(r.items.filter((i) => i.key.startsWith('AWS::RDS::DBInstance'))).toEqual([]);
    expect(r.apis.find((a) => a.api === 'rds:DescribeDBInstances')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException' },
    ]);
  });

  it('Redshift: clusters over several pages with their logging status and require_ssl', async () => {
    // Prepare
    const cluster = (id: string, group: string, over: object = {}) => ({
      ClusterIdentifier: id,
      Encrypted: true,
      PubliclyAccessible: false,
      AutomatedSnapshotRetentionPeriod: 1,
      ClusterParameterGroups: [{ ParameterGroupName: group }],
      ...over,
    });
    account.databases = {
      ...NO_DATABASES,
      redshiftClusters: [
        { cluster: cluster('claims-a', 'claims-tls'), logging: { LoggingEnabled: true } },
        { cluster: cluster('claims-b', 'claims-tls'), logging: { LoggingEnabled: true } },
        {
          cluster: cluster('open', 'default.redshift-1.0', {
            Encrypted: false,
            PubliclyAccessible: true,
            AutomatedSnapshotRetentionPeriod: 0,
          }),
          logging: { LoggingEnabled: false },
        },
      ],
      redshiftParameters: {
        'claims-tls': [
          { ParameterName: 'enable_user_activity_logging', ParameterValue: 'true' },
          { ParameterName: 'max_concurrency_scaling_clusters', ParameterValue: '1' },
          { ParameterName: 'require_ssl', ParameterValue: 'true' },
        ],
        'default.redshift-1.0': [{ ParameterName: 'require_ssl', ParameterValue: 'false' }],
      },
    };
    // Act
    const r = await redshiftCollector(aws.clients.redshift).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    const ids = [
      'redshift-backup',
      'redshift-cluster-encryption',
      'redshift-audit-logging',
      'redshift-cluster-public',
      'redshift-require-tls',
    ];
    const all = (status: string) => Object.fromEntries(ids.map((id) => [id, status]));
    expect(v['AWS::Redshift::Cluster:claims-a']).toEqual(all('COMPLIANT'));
    expect(v['AWS::Redshift::Cluster:claims-b']).toEqual(all('COMPLIANT'));
    expect(v['AWS::Redshift::Cluster:open']).toEqual(all('NON_COMPLIANT'));
    // a parameter group shared by two clusters is read once, every page of it
    expect(aws.calls.filter((c) => c === 'redshift:DescribeClusterParameters')).toHaveLength(3);
    expect(aws.calls.filter((c) => c === 'redshift:DescribeClusters')).toHaveLength(2);
  });

  it('Redshift: a failed logging read leaves that cluster’s logging unjudged and names it', async () => {
    // Prepare
    account.databases = {
      ...NO_DATABASES,
      redshiftClusters: [
        {
          cluster: { ClusterIdentifier: 'claims', Encrypted: true, ClusterParameterGroups: [] },
          logging: { LoggingEnabled: true },
        },
      ],
    };
    account.denied.add('redshift:DescribeLoggingStatus:claims');
    // Act
    const r = await redshiftCollector(aws.clients.redshift).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    expect(v['AWS::Redshift::Cluster:claims']).toEqual({ 'redshift-cluster-encryption': 'COMPLIANT' });
    expect(r.apis.find((a) => a.api === 'redshift:DescribeLoggingStatus')?.failures).toMatchObject([
      { resource: 'claims' },
    ]);
  });

  it('ElastiCache: replication groups and standalone clusters; a group’s nodes are left to the group', async () => {
    // Prepare
    account.databases = {
      ...NO_DATABASES,
      replicationGroups: [
        {
          ReplicationGroupId: 'session-cache',
          ARN: `arn:aws:elasticache:${REGION}:${ACCOUNT_ID}:replicationgroup:session-cache`,
          SnapshotRetentionLimit: 15,
          AtRestEncryptionEnabled: true,
          TransitEncryptionEnabled: true,
          TransitEncryptionMode: 'required',
        },
      ],
      cacheClusters: [
        { CacheClusterId: 'session-cache-001', ReplicationGroupId: 'session-cache', Engine: 'redis' },
        { CacheClusterId: 'session-cache-002', ReplicationGroupId: 'session-cache', Engine: 'redis' },
        { CacheClusterId: 'lookup', Engine: 'memcached', TransitEncryptionEnabled: false },
      ],
    };
    // Act
    const r = await elasticacheCollector(aws.clients.elasticache).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    expect(Object.keys(v).sort()).toEqual([
      'AWS::ElastiCache::CacheCluster:lookup',
      'AWS::ElastiCache::ReplicationGroup:session-cache',
    ]);
    expect(v['AWS::ElastiCache::ReplicationGroup:session-cache']).toEqual({
      'elasticache-redis-backup': 'COMPLIANT',
      'elasticache-encryption-at-rest': 'COMPLIANT',
      'elasticache-encryption-in-transit': 'COMPLIANT',
    });
    expect(v['AWS::ElastiCache::CacheCluster:lookup']).toEqual({
      'elasticache-encryption-at-rest': 'NON_COMPLIANT',
      'elasticache-encryption-in-transit': 'NON_COMPLIANT',
    });
    expect(aws.calls.filter((c) => c === 'elasticache:DescribeCacheClusters')).toHaveLength(2);
  });
});
