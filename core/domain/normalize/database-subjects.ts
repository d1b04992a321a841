/**
 * The subjects of the database calls the RDS cluster, Redshift and ElastiCache controls judge
 * (core/domain/controls/database-sources.ts), named as AWS Config names the resources so that calls,
 * Config items and the sweep's items of one resource share a subject (its ARN keys it).
 */
import type { CloudTrailRecord, Subject } from '../../../evidence-schemas';
import { partitionOf } from '../arn';
import { ELASTICACHE, RDS_CLUSTER, RDS_INSTANCE, REDSHIFT_CLUSTER } from '../controls/database-sources';
import { field, str } from '../facts-access';
import { makeSubject } from './subject';

const REDSHIFT_PARAMETER_GROUP_CALLS = ['ModifyClusterParameterGroup', 'ResetClusterParameterGroup'];
const REDSHIFT_LOGGING_CALLS = ['EnableLogging', 'DisableLogging'];

/**
 * The service each database call is judged from. Some names recur in other services (CreateCluster in
 * EKS, ECS and MSK; EnableLogging elsewhere): those calls bear on no database control.
 */
export const DATABASE_EVENT_SOURCES: ReadonlyMap<string, string> = new Map([
  ...[RDS_INSTANCE, RDS_CLUSTER, REDSHIFT_CLUSTER, ELASTICACHE].flatMap((s) =>
    s.calls.map((name) => [name, s.eventSource] as const),
  ),
  ...[...REDSHIFT_PARAMETER_GROUP_CALLS, ...REDSHIFT_LOGGING_CALLS].map(
    (name) => [name, REDSHIFT_CLUSTER.eventSource] as const,
  ),
]);

/** True when the call's name is a database call's but another service made it. */
export function fromAnotherService(r: CloudTrailRecord): boolean {
  const source = DATABASE_EVENT_SOURCES.get(r.eventName);
  return source !== undefined && source !== r.eventSource;
}

/**
 * The resource a database call acts on, or undefined for other calls. RDS instance calls other than
 * restores are named by core/domain/normalize/cloudtrail.ts.
 */
export function databaseSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  if (fromAnotherService(r)) return undefined;
  const req = r.requestParameters ?? {};
  const res = r.responseElements ?? {};
  const region = r.awsRegion;
  const arnOf = (service: string, kind: string, name: string) =>
    `arn:${partitionOf(region)}:${service}:${region}:${account}:${kind}:${name}`;
  const name = (...keys: string[]) => keys.map((k) => str(field(req, k))).find((v) => v !== undefined);
  if (RDS_CLUSTER.calls.includes(r.eventName)) {
    const id = name('dBClusterIdentifier');
    if (!id) return undefined;
    // Config names a DB cluster by its DbClusterResourceId; the ARN (which keys the subject) is shared
    const arn = str(field(res, 'dBClusterArn')) ?? arnOf('rds', 'cluster', id);
    return makeSubject(
      account,
      region,
      'AWS::RDS::DBCluster',
      str(field(res, 'dbClusterResourceId')) ?? id,
      arn,
    );
  }
  if ([...REDSHIFT_CLUSTER.calls, ...REDSHIFT_LOGGING_CALLS].includes(r.eventName)) {
    const id = name('clusterIdentifier');
    return id
      ? makeSubject(account, region, 'AWS::Redshift::Cluster', id, arnOf('redshift', 'cluster', id))
      : undefined;
  }
  if (REDSHIFT_PARAMETER_GROUP_CALLS.includes(r.eventName)) {
    const id = name('parameterGroupName');
    return id
      ? makeSubject(
          account,
          region,
          'AWS::Redshift::ClusterParameterGroup',
          id,
          arnOf('redshift', 'parametergroup', id),
        )
      : undefined;
  }
  if (ELASTICACHE.calls.includes(r.eventName)) {
    const group = r.eventName.endsWith('ReplicationGroup');
    const id = group ? name('replicationGroupId') : name('cacheClusterId');
    if (!id) return undefined;
    const type = group ? 'AWS::ElastiCache::ReplicationGroup' : 'AWS::ElastiCache::CacheCluster';
    return makeSubject(
      account,
      region,
      type,
      id,
      arnOf('elasticache', group ? 'replicationgroup' : 'cluster', id),
    );
  }
  return undefined;
}
