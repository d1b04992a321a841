/**
 * The one write path: every event, whatever its origin (SQS in Lambda, files in the CLI, the sweep),
 * becomes evidence here. Parse -> normalize -> assess -> hash -> append to the subject's chain, with the
 * subject's posture moving in the same conditional head update. Invalid input is quarantined with its
 * reason; nothing is dropped.
 *
 * Writes are batched across subjects: (1) every planned record, (2) one conditional head update per
 * subject, (3) source-event markers and the posture-by-control index. A writer that loses a head race
 * deletes what it wrote, re-reads the head and plans again, so chains never fork.
 */
import type { EvidenceRecord, NormalizedConfigItem } from '../../evidence-schemas';
import { assess, type RuleMappings } from '../domain/catalog';
import { linkRecord, type PreparedRecord, prepareRecord } from '../domain/chain';
import { sha256Hex } from '../domain/hashing';
import { fromConfigItem, type ParseOutcome, parseEvent } from '../domain/normalize';
import { type Observation, subjectKey } from '../domain/observation';
import { headPosture, orderKey, type PostureState } from '../domain/posture';
import { type RedactionPolicy, redactionPolicy, redactSecrets } from '../domain/redact';
import { replayPosture, type Transition } from '../domain/transitions';
import { ChainConflictError } from '../ports/errors';
import {
  type ChainHead,
  type EvidenceStore,
  eventKey,
  type HeadEphiScope,
  type PostureIndexEntry,
  type SourceEventMarker,
  type SourceEventRef,
} from '../ports/evidence-store';
import { mapLimit } from '../support/concurrency';

export interface IngestInput {
  /** the event as parsed JSON, or the text that failed to parse */
  raw: unknown;
  /** where it came from, for people: "file.json:12", "sqs:<messageId>" */
  origin: string;
  /** set when the input could not even be read as JSON */
  readError?: string;
}

export type InputStatus = 'stored' | 'duplicate' | 'unchanged' | 'ignored' | 'quarantined' | 'failed';

export interface IngestResult {
  received: number;
  stored: number;
  duplicates: number;
  unchanged: number;
  ignored: number;
  quarantined: { index: number; origin: string; reason: string }[];
  failed: { index: number; origin: string; error: string }[];
  /** status of each input, by index */
  statuses: InputStatus[];
  /** records appended by this call */
  records: EvidenceRecord[];
  /** posture transitions (drift, resolution) the committed records made, in commit order */
  transitions: Transition[];
}

export interface IngestDeps {
  store: EvidenceStore;
  now?: () => Date;
  mappings?: RuleMappings;
  redaction?: RedactionPolicy;
  /** fetches the full item behind an oversized Config notification (deployed); absent locally */
  fetchConfigItem?: (resourceType: string, resourceId: string) => Promise<NormalizedConfigItem | undefined>;
  /** head commits in flight at once (default 16) */
  concurrency?: number;
  /** records per subject per commit (bounds the head item's size) */
  commitSize?: number;
  /** a drift within this long after a resolution is "recurring" (default 7 days) */
  recurrenceWindowMs?: number;
  /**
   * The event parser (default parseEvent). Tests inject an older or stricter one to stand for code that
   * has since been fixed, which is what a quarantine redrive exists for.
   */
  parse?: (raw: unknown, policy: RedactionPolicy) => ParseOutcome;
}

interface Pending {
  index: number;
  prepared: PreparedRecord;
  observation: Observation;
  subjectKey: string;
}

interface CommitPlan {
  subjectKey: string;
  chunk: Pending[];
  head: ChainHead | undefined;
  records: EvidenceRecord[];
  next?: ChainHead;
  /** index entries to (re)write after the commit */
  index: PostureIndexEntry[];
  /** markers of the head's last commit, written before this commit replaces that batch */
  before: SourceEventMarker[];
  markers: SourceEventMarker[];
  statuses: [number, InputStatus][];
  /** posture transitions this commit makes (drift and resolution) */
  transitions: Transition[];
}

