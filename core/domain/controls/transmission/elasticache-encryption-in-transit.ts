/**
 * `elasticache-encryption-in-transit`: ElastiCache replication groups and standalone clusters accept
 * TLS connections only: `transitEncryptionEnabled` with `transitEncryptionMode` "required" ("preferred",
 * used while migrating clients, still accepts plain connections). Judged from the configuration item
 * and from the create and modify calls that set them. A node of a replication group is judged on its
 * group.
 *
 * Test: test/core/domain/controls/transmission/elasticache-encryption-in-transit.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { bool, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { ELASTICACHE, inReplicationGroup } from '../database-sources';
import { resourceView, subjectOf } from '../setting-kit';

/** Judges `elasticache-encryption-in-transit`: a verdict, or undefined when the facts do not bear on it. */
export const elasticacheEncryptionInTransit: Evaluator = (facts) => {
  const view = resourceView(facts, ELASTICACHE);
  if (!view || inReplicationGroup(view)) return undefined;
  const raw = view.read('transitEncryptionEnabled');
  // Config and DescribeCacheClusters leave the flag out for a cluster created without it
  const enabled = bool(raw) ?? (view.via === 'config' ? false : undefined);
  if (enabled === undefined) return undefined;
  const who = subjectOf(view, 'ElastiCache cluster');
  if (!enabled) return nonCompliant(`${who} accepts unencrypted connections (in-transit encryption off)`);
  return str(view.read('transitEncryptionMode'))?.toLowerCase() === 'preferred'
    ? nonCompliant(`${who} still accepts unencrypted connections (transit encryption mode "preferred")`)
    : compliant(`${who} encrypts connections in transit`);
};

/** `elasticache-encryption-in-transit` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'elasticache-encryption-in-transit',
  title: 'ElastiCache clusters require encryption in transit',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  // not in the HIPAA pack; an account that deploys it has its verdicts mapped here
  configRules: ['elasticache-repl-grp-encrypted-in-transit'],
  cloudTrailEvents: [...ELASTICACHE.calls],
  resourceTypes: [...ELASTICACHE.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Require TLS (aws elasticache modify-replication-group --transit-encryption-enabled --transit-encryption-mode required).',
  evaluate: elasticacheEncryptionInTransit,
};
