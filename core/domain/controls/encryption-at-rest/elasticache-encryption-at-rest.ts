/**
 * `elasticache-encryption-at-rest`: ElastiCache replication groups and standalone clusters encrypt
 * their data at rest (backups and swap included). Judged from the configuration item's
 * `atRestEncryptionEnabled` and from the create calls that set it (a modify's response reports it
 * too; it cannot be changed later, and a Memcached cluster cannot encrypt at rest). A node of a replication group
 * is judged on its group.
 *
 * Test: test/core/domain/controls/encryption-at-rest/elasticache-encryption-at-rest.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { ELASTICACHE, inReplicationGroup } from '../database-sources';
import { flagVerdict, resourceView } from '../setting-kit';

/** Judges `elasticache-encryption-at-rest`: a verdict, or undefined when the facts do not bear on it. */
export const elasticacheEncryptionAtRest: Evaluator = (facts) => {
  const view = resourceView(facts, ELASTICACHE);
  if (!view || inReplicationGroup(view)) return undefined;
  const value = view.read('atRestEncryptionEnabled');
  // DescribeCacheClusters and Config leave the flag out for a cluster created without it
  return flagVerdict(view, value ?? (view.via === 'config' ? false : undefined), {
    noun: 'ElastiCache cluster',
    safe: true,
    on: 'is encrypted at rest',
    off: 'is not encrypted at rest',
  });
};

/** `elasticache-encryption-at-rest` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'elasticache-encryption-at-rest',
  title: 'ElastiCache clusters are encrypted at rest',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  // not in the HIPAA pack; an account that deploys it has its verdicts mapped here
  configRules: ['elasticache-repl-grp-encrypted-at-rest'],
  cloudTrailEvents: [...ELASTICACHE.calls],
  resourceTypes: [...ELASTICACHE.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Create an encrypted replication group (--at-rest-encryption-enabled) from a backup of this one and switch clients to it.',
  evaluate: elasticacheEncryptionAtRest,
};