const MAX_CONFLICT_RETRIES = 25;

/** Largest record document stored: DynamoDB items hold 400 KB, keys and integrity fields included. */
const MAX_RECORD_BYTES = 350_000;

export async function ingest(inputs: IngestInput[], deps: IngestDeps): Promise<IngestResult> {
  const now = deps.now ?? (() => new Date());
  const policy = deps.redaction ?? redactionPolicy();
  const commitSize = deps.commitSize ?? 50;
  const result: IngestResult = {
    received: inputs.length,
    stored: 0,
    duplicates: 0,
    unchanged: 0,
    ignored: 0,
    quarantined: [],
    failed: [],
    statuses: new Array(inputs.length).fill('failed'),
    records: [],
    transitions: [],
  };
  const fail = (indexes: number[], error: unknown) => {
    for (const index of indexes) {
      if (result.statuses[index] !== 'failed' || result.failed.some((f) => f.index === index)) continue;
      result.failed.push({ index, origin: inputs[index]!.origin, error: errorText(error) });
    }
  };

  // 1. parse, normalize and assess: pure
  const pending: Pending[] = [];
  const toQuarantine: { index: number; reason: string }[] = [];
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index]!;
    let outcome: ParseOutcome = input.readError
      ? { kind: 'invalid', reason: input.readError }
      : safeParse(input.raw, policy, deps.parse ?? parseEvent);
    if (
      outcome.kind === 'observation' &&
      outcome.observation.facts.type === 'configuration-summary' &&
      deps.fetchConfigItem
    ) {
      outcome = await expandOversized(outcome.observation, deps, policy);
    }
    if (outcome.kind === 'invalid') toQuarantine.push({ index, reason: outcome.reason });
    else if (outcome.kind === 'ignored') {
      result.ignored++;
      result.statuses[index] = 'ignored';
    } else {
      const obs = outcome.observation;
      const prepared = prepareRecord(obs, assess(obs, deps.mappings));
      const size = Buffer.byteLength(JSON.stringify(prepared.content));
      // a record must fit in one DynamoDB item: a bigger one would fail its whole batch on every delivery
      if (size > MAX_RECORD_BYTES)
        toQuarantine.push({
          index,
          reason: `the evidence record would be ${size} bytes, more than one item holds (${MAX_RECORD_BYTES})`,
        });
      else pending.push({ index, observation: obs, prepared, subjectKey: subjectKey(obs.subject) });
    }
  }

  // 2. quarantine first: bad input is kept even if the store fails later
  if (toQuarantine.length > 0) {
    const recordedAt = now().toISOString();
    try {
      const items = toQuarantine.map(({ index, reason }) => {
        const input = inputs[index]!;
        // kept for review and redrive, not hashed: secrets and tag values go, the rest stays as it arrived
        const raw =
          typeof input.raw === 'string' ? redactSecrets(input.raw, policy) : rawText(input.raw, policy);
        return {
          id: sha256Hex(`${input.origin}\u0000${raw}`).slice(0, 24),
          recordedAt,
          reason: redactSecrets(reason, policy),
          origin: input.origin,
          index,
          raw,
        };
      });
      // the same items again on a retry: their keys are fixed by now, so a repeated write is harmless
      await retrying(() => deps.store.quarantine(items));
      for (const q of toQuarantine) {
        result.quarantined.push({ index: q.index, origin: inputs[q.index]!.origin, reason: q.reason });
        result.statuses[q.index] = 'quarantined';
      }
    } catch (error) {
      fail(
        toQuarantine.map((q) => q.index),
        error,
      );
    }
  }

  // 3. chunks of each subject's events, in input order; chunk n+1 of a subject waits for chunk n
  const groups = new Map<string, Pending[]>();
  for (const p of pending) {
    const g = groups.get(p.subjectKey);
    if (g) g.push(p);
    else groups.set(p.subjectKey, [p]);
  }
  let round: { key: string; items: Pending[] }[] = [...groups.entries()].map(([key, items]) => ({
    key,
    items,
  }));
  while (round.length > 0) {
    const chunks = round.map((r) => ({ key: r.key, chunk: r.items.slice(0, commitSize) }));
    try {
      await commitRound(chunks, deps, result, now, fail);
    } catch (error) {
      fail(
        chunks.flatMap((c) => c.chunk.map((p) => p.index)),
        error,
      );
    }
    round = round
      .filter((r) => r.items.length > commitSize)
      .map((r) => ({ key: r.key, items: r.items.slice(commitSize) }));
  }
  result.failed.sort((a, b) => a.index - b.index);
  result.quarantined.sort((a, b) => a.index - b.index);
  return result;
}

