/**
 * The database resources the contingency, integrity, audit, exposure and encryption controls read
 * (core/domain/controls/setting-kit.ts): each resource's configuration item types and the calls of its
 * service whose request or response carries its settings. Declared once so every control of a resource
 * judges the same calls (and the normalizer files them under the same subject).
 */
import { str } from '../facts-access';
import type { ResourceView, SettingSource } from './setting-kit';

/** RDS DB instances: created, modified or restored (the restored instance's settings are in the response). */
export const RDS_INSTANCE: SettingSource = {
  resourceTypes: ['AWS::RDS::DBInstance'],
  eventSource: 'rds.amazonaws.com',
  calls: [
    'CreateDBInstance',
    'ModifyDBInstance',
    'RestoreDBInstanceFromDBSnapshot',
    'RestoreDBInstanceToPointInTime',
    'RestoreDBInstanceFromS3',
  ],
};

/** RDS DB clusters (Aurora and Multi-AZ DB clusters): created, modified or restored. */
export const RDS_CLUSTER: SettingSource = {
  resourceTypes: ['AWS::RDS::DBCluster'],
  eventSource: 'rds.amazonaws.com',
  calls: [
    'CreateDBCluster',
    'ModifyDBCluster',
    'RestoreDBClusterFromSnapshot',
    'RestoreDBClusterToPointInTime',
    'RestoreDBClusterFromS3',
  ],
};

/** Redshift provisioned clusters: created, modified or restored from a snapshot. */
export const REDSHIFT_CLUSTER: SettingSource = {
  resourceTypes: ['AWS::Redshift::Cluster'],
  eventSource: 'redshift.amazonaws.com',
  calls: ['CreateCluster', 'ModifyCluster', 'RestoreFromClusterSnapshot'],
};

/**
 * ElastiCache replication groups and cache clusters. A cache cluster that belongs to a replication
 * group is judged through its group (`memberOfGroup`).
 */
export const ELASTICACHE: SettingSource = {
  resourceTypes: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster'],
  eventSource: 'elasticache.amazonaws.com',
  calls: ['CreateReplicationGroup', 'ModifyReplicationGroup', 'CreateCacheCluster', 'ModifyCacheCluster'],
};

/**
 * True for an RDS DB instance of a DB cluster (Aurora): its backups, Multi-AZ placement, deletion
 * protection and log exports are the cluster's settings, judged on the cluster.
 */
export function inDbCluster(view: ResourceView): boolean {
  return str(view.read('dBClusterIdentifier')) !== undefined;
}

/** True for an ElastiCache cache cluster that is a node of a replication group (judged on the group). */
export function inReplicationGroup(view: ResourceView): boolean {
  const cacheCluster =
    view.via === 'config'
      ? view.ci.resourceType === 'AWS::ElastiCache::CacheCluster'
      : view.call.eventName.endsWith('CacheCluster');
  return cacheCluster && str(view.read('replicationGroupId')) !== undefined;
}
