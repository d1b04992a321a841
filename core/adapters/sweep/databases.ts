/**
 * The database resources the contingency, integrity, audit, exposure and encryption controls judge,
 * read from their own services: RDS DB instances and DB clusters (for the rds collector), Redshift
 * clusters with their logging status and require_ssl parameter, ElastiCache replication groups and
 * standalone cache clusters. Each becomes a configuration item in Config's spelling (the Describe*
 * answer's members with a lower-case first letter), keyed as Config keys it: an RDS instance or cluster
 * by its resource id (db-..., cluster-...), the rest by their identifiers, all with their ARNs.
 */
import {
  type ElastiCacheClient,
  paginateDescribeCacheClusters,
  paginateDescribeReplicationGroups,
} from '@aws-sdk/client-elasticache';
import { paginateDescribeDBClusters, paginateDescribeDBInstances, type RDSClient } from '@aws-sdk/client-rds';
import {
  DescribeLoggingStatusCommand,
  paginateDescribeClusterParameters,
  paginateDescribeClusters,
  type RedshiftClient,
} from '@aws-sdk/client-redshift';
import { partitionOf } from '../../domain/arn';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, configCase, configurationItem } from './calls';

/** Only the members the controls read (and those naming the resource): an item stays small. */
function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) if (keys.includes(k) && v !== undefined) out[k] = v;
  return configCase(out) as Record<string, unknown>;
}

/** A configuration item of a database resource, with its account when its ARN names one. */
function databaseItem(
  ctx: SweepContext,
  api: string,
  resource: {
    type: string;
    id: string;
    name: string;
    arn?: string;
    configuration: Record<string, unknown>;
  } & {
    supplementaryConfiguration?: Record<string, unknown>;
  },
): SweepItem {
  const accountId = accountOfArn(resource.arn);
  return configurationItem(ctx, api, { ...resource, ...(accountId ? { accountId } : {}) });
}

/** The items of every listed resource, from every page, that `toItem` makes one of (undefined: none). */
function itemsFrom<P, R>(
  pages: P[] | undefined,
  listOf: (page: P) => R[] | undefined,
  toItem: (resource: R) => SweepItem | undefined,
): SweepItem[] {
  return (pages ?? []).flatMap((p) => (listOf(p) ?? []).flatMap((r) => toItem(r) ?? []));
}

const RDS_INSTANCE_KEYS = [
  'DBInstanceIdentifier',
  'DBInstanceArn',
  'DbiResourceId',
  'Engine',
  'DBInstanceStatus',
  'DBClusterIdentifier',
  'ReadReplicaSourceDBInstanceIdentifier',
  'BackupRetentionPeriod',
  'MultiAZ',
  'DeletionProtection',
  'EnabledCloudwatchLogsExports',
  'MonitoringInterval',
  'PubliclyAccessible',
  'StorageEncrypted',
  'KmsKeyId',
] as const;

const RDS_CLUSTER_KEYS = [
  'DBClusterIdentifier',
  'DBClusterArn',
  'DbClusterResourceId',
  'Engine',
  'Status',
  'BackupRetentionPeriod',
  'MultiAZ',
  'DeletionProtection',
  'EnabledCloudwatchLogsExports',
  'StorageEncrypted',
  'KmsKeyId',
] as const;

/** RDS DB instances and DB clusters, every page of each, for the rds collector. */
export async function rdsDatabaseItems(
  client: RDSClient,
  ctx: SweepContext,
  log: ApiLog,
): Promise<{ items: SweepItem[]; accountIds: string[] }> {
  const instancePages = await log.pages('rds:DescribeDBInstances', () =>
    paginateDescribeDBInstances({ client }, {}),
  );
  const clusterPages = await log.pages('rds:DescribeDBClusters', () =>
    paginateDescribeDBClusters({ client }, {}),
  );
  const items = [
    ...itemsFrom(
      instancePages,
      (p) => p.DBInstances,
      (db) =>
        db.DBInstanceIdentifier
          ? databaseItem(ctx, 'rds:DescribeDBInstances', {
              type: 'AWS::RDS::DBInstance',
              id: db.DbiResourceId ?? db.DBInstanceIdentifier,
              name: db.DBInstanceIdentifier,
              ...(db.DBInstanceArn ? { arn: db.DBInstanceArn } : {}),
              configuration: pick(db, RDS_INSTANCE_KEYS),
            })
          : undefined,
    ),
    ...itemsFrom(
      clusterPages,
      (p) => p.DBClusters,
      (c) =>
        c.DBClusterIdentifier
          ? databaseItem(ctx, 'rds:DescribeDBClusters', {
              type: 'AWS::RDS::DBCluster',
              id: c.DbClusterResourceId ?? c.DBClusterIdentifier,
              name: c.DBClusterIdentifier,
              ...(c.DBClusterArn ? { arn: c.DBClusterArn } : {}),
              configuration: pick(c, RDS_CLUSTER_KEYS),
            })
          : undefined,
    ),
  ];
  return { items, accountIds: accountIdsOf(items) };
}

const accountIdsOf = (items: SweepItem[]): string[] =>
  items.flatMap((i) => {
    const id = i.detail.kind === 'configuration-item' ? i.detail.item.accountId : undefined;
    return typeof id === 'string' ? [id] : [];
  });