/** Plans, writes and commits one chunk for each of many subjects, then writes markers and the index. */
async function commitRound(
  chunks: { key: string; chunk: Pending[] }[],
  deps: IngestDeps,
  result: IngestResult,
  now: () => Date,
  fail: (indexes: number[], error: unknown) => void,
): Promise<void> {
  const { store } = deps;
  const recordedAt = now().toISOString();
  const heads = await retrying(() => store.getHeads(chunks.map((c) => c.key)));
  const refs = chunks.flatMap((c) => possibleDuplicates(c.key, c.chunk, heads.get(c.key)));
  const known = await retrying(() => store.findSourceEvents(refs));
  let plans = chunks.map((c) =>
    planCommit(c.key, c.chunk, heads.get(c.key), known, recordedAt, deps.recurrenceWindowMs),
  );
  const planned = plans.flatMap((p) => p.records.map((record) => ({ subjectKey: p.subjectKey, record })));
  const before = plans.flatMap((p) => p.before);
  if (before.length > 0) await retrying(() => store.markSourceEvents(before));
  await retrying(() => store.putRecords(planned));

  const committed: CommitPlan[] = [];
  await mapLimit(plans, deps.concurrency ?? 16, async (plan) => {
    let current = plan;
    for (let attempt = 0; ; attempt++) {
      let error: unknown;
      try {
        if (current.next) await store.commitHead(current.next, current.head?.sequence);
        committed.push(current);
        return;
      } catch (e) {
        error = e;
      }
      // The head write's outcome is not known from its error alone: a request that failed after
      // DynamoDB applied it (a lost response, or the SDK's retry of a write that had succeeded, which
      // then fails its own condition) leaves OUR head committed. The head itself says which it is.
      const key = current.subjectKey;
      let head: ChainHead | undefined;
      try {
        head = (await retrying(() => store.getHeads([key]))).get(key);
      } catch {
        // cannot tell whether the commit happened: keep the records (an orphan is harmless, a head
        // pointing at deleted records is a broken chain) and let the redelivery settle it
        fail(
          current.chunk.map((p) => p.index),
          error,
        );
        return;
      }
      if (current.next && current.records.length > 0 && isCommitted(current.next, head)) {
        committed.push(current);
        return;
      }
      const items = current.records.map((record) => ({ subjectKey: key, record }));
      await retrying(() => store.deleteRecords(items)).catch(() => undefined);
      if (attempt >= MAX_CONFLICT_RETRIES) {
        fail(
          current.chunk.map((p) => p.index),
          error,
        );
        return;
      }
      // another writer moved this chain (or ours failed before it was applied): plan again on its head
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
      try {
        const seen = await retrying(() =>
          store.findSourceEvents(possibleDuplicates(key, current.chunk, head)),
        );
        current = planCommit(key, current.chunk, head, seen, now().toISOString(), deps.recurrenceWindowMs);
        const next = current.records.map((record) => ({ subjectKey: key, record }));
        const { before } = current;
        if (before.length > 0) await retrying(() => store.markSourceEvents(before));
        await retrying(() => store.putRecords(next));
      } catch (e) {
        fail(
          current.chunk.map((p) => p.index),
          e,
        );
        return;
      }
    }
  });
  plans = committed;

  // after the commit: markers make later redeliveries duplicates; the index serves posture-by-control
  try {
    const index = plans.flatMap((p) => p.index);
    const markers = plans.flatMap((p) => p.markers);
    await retrying(() => store.putPostureIndex(index));
    await retrying(() => store.markSourceEvents(markers));
  } catch (error) {
    // committed evidence is safe; report the inputs failed so they are redelivered and completed
    fail(
      plans.flatMap((p) => p.chunk.map((c) => c.index)),
      error,
    );
    return;
  }
  for (const plan of plans) {
    for (const [index, status] of plan.statuses) {
      result.statuses[index] = status;
      if (status === 'stored') result.stored++;
      else if (status === 'duplicate') result.duplicates++;
      else if (status === 'unchanged') result.unchanged++;
    }
    result.records.push(...plan.records);
    result.transitions.push(...plan.transitions);
  }
}

