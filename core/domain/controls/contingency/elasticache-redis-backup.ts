/**
 * `elasticache-redis-backup`: ElastiCache (Redis OSS / Valkey) replication groups and standalone
 * clusters take automatic backups kept at least 15 days, the default minimum of
 * elasticache-redis-cluster-automatic-backup-check (so this control and the rule agree). Judged from
 * the configuration item's `snapshotRetentionLimit` and from the create and modify calls that set it.
 * Memcached keeps no backups and is not judged; a node of a replication group is judged on its group.
 *
 * Test: test/core/domain/controls/contingency/elasticache-redis-backup.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { str } from '../../facts-access';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { ELASTICACHE, inReplicationGroup } from '../database-sources';
import { resourceView, retentionVerdict } from '../setting-kit';

/** The rule's default snapshotRetentionPeriod, in days. */
export const MIN_SNAPSHOT_RETENTION_DAYS = 15;

/** Judges `elasticache-redis-backup`: a verdict, or undefined when the facts do not bear on it. */
export const elasticacheRedisBackup: Evaluator = (facts) => {
  const view = resourceView(facts, ELASTICACHE);
  if (!view || inReplicationGroup(view)) return undefined;
  // replication groups are always Redis OSS or Valkey; a cache cluster may be Memcached
  if (str(view.read('engine'))?.toLowerCase() === 'memcached') return undefined;
  return retentionVerdict(view, view.read('snapshotRetentionLimit'), {
    noun: 'ElastiCache cluster',
    what: 'automatic backups',
    minDays: MIN_SNAPSHOT_RETENTION_DAYS,
  });
};

/** `elasticache-redis-backup` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'elasticache-redis-backup',
  title: 'ElastiCache Redis clusters keep automatic backups 15 days or more',
  family: 'contingency',
  citations: ['164.308(a)(7)(ii)(A)', '164.310(d)(2)(iv)', '164.308(a)(7)(i)', '164.308(a)(7)(ii)(B)'],
  configRules: ['elasticache-redis-cluster-automatic-backup-check'],
  cloudTrailEvents: [...ELASTICACHE.calls],
  resourceTypes: [...ELASTICACHE.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Keep automatic backups 15 days or more (aws elasticache modify-replication-group --snapshot-retention-limit 15).',
  evaluate: elasticacheRedisBackup,
};
