/**
 * RDS instances and clusters, Redshift and ElastiCache in the fake account: the resources the database
 * collectors read (account.databases, in the SDK's own shapes), paged like the real APIs (Marker).
 * The RDS client is mocked once for the account (public-exposure.ts), so its stub is passed in.
 */
import {
  type CacheCluster,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import {
  type DBCluster,
  type DBInstance,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import {
  type Cluster,
  DescribeClusterParametersCommand,
  DescribeClustersCommand,
  DescribeLoggingStatusCommand,
  type LoggingStatus,
  type Parameter,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import type { FakeAccount } from './account';
import { awsError, page, type Serve } from './serve';

/** The database resources of the fake account; absent from the account: none. */
export interface FakeDatabases {
  rdsInstances: DBInstance[];
  rdsClusters: DBCluster[];
  /** each cluster with its logging status */
  redshiftClusters: { cluster: Cluster; logging: LoggingStatus }[];
  /** parameter group name -> its parameters */
  redshiftParameters: Record<string, Parameter[]>;
  replicationGroups: ReplicationGroup[];
  cacheClusters: CacheCluster[];
}

/** An account with none of the database resources (tests add the ones they need). */
export const NO_DATABASES: FakeDatabases = {
  rdsInstances: [],
  rdsClusters: [],
  redshiftClusters: [],
  redshiftParameters: {},
  replicationGroups: [],
  cacheClusters: [],
};

// biome-ignore lint/suspicious/noExplicitAny: aws-sdk-client-mock types a stub by its client's input and output unions
type RdsStub = AwsStub<any, any, RDSClient['config']>;

/** Serves account.databases: RDS through the account's RDS stub, Redshift and ElastiCache mocked here. */
export function serveDatabases(account: FakeAccount, serve: Serve, rds: RdsStub) {
  const x = () => account.databases ?? NO_DATABASES;
  rds.on(DescribeDBInstancesCommand).callsFake(
    serve('rds:DescribeDBInstances', (input: { Marker?: string }) => {
      const p = page(x().rdsInstances, input.Marker);
      return { DBInstances: p.items, ...(p.next ? { Marker: p.next } : {}) };
    }),
  );
  rds.on(DescribeDBClustersCommand).callsFake(
    serve('rds:DescribeDBClusters', (input: { Marker?: string }) => {
      const p = page(x().rdsClusters, input.Marker);
      return { DBClusters: p.items, ...(p.next ? { Marker: p.next } : {}) };
    }),
  );
  const redshift = mockClient(RedshiftClient);
  redshift.on(DescribeClustersCommand).callsFake(
    serve('redshift:DescribeClusters', (input: { Marker?: string }) => {
      const p = page(
        x().redshiftClusters.map((c) => c.cluster),
        input.Marker,
      );
      return { Clusters: p.items, ...(p.next ? { Marker: p.next } : {}) };
    }),
  );
  redshift.on(DescribeLoggingStatusCommand).callsFake(
    serve(
      'redshift:DescribeLoggingStatus',
      (input: { ClusterIdentifier: string }) => {
        const found = x().redshiftClusters.find(
          (c) => c.cluster.ClusterIdentifier === input.ClusterIdentifier,
        );
        if (!found) throw awsError('ClusterNotFoundFault', `Cluster ${input.ClusterIdentifier} not found`);
        return found.logging;
      },
      (input) => input.ClusterIdentifier,
    ),
  );
  redshift.on(DescribeClusterParametersCommand).callsFake(
    serve(
      'redshift:DescribeClusterParameters',
      (input: { ParameterGroupName: string; Marker?: string }) => {
        const all = x().redshiftParameters[input.ParameterGroupName];
        if (!all) throw awsError('ClusterParameterGroupNotFoundFault', 'Parameter group not found');
        const p = page(all, input.Marker);
        return { Parameters: p.items, ...(p.next ? { Marker: p.next } : {}) };
      },
      (input) => input.ParameterGroupName,
    ),
  );
  const elasticache = mockClient(ElastiCacheClient);
  elasticache.on(DescribeReplicationGroupsCommand).callsFake(
    serve('elasticache:DescribeReplicationGroups', (input: { Marker?: string }) => {
      const p = page(x().replicationGroups, input.Marker);
      return { ReplicationGroups: p.items, ...(p.next ? { Marker: p.next } : {}) };
    }),
  );
  elasticache.on(DescribeCacheClustersCommand).callsFake(
    serve('elasticache:DescribeCacheClusters', (input: { Marker?: string }) => {
      const p = page(x().cacheClusters, input.Marker);
      return { CacheClusters: p.items, ...(p.next ? { Marker: p.next } : {}) };
    }),
  );
  return [redshift, elasticache];
}