/**
 * The events of a chunk that could have been stored before. An event newer than everything the chain
 * has seen (head.lastObservedAt moves with every commit, unchanged ones included) cannot be a
 * duplicate, so its marker need not be read: on a live stream that is almost every event.
 */
function possibleDuplicates(key: string, chunk: Pending[], head: ChainHead | undefined): SourceEventRef[] {
  if (!head) return [];
  return chunk
    .filter((p) => p.observation.observedAt <= head.lastObservedAt)
    .map((p) => ({
      subjectKey: key,
      eventId: p.observation.source.eventId,
      observedAt: p.observation.observedAt,
    }));
}

/**
 * The input as text for the quarantine, with secrets replaced (kept for review and redrive, not hashed);
 * input too deep to walk or serialize is kept as a note saying so.
 */
function rawText(raw: unknown, policy: RedactionPolicy): string {
  try {
    return JSON.stringify(redactSecrets(raw, policy)) ?? String(raw);
  } catch (error) {
    return `[input could not be serialized: ${errorText(error)}]`;
  }
}

function safeParse(
  raw: unknown,
  policy: RedactionPolicy,
  parse: (raw: unknown, policy: RedactionPolicy) => ParseOutcome,
): ParseOutcome {
  try {
    return parse(raw, policy);
  } catch (error) {
    // a parser bug must not lose the event: quarantine it with the error
    return { kind: 'invalid', reason: `parser error: ${errorText(error)}` };
  }
}

async function expandOversized(
  obs: Observation,
  deps: IngestDeps,
  policy: RedactionPolicy,
): Promise<ParseOutcome> {
  try {
    const ci = await deps.fetchConfigItem?.(obs.subject.resourceType, obs.subject.resourceId);
    if (ci) {
      const full = fromConfigItem(ci, 'config-item-change', policy);
      if (full.kind === 'observation')
        full.observation.source = { ...full.observation.source, kind: 'config-item-oversized' };
      return full;
    }
  } catch {
    // keep the summary: it is still evidence that the resource changed
  }
  return { kind: 'observation', observation: obs };
}

/**
 * Decides, for one chunk of one subject's events, what to append and what is duplicate or unchanged,
 * and computes the head (tip, posture, facets) the commit will write. Pure.
 */
