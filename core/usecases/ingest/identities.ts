/**
 * Ingest's part in naming an IAM user or role once (core/domain/iam-identity.ts): the aliases a batch
 * teaches (a source that named an identity by its unique id and its ARN), and the resolution of the
 * observations that name an identity by its unique id alone, from the batch itself and from the aliases
 * the store already knows. An identity whose alias is not known yet stays unresolved: readers resolve
 * its records once the alias is known, so the order events arrive in does not matter.
 */
import {
  aliasKey,
  aliasOf,
  type IamAlias,
  resolveIamSubject,
  unresolvedIamId,
} from '../../domain/iam-identity';
import { type Observation, subjectKey } from '../../domain/observation';
import type { EvidenceStore } from '../../ports/evidence-store';

/** An alias the batch taught that the store does not hold yet, with the inputs that taught it. */
export interface TaughtAlias {
  alias: IamAlias;
  indexes: number[];
}

/** An observation of the batch, or the alias an ignored input still taught, by input index. */
export type IdentityInput = { index: number; observation: Observation } | { index: number; alias: IamAlias };

const sameAlias = (a: IamAlias, b: IamAlias) =>
  a.resourceType === b.resourceType && a.name === b.name && a.arn === b.arn;

/** Most aliases remembered per store in one process (a Lambda container, a CLI run). */
const CACHE_LIMIT = 10_000;

/**
 * Aliases this process has read or stored, per store: a unique id names one identity for good, so a
 * remembered alias spares the lookup (and the rewrite) on every batch that names the same users. Only
 * aliases known to be stored are remembered; an id with no alias is asked again next time.
 */
const remembered = new WeakMap<EvidenceStore, Map<string, IamAlias>>();

function cacheOf(store: EvidenceStore): Map<string, IamAlias> {
  let cache = remembered.get(store);
  if (!cache) {
    cache = new Map();
    remembered.set(store, cache);
  }
  return cache;
}

/** Remembers aliases the store holds (called once they are stored). */
export function rememberAliases(store: EvidenceStore, aliases: IamAlias[]): void {
  const cache = cacheOf(store);
  for (const a of aliases) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(aliasKey(a.accountId, a.uniqueId), a);
  }
}

/**
 * Resolves, in place, every observation naming an IAM identity by its unique id alone whose alias the
 * batch or the store knows, and returns the aliases the batch taught that the store lacks (to store).
 * A failed lookup leaves the observations unresolved rather than failing the batch: readers resolve
 * them later from the aliases stored.
 */
export async function resolveIdentities(
  inputs: IdentityInput[],
  store: EvidenceStore,
): Promise<TaughtAlias[]> {
  const taught = new Map<string, TaughtAlias>();
  const unresolved: { observation: Observation; id: string }[] = [];
  for (const input of inputs) {
    const alias = 'alias' in input ? input.alias : aliasOf(input.observation.subject);
    if (alias) {
      const key = aliasKey(alias.accountId, alias.uniqueId);
      const t = taught.get(key);
      if (t) t.indexes.push(input.index);
      else taught.set(key, { alias, indexes: [input.index] });
    }
    if ('observation' in input) {
      const id = unresolvedIamId(input.observation.subject);
      if (id) unresolved.push({ observation: input.observation, id });
    }
  }
  if (taught.size === 0 && unresolved.length === 0) return [];
  const wanted = new Map<string, { accountId: string; uniqueId: string }>();
  for (const { alias } of taught.values()) wanted.set(aliasKey(alias.accountId, alias.uniqueId), alias);
  for (const u of unresolved)
    wanted.set(aliasKey(u.observation.subject.accountId, u.id), {
      accountId: u.observation.subject.accountId,
      uniqueId: u.id,
    });
  const known = new Map<string, IamAlias>();
  const cache = cacheOf(store);
  for (const key of [...wanted.keys()]) {
    const alias = cache.get(key);
    if (alias) {
      known.set(key, alias);
      wanted.delete(key);
    }
  }
  if (wanted.size > 0) {
    try {
      const stored = await store.getIamAliases([...wanted.values()]);
      for (const a of stored) known.set(aliasKey(a.accountId, a.uniqueId), a);
      rememberAliases(store, stored);
    } catch {
      // unresolved for now: the records are still evidence; readers fold them in once the alias is stored
    }
  }
  const fresh = [...taught.entries()].filter(([key, t]) => {
    const have = known.get(key);
    return !have || !sameAlias(have, t.alias);
  });
  // what this batch says is the newest word on an identity's name
  for (const [key, t] of taught) known.set(key, t.alias);
  for (const u of unresolved) {
    const resolved = resolveIamSubject(
      u.observation.subject,
      known.get(aliasKey(u.observation.subject.accountId, u.id)),
    );
    if (resolved) {
      formerKeys.set(u.observation, subjectKey(u.observation.subject));
      u.observation.subject = resolved;
    }
  }
  return fresh.map(([, t]) => t);
}

/** The subject key an observation had before ingest resolved its IAM identity (see formerSubjectKey). */
const formerKeys = new WeakMap<Observation, string>();

/**
 * The key of the chain an observation would have joined before its identity was resolved: an event
 * stored there (before the alias was known) and delivered again now is a duplicate, not new evidence.
 */
export function formerSubjectKey(observation: Observation): string | undefined {
  return formerKeys.get(observation);
}
