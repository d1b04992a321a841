/**
 * Commit planning: for one chunk of one subject's events and the subject's current head, what to append
 * to the chain, which events are duplicates or unchanged state, and the head and the
 * source-event markers the commit writes. Pure: the ingest use case reads the head and the markers,
 * calls this, and writes what it returns (core/usecases/ingest/commit.ts).
 */
import type { EvidenceRecord } from '../../evidence-schemas';
import { linkRecord, type PreparedRecord } from './chain';
import {
  type ChainHead,
  eventKey,
  type HeadEphiScope,
  type SourceEventMarker,
  type SourceEventRef,
} from './chain-head';
import { withKnownAlias } from './iam-identity';
import { notableOf } from './notable';
import type { Observation } from './observation';
import { foldVerdict, type PostureState, postureEntries } from './posture';
import { replayPosture, type Transition } from './transitions';

/** An event ready to commit: its observation and its record, hashed but not yet linked into a chain. */
export interface PendingEvent {
  /** the event's position in the ingest call's input */
  index: number;
  observation: Observation;
  prepared: PreparedRecord;
}

/**
 * What a commit makes of one event: appended to the chain, a redelivery of an event already stored, or
 * a state the chain already shows (it only advances "last observed").
 */
export type PlannedStatus = 'stored' | 'duplicate' | 'unchanged';

/** Everything one commit of one subject writes, and what it made of each event. */
export interface CommitPlan {
  subjectKey: string;
  chunk: PendingEvent[];
  /** the head the plan was made on (undefined for a new chain) */
  head: ChainHead | undefined;
  /** records to append, linked after the head's tip */
  records: EvidenceRecord[];
  /** the head to write; absent when the commit changes nothing (every event a duplicate) */
  next?: ChainHead;
  /** markers of the head's last commit, written before this commit replaces that batch */
  before: SourceEventMarker[];
  /** markers written after the commit: this commit's events, and any of the last one's still missing */
  markers: SourceEventMarker[];
  /** the status of each event of the chunk, by input index */
  statuses: [number, PlannedStatus][];
  /** posture transitions this commit makes (drift and resolution) */
  transitions: Transition[];
}

/** What a commit is planned on. */
export interface CommitPlanInput {
  subjectKey: string;
  /** the subject's events, in input order */
  chunk: PendingEvent[];
  head: ChainHead | undefined;
  /** source events already committed (`eventKey` strings), as the store's markers say */
  known: Set<string>;
  /** the recorded-at of the records appended (part of their record hash) */
  recordedAt: string;
  /** a drift within this long after a resolution is "recurring" (default in transitions.ts) */
  recurrenceWindowMs?: number;
}

/**
 * Decides, for one chunk of one subject's events, what to append and what is duplicate or unchanged,
 * and computes the head (tip, posture, facets, ePHI scope) the commit writes with its markers.
 * The head's posture and transitions come from `replayPosture`, the drift state machine.
 */
export function planCommit(input: CommitPlanInput): CommitPlan {
  const { subjectKey: key, chunk, head } = input;
  const sorted = sortEvents(input);
  const { records, statuses, facets, rollForward } = sorted;
  const subject = withKnownAlias(head?.subject ?? chunk[0]!.observation.subject, chunk);
  const { posture, transitions } = replayPosture(head?.posture ?? {}, records, key, input.recurrenceWindowMs);
  const tip = records.at(-1)?.integrity ?? head;
  const accepted = new Set(statuses.filter(([, st]) => st !== 'duplicate').map(([i]) => i));
  const ephi = nextEphiScope(head, chunk, accepted);
  const notable = records.flatMap((r) => notableOf(r, key) ?? []);
  const next: ChainHead | undefined =
    records.length > 0 || sorted.touched
      ? {
          subjectKey: key,
          subject,
          sequence: tip?.sequence ?? 0,
          recordHash: tip?.recordHash ?? '',
          lastObservedAt: sorted.lastObservedAt,
          facets,
          posture,
          lastBatch: records.length > 0 ? records.map((r) => r.source.eventId) : (head?.lastBatch ?? []),
          lastBatchDays:
            records.length > 0
              ? [...new Set(records.map((r) => r.observedAt.slice(0, 10)))]
              : (head?.lastBatchDays ?? []),
          transitions,
          ...(notable.length > 0 ? { notable } : {}),
          ...(ephi ? { ephi } : {}),
        }
      : undefined;
  return {
    subjectKey: key,
    chunk,
    head,
    records,
    ...(next ? { next } : {}),
    before: markersBefore(key, head, records),
    markers: markersAfter(key, head, next, records, rollForward ? chunk : undefined),
    statuses,
    transitions,
  };
}

/** The chunk's events sorted into duplicates, unchanged state and linked records. */
interface SortedEvents {
  records: EvidenceRecord[];
  statuses: [number, PlannedStatus][];
  /** facets after the chunk (event facets dropped) */
  facets: ChainHead['facets'];
  lastObservedAt: string;
  /** whether the head moves even without a record (an unchanged state, a newer event time) */
  touched: boolean;
  /** whether events of the head's last commit came again before their markers were written */
  rollForward: boolean;
}

