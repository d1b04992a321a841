/**
 * The commit protocol: writes planned records, moves each subject's head with one conditional write,
 * settles a head write that failed from the head itself, and re-plans on a head that moved. Transient
 * store faults are not retried here: the store adapter retries them (see its retry policy); what is
 * done here on a failed head write is part of the protocol, not a retry.
 */
import { type ChainHead, eventKey } from '../../domain/chain-head';
import {
  type CommitPlan,
  isCommitted,
  type PendingEvent,
  planCommit,
  possibleDuplicates,
} from '../../domain/commit-plan';
import type { EvidenceStore } from '../../ports/evidence-store';
import { mapLimit } from '../../support/concurrency';
import { formerSubjectKey } from './identities';

/** Head races one subject's chunk may lose before its inputs are reported failed (and redelivered). */
const MAX_HEAD_RACES = 25;

/** One chunk of one subject's events, in input order. */
export interface SubjectChunk {
  key: string;
  chunk: PendingEvent[];
}

/** What a round committed, and which inputs failed with which error. */
export interface RoundOutcome {
  committed: CommitPlan[];
  failed: { indexes: number[]; error: unknown }[];
}

interface CommitDeps {
  store: EvidenceStore;
  now: () => Date;
  /** head commits in flight at once */
  concurrency: number;
  recurrenceWindowMs?: number;
}

/**
 * Plans, writes and commits one chunk for each of many subjects, then writes their markers. Writes are
 * batched across subjects: (1) the markers of the heads' last commits and every planned record, (2) one
 * conditional head write per subject, (3) source-event markers. Throws when a step before any head write fails (nothing is committed);
 * after that, failures are per subject and returned.
 */
export async function commitRound(chunks: SubjectChunk[], deps: CommitDeps): Promise<RoundOutcome> {
  const { store } = deps;
  const recordedAt = deps.now().toISOString();
  const heads = await store.getHeads(chunks.map((c) => c.key));
  const known = await store.findSourceEvents(
    chunks.flatMap((c) => possibleDuplicates(c.key, c.chunk, heads.get(c.key))),
  );
  const storedBefore = await storedUnderFormerKeys(store, chunks);
  for (const k of storedBefore) known.add(k);
  const plans = chunks.map((c) =>
    planCommit({
      subjectKey: c.key,
      chunk: c.chunk,
      head: heads.get(c.key),
      known,
      recordedAt,
      recurrenceWindowMs: deps.recurrenceWindowMs,
    }),
  );
  await writePlanned(store, plans);

  const committed: CommitPlan[] = [];
  const failed: RoundOutcome['failed'] = [];
  await mapLimit(plans, deps.concurrency, async (plan) => {
    const outcome = await commitHead(plan, deps, storedBefore);
    if ('plan' in outcome) committed.push(outcome.plan);
    else failed.push({ indexes: plan.chunk.map((p) => p.index), error: outcome.error });
  });

  // after the commit: markers make later redeliveries duplicates
  try {
    await store.markSourceEvents(committed.flatMap((p) => p.markers));
  } catch (error) {
    // committed evidence is safe; report the inputs failed so they are redelivered and completed
    failed.push({ indexes: committed.flatMap((p) => p.chunk.map((c) => c.index)), error });
    return { committed: [], failed };
  }
  return { committed, failed };
}

/** Writes what must exist before a head moves: the last commits' markers, then the new records. */
async function writePlanned(store: EvidenceStore, plans: CommitPlan[]): Promise<void> {
  const before = plans.flatMap((p) => p.before);
  if (before.length > 0) await store.markSourceEvents(before);
  await store.putRecords(
    plans.flatMap((p) => p.records.map((record) => ({ subjectKey: p.subjectKey, record }))),
  );
}

/**
 * Moves one subject's head, re-planning on the head another writer committed until this plan's head is
 * written (or nothing needs writing). Returns the plan that was committed, or the error its inputs
 * fail with.
 */
async function commitHead(
  plan: CommitPlan,
  deps: CommitDeps,
  storedBefore: ReadonlySet<string>,
): Promise<{ plan: CommitPlan } | { error: unknown }> {
  const { store } = deps;
  const key = plan.subjectKey;
  let current = plan;
  for (let race = 0; ; race++) {
    let error: unknown;
    try {
      if (current.next) await store.commitHead(current.next, current.head?.sequence);
      return { plan: current };
    } catch (e) {
      error = e;
    }
    // The head write's outcome is not known from its error alone: a request that failed after
    // DynamoDB applied it (a lost response, or a retry of a write that had succeeded, which then fails
    // its own condition) leaves OUR head committed. The head itself says which it is.
    let head: ChainHead | undefined;
    try {
      head = (await store.getHeads([key])).get(key);
    } catch {
      // cannot tell whether the commit happened: keep the records (an orphan is harmless, a head
      // pointing at deleted records is a broken chain) and let the redelivery settle it
      return { error };
    }
    if (isCommitted(current, head)) return { plan: current };
    await store
      .deleteRecords(current.records.map((record) => ({ subjectKey: key, record })))
      .catch(() => undefined);
    if (race >= MAX_HEAD_RACES) return { error };
    // another writer moved this chain (or ours failed before it was applied): plan again on its head
    await new Promise((r) => setTimeout(r, Math.random() * 5 * (race + 1)));
    try {
      const known = await store.findSourceEvents(possibleDuplicates(key, current.chunk, head));
      for (const k of storedBefore) known.add(k);
      current = planCommit({
        subjectKey: key,
        chunk: current.chunk,
        head,
        known,
        recordedAt: deps.now().toISOString(),
        recurrenceWindowMs: deps.recurrenceWindowMs,
      });
      await writePlanned(store, [current]);
    } catch (e) {
      return { error: e };
    }
  }
}

/**
 * Event keys (under their new subject) of events whose IAM identity ingest resolved, but that were
 * stored before under the unresolved subject (the unique id alone, before the alias was known): their
 * redelivery is a duplicate. Reads those chains' markers and last batches; nothing when no identity
 * was resolved.
 */
async function storedUnderFormerKeys(store: EvidenceStore, chunks: SubjectChunk[]): Promise<Set<string>> {
  const former = chunks.flatMap((c) =>
    c.chunk.flatMap((p) => {
      const key = formerSubjectKey(p.observation);
      return key ? [{ key: c.key, former: key, pending: p }] : [];
    }),
  );
  const out = new Set<string>();
  if (former.length === 0) return out;
  const heads = await store.getHeads([...new Set(former.map((f) => f.former))]);
  const markers = await store.findSourceEvents(
    former.flatMap((f) => possibleDuplicates(f.former, [f.pending], heads.get(f.former))),
  );
  for (const f of former) {
    const eventId = f.pending.observation.source.eventId;
    const head = heads.get(f.former);
    if (markers.has(eventKey(f.former, eventId)) || head?.lastBatch?.includes(eventId))
      out.add(eventKey(f.key, eventId));
  }
  return out;
}