export function planCommit(
  key: string,
  chunk: Pending[],
  head: ChainHead | undefined,
  known: Set<string>,
  recordedAt: string,
  recurrenceWindowMs?: number,
): CommitPlan {
  const records: EvidenceRecord[] = [];
  const statuses: [number, InputStatus][] = [];
  const facets = { ...(head?.facets ?? {}) };
  const inFlight = new Set(head?.lastBatch ?? []);
  const seenHere = new Set<string>();
  let tip = head ? { sequence: head.sequence, recordHash: head.recordHash } : undefined;
  let lastObservedAt = head?.lastObservedAt ?? '';
  let touched = false;
  let rollForward = false;
  // the posture as this chunk's records move it, for the "unchanged" decision
  const latest = new Map(Object.entries(head?.posture ?? {}));
  for (const p of chunk) {
    const eventId = p.observation.source.eventId;
    const observedAt = p.observation.observedAt;
    if (known.has(eventKey(key, eventId)) || seenHere.has(eventId) || inFlight.has(eventId)) {
      // in the head's last batch: committed, but its marker and index may not have been written
      if (inFlight.has(eventId) && !known.has(eventKey(key, eventId))) rollForward = true;
      statuses.push([p.index, 'duplicate']);
      seenHere.add(eventId);
      continue;
    }
    seenHere.add(eventId);
    if (observedAt > lastObservedAt) {
      lastObservedAt = observedAt;
      touched = true;
    }
    const facet = facets[p.prepared.facet];
    if (
      facet &&
      facet.stateHash === p.prepared.stateHash &&
      observedAt >= facet.observedAt &&
      !movesPosture(latest, p.prepared, observedAt)
    ) {
      facets[p.prepared.facet] = { stateHash: facet.stateHash, observedAt };
      statuses.push([p.index, 'unchanged']);
      touched = true;
      continue;
    }
    const record = linkRecord(p.prepared, tip, recordedAt);
    tip = { sequence: record.integrity.sequence, recordHash: record.integrity.recordHash };
    if (!facet || observedAt >= facet.observedAt)
      facets[p.prepared.facet] = { stateHash: p.prepared.stateHash, observedAt };
    records.push(record);
    statuses.push([p.index, 'stored']);
    notePosture(latest, p.prepared, observedAt);
  }
  // event facets are one-off: keeping them would grow the head without bound
  for (const f of Object.keys(facets)) if (f.startsWith('event:')) delete facets[f];
  const subject = head?.subject ?? chunk[0]!.observation.subject;
  const { posture, transitions } = replayPosture(head?.posture ?? {}, records, key, recurrenceWindowMs);
  const changed = new Set(
    Object.keys(posture).filter((c) => posture[c]?.orderKey !== head?.posture[c]?.orderKey),
  );
  const accepted = new Set(statuses.filter(([, st]) => st !== 'duplicate').map(([i]) => i));
  const ephi = nextEphiScope(head, chunk, accepted);
  const next: ChainHead | undefined =
    records.length > 0 || touched
      ? {
          subjectKey: key,
          subject,
          sequence: tip?.sequence ?? 0,
          recordHash: tip?.recordHash ?? '',
          lastObservedAt,
          facets,
          posture,
          lastBatch: records.length > 0 ? records.map((r) => r.source.eventId) : (head?.lastBatch ?? []),
          lastBatchDays:
            records.length > 0
              ? [...new Set(records.map((r) => r.observedAt.slice(0, 10)))]
              : (head?.lastBatchDays ?? []),
          transitions,
          ...(ephi ? { ephi } : {}),
        }
      : undefined;
  const headSequence = next?.sequence ?? head?.sequence ?? 0;
  const index = headPosture({ subjectKey: key, subject, posture })
    .filter((e) => rollForward || changed.has(e.controlId))
    .map((e) => ({ ...e, headSequence }));
  // This commit replaces the head's last batch, the only trace of that (committed) commit's events
  // should its markers be missing: its writer crashed, or has not got to them yet. So they are written
  // (again) BEFORE this commit: then every commit but a head's last one always has its markers, and the
  // duplicate check (markers + last batch) is complete at any moment, for any number of writers. An id
  // filed under a day it does not have is never looked up there, so the superset per day is harmless.
  const before: SourceEventMarker[] =
    records.length > 0 && head && head.lastBatch.length > 0
      ? [
          {
            subjectKey: key,
            sequence: head.sequence,
            events: (head.lastBatchDays ?? []).flatMap((day) =>
              head.lastBatch.map((eventId) => ({ subjectKey: key, eventId, observedAt: day })),
            ),
          },
        ]
      : [];
  const markers: SourceEventMarker[] = [];
  if (next && records.length > 0) {
    markers.push({
      subjectKey: key,
      sequence: next.sequence,
      events: records.map((r) => ({ subjectKey: key, eventId: r.source.eventId, observedAt: r.observedAt })),
    });
  }
  if (rollForward && head) {
    // the events of an earlier commit whose markers were not written: filed under that commit. All of
    // that commit's events, not only this chunk's: a marker item is per (day, commit), and writing part
    // of the list would drop the rest from an item another writer has already written in full
    const days = new Set(head.lastBatchDays ?? []);
    for (const p of chunk)
      if (inFlight.has(p.observation.source.eventId)) days.add(p.observation.observedAt.slice(0, 10));
    const events = [...days].flatMap((day) =>
      head.lastBatch.map((eventId) => ({ subjectKey: key, eventId, observedAt: day })),
    );
    markers.push({ subjectKey: key, sequence: head.sequence, events });
  }
  return {
    subjectKey: key,
    chunk,
    head,
    records,
    ...(next ? { next } : {}),
    index,
    before,
    markers,
    statuses,
    transitions,
  };
}