function sortEvents({ subjectKey: key, chunk, head, known, recordedAt }: CommitPlanInput): SortedEvents {
  const records: EvidenceRecord[] = [];
  const statuses: [number, PlannedStatus][] = [];
  const facets = { ...(head?.facets ?? {}) };
  const inFlight = new Set(head?.lastBatch ?? []);
  const seenHere = new Set<string>();
  let tip = head ? { sequence: head.sequence, recordHash: head.recordHash } : undefined;
  let lastObservedAt = head?.lastObservedAt ?? '';
  let touched = false;
  let rollForward = false;
  // the posture as this chunk's records move it, for the "unchanged" decision
  const latest: Record<string, PostureState> = { ...(head?.posture ?? {}) };
  for (const p of chunk) {
    const eventId = p.observation.source.eventId;
    const observedAt = p.observation.observedAt;
    if (known.has(eventKey(key, eventId)) || seenHere.has(eventId) || inFlight.has(eventId)) {
      // in the head's last batch: committed, but its marker may not have been written
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
    const moves = foldPosture(latest, key, p.prepared, false);
    if (facet && facet.stateHash === p.prepared.stateHash && observedAt >= facet.observedAt && !moves) {
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
    foldPosture(latest, key, p.prepared, true);
  }
  // event facets are one-off: keeping them would grow the head without bound
  for (const f of Object.keys(facets)) if (f.startsWith('event:')) delete facets[f];
  return { records, statuses, facets, lastObservedAt, touched, rollForward };
}

/**
 * Whether recording this record would change a control's verdict, folding it into `posture` when
 * `apply` is set. When another source (an API call, say) set a different verdict after this state was
 * last recorded, the same state seen again is newer evidence than that verdict, not "unchanged", and
 * must be recorded, or posture would depend on the order events arrive in. The status decides, not
 * the wording: a reason that counts days (a key's age) changes daily without news.
 */
function foldPosture(
  posture: Record<string, PostureState>,
  key: string,
  prepared: PreparedRecord,
  apply: boolean,
): boolean {
  let moves = false;
  for (const entry of postureEntries(prepared.content, key)) {
    const current = posture[entry.controlId];
    const next = foldVerdict(current, entry);
    if (!next) continue;
    if (next.status !== current?.status) moves = true;
    if (apply) posture[entry.controlId] = next;
  }
  return moves;
}

/**
 * The markers of the head's last commit, written (again) BEFORE a commit that replaces that batch: the
 * batch is the only trace of that committed commit's events should its markers be missing (its writer
 * crashed, or has not got to them yet). Then every commit but a head's last one always has its markers,
 * and the duplicate check (markers + last batch) is complete at any moment, for any number of writers.
 * An id filed under a day it does not have is never looked up there, so the superset per day is harmless.
 */
function markersBefore(
  key: string,
  head: ChainHead | undefined,
  records: EvidenceRecord[],
): SourceEventMarker[] {
  if (records.length === 0 || !head || head.lastBatch.length === 0) return [];
  return [
    {
      subjectKey: key,
      sequence: head.sequence,
      tip: head.recordHash,
      events: lastBatchEvents(key, head, head.lastBatchDays),
    },
  ];
}

/**
 * The markers written after the commit: this commit's events, and, when events of the head's last
 * commit came again (`redelivered`), that commit's, filed under it.
 */
function markersAfter(
  key: string,
  head: ChainHead | undefined,
  next: ChainHead | undefined,
  records: EvidenceRecord[],
  redelivered: PendingEvent[] | undefined,
): SourceEventMarker[] {
  const markers: SourceEventMarker[] = [];
  if (next && records.length > 0) {
    markers.push({
      subjectKey: key,
      sequence: next.sequence,
      tip: next.recordHash,
      events: records.map((r) => ({ subjectKey: key, eventId: r.source.eventId, observedAt: r.observedAt })),
    });
  }
  if (redelivered && head) {
    // All of that commit's events, not only this chunk's: a marker item is per (day, commit), and
    // writing part of the list would drop the rest from an item another writer has already written
    const inFlight = new Set(head.lastBatch);
    const days = new Set(head.lastBatchDays ?? []);
    for (const p of redelivered)
      if (inFlight.has(p.observation.source.eventId)) days.add(p.observation.observedAt.slice(0, 10));
    markers.push({
      subjectKey: key,
      sequence: head.sequence,
      tip: head.recordHash,
      events: lastBatchEvents(key, head, [...days]),
    });
  }
  return markers;
}

/** Every event id of the head's last commit, filed under each of the given days. */
function lastBatchEvents(key: string, head: ChainHead, days: string[] = []): SourceEventRef[] {
  return days.flatMap((day) =>
    head.lastBatch.map((eventId) => ({ subjectKey: key, eventId, observedAt: day })),
  );
}

/**
 * The subject's ePHI scope after a chunk: set by its latest Config configuration item (by event time:
 * an item older than the one that last decided is ignored). `since` stays while the scope holds.
 */
function nextEphiScope(
  head: ChainHead | undefined,
  chunk: PendingEvent[],
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
 * The events of a chunk that could have been stored before, whose markers must be read. An event newer
 * than everything the chain has seen (head.lastObservedAt moves with every commit, unchanged ones
 * included) cannot be a duplicate, so its marker need not be read: on a live stream that is almost
 * every event.
 */
export function possibleDuplicates(
  key: string,
  chunk: PendingEvent[],
  head: ChainHead | undefined,
): SourceEventRef[] {
  if (!head) return [];
  return chunk
    .filter((p) => p.observation.observedAt <= head.lastObservedAt)
    .map((p) => ({
      subjectKey: key,
      eventId: p.observation.source.eventId,
      observedAt: p.observation.observedAt,
    }));
}

/** Whether the chain's head is the one this plan wrote (its tip hash includes the plan's recorded-at). */
export function isCommitted(plan: CommitPlan, head: ChainHead | undefined): boolean {
  return (
    plan.next !== undefined &&
    plan.records.length > 0 &&
    head?.sequence === plan.next.sequence &&
    head.recordHash === plan.next.recordHash
  );
}