const REDSHIFT_CLUSTER_KEYS = [
  'ClusterIdentifier',
  'ClusterNamespaceArn',
  'ClusterStatus',
  'NodeType',
  'Encrypted',
  'KmsKeyId',
  'PubliclyAccessible',
  'AutomatedSnapshotRetentionPeriod',
  'ClusterParameterGroups',
] as const;

/** The parameter redshift-require-tls reads from a cluster's parameter group. */
const REQUIRE_SSL = 'require_ssl';

/**
 * Redshift: every provisioned cluster (paginated), with DescribeLoggingStatus's answer as supplementary
 * `LoggingStatus` and its parameter group's require_ssl (DescribeClusterParameters, every page, read
 * once per group) as supplementary `ClusterParameters`. A read that fails leaves that part out (the
 * gap names the cluster or group); the cluster's own settings are still observed.
 */
export function redshiftCollector(client: RedshiftClient): SweepCollector {
  return {
    service: 'redshift',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('redshift:DescribeClusters', () =>
        paginateDescribeClusters({ client }, {}),
      );
      log.reached('redshift:DescribeLoggingStatus');
      log.reached('redshift:DescribeClusterParameters');
      const clusters = (pages ?? []).flatMap((p) => p.Clusters ?? []);
      const parameters = new Map<string, Promise<unknown[] | undefined>>();
      const requireSslOf = (group: string) => {
        let read = parameters.get(group);
        if (!read) {
          read = log
            .pages('redshift:DescribeClusterParameters', () =>
              paginateDescribeClusterParameters({ client }, { ParameterGroupName: group }),
            )
            .then((ps) =>
              ps?.flatMap((p) => (p.Parameters ?? []).filter((x) => x.ParameterName === REQUIRE_SSL)),
            );
          parameters.set(group, read);
        }
        return read;
      };
      const items = await mapLimit(clusters, ctx.concurrency, async (c): Promise<SweepItem[]> => {
        const id = c.ClusterIdentifier;
        if (!id) return [];
        const logging = await log.get(
          'redshift:DescribeLoggingStatus',
          () => client.send(new DescribeLoggingStatusCommand({ ClusterIdentifier: id })),
          id,
        );
        const group = c.ClusterParameterGroups?.[0]?.ParameterGroupName;
        const requireSsl = group ? await requireSslOf(group) : undefined;
        // DescribeClusters names no cluster ARN; the one CloudTrail calls are filed under is built
        const arn = ctx.accountId
          ? `arn:${partitionOf(ctx.region)}:redshift:${ctx.region}:${ctx.accountId}:cluster:${id}`
          : undefined;
        return [
          databaseItem(ctx, 'redshift:DescribeClusters', {
            type: 'AWS::Redshift::Cluster',
            id,
            name: id,
            ...(arn ? { arn } : {}),
            configuration: pick(c, REDSHIFT_CLUSTER_KEYS),
            supplementaryConfiguration: {
              ...(logging ? { LoggingStatus: configCase(logging) } : {}),
              ...(requireSsl ? { ClusterParameters: configCase(requireSsl) } : {}),
            },
          }),
        ];
      });
      const all = items.flat();
      return { items: all, apis: log.results(), accountIds: accountIdsOf(all) };
    },
  };
}

const ELASTICACHE_KEYS = [
  'ReplicationGroupId',
  'CacheClusterId',
  'ARN',
  'Status',
  'CacheClusterStatus',
  'Engine',
  'SnapshotRetentionLimit',
  'AtRestEncryptionEnabled',
  'TransitEncryptionEnabled',
  'TransitEncryptionMode',
  'MultiAZ',
] as const;

/**
 * ElastiCache: every replication group and every cache cluster outside one (a group's nodes are
 * judged on their group), paginated.
 */
export function elasticacheCollector(client: ElastiCacheClient): SweepCollector {
  return {
    service: 'elasticache',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const groups = await log.pages('elasticache:DescribeReplicationGroups', () =>
        paginateDescribeReplicationGroups({ client }, {}),
      );
      const clusters = await log.pages('elasticache:DescribeCacheClusters', () =>
        paginateDescribeCacheClusters({ client }, {}),
      );
      const items = [
        ...itemsFrom(
          groups,
          (p) => p.ReplicationGroups,
          (g) =>
            g.ReplicationGroupId
              ? databaseItem(ctx, 'elasticache:DescribeReplicationGroups', {
                  type: 'AWS::ElastiCache::ReplicationGroup',
                  id: g.ReplicationGroupId,
                  name: g.ReplicationGroupId,
                  ...(g.ARN ? { arn: g.ARN } : {}),
                  configuration: pick(g, ELASTICACHE_KEYS),
                })
              : undefined,
        ),
        ...itemsFrom(
          clusters,
          (p) => p.CacheClusters,
          (c) =>
            c.CacheClusterId && !c.ReplicationGroupId
              ? databaseItem(ctx, 'elasticache:DescribeCacheClusters', {
                  type: 'AWS::ElastiCache::CacheCluster',
                  id: c.CacheClusterId,
                  name: c.CacheClusterId,
                  ...(c.ARN ? { arn: c.ARN } : {}),
                  configuration: pick(c, ELASTICACHE_KEYS),
                })
              : undefined,
        ),
      ];
      return { items, apis: log.results(), accountIds: accountIdsOf(items) };
    },
  };
}