/**
 * The subject's ePHI scope after a chunk: set by its latest Config configuration item (by event time:
 * an item older than the one that last decided is ignored). `since` stays while the scope holds.
 */
function nextEphiScope(
  head: ChainHead | undefined,
  chunk: Pending[],
  accepted: Set<number>,
): HeadEphiScope | undefined {
  let current = head?.ephi;
  let basis = head?.ephi?.decidedAt ?? head?.ephi?.since ?? '';
  for (const p of chunk) {
    const f = p.observation.facts;
    const at = p.observation.observedAt;
    if (!accepted.has(p.index) || f.type !== 'configuration' || at < basis) continue;
    // the sweep reads services' own APIs, which carry no tags (nor does BatchGetResourceConfig): it
    // cannot tell "untagged" from "not read", so only Config's items, which always carry tags, decide
    if (p.observation.source.kind === 'sweep') continue;
    basis = at;
    const inScope = f.ephi?.inScope === true;
    const same = current && current.inScope === inScope && current.matchedTagKey === f.ephi?.matchedTagKey;
    current = {
      inScope,
      since: same && current ? current.since : at,
      decidedAt: at,
      ...(f.ephi ? { matchedTagKey: f.ephi.matchedTagKey } : {}),
    };
  }
  return current;
}

/**
 * Whether recording this observation would change a control's verdict: when another source (an API
 * call, say) set a different verdict after this state was last recorded, the same state seen again is
 * newer evidence than that verdict, not "unchanged", and must be recorded, or posture would depend on
 * the order events arrive in.
 */
function movesPosture(
  latest: Map<string, PostureState>,
  prepared: PreparedRecord,
  observedAt: string,
): boolean {
  const key = orderKey(observedAt, prepared.content.evidenceId);
  return prepared.content.controls.some((c) => {
    if (!c.affectsPosture) return false;
    const cur = latest.get(c.controlId);
    // the status, not the wording: a reason that counts days (a key's age) changes daily without news
    return !cur || (cur.orderKey < key && cur.status !== c.status);
  });
}

function notePosture(latest: Map<string, PostureState>, prepared: PreparedRecord, observedAt: string): void {
  const key = orderKey(observedAt, prepared.content.evidenceId);
  for (const c of prepared.content.controls) {
    const cur = latest.get(c.controlId);
    if (c.affectsPosture && (!cur || cur.orderKey < key))
      latest.set(c.controlId, {
        status: c.status,
        reason: c.reason,
        observedAt,
        evidenceId: prepared.content.evidenceId,
        orderKey: key,
      });
  }
}

/** Whether the chain's head is the one this plan wrote (its tip hash includes the plan's recorded-at). */
function isCommitted(next: ChainHead, head: ChainHead | undefined): boolean {
  return head?.sequence === next.sequence && head.recordHash === next.recordHash;
}

const STORE_ATTEMPTS = 3;

/**
 * Runs an idempotent store step (a read, or a put under keys fixed before the call) up to three times.
 * A batch touches many subjects with one request each; without this, one throttled request among them
 * fails the whole batch, and under sustained throttling the redeliveries never get through either.
 * A conflict is an answer, not a fault: it is never retried here.
 */
async function retrying<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (error instanceof ChainConflictError || attempt >= STORE_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * (0.5 + Math.random() / 2)));
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
