/**
 * The one write path: every event, whatever its origin (SQS in Lambda, files in the CLI, the sweep),
 * becomes evidence here. Parse -> normalize -> assess -> hash -> append to the subject's chain ->
 * posture. Invalid input is quarantined with its reason; nothing is dropped.
 */
import type { EvidenceRecord } from '../../evidence-schemas';
import { assess, type RuleMappings } from '../domain/catalog';
import { linkRecord, type PreparedRecord, prepareRecord } from '../domain/chain';
import { fromConfigItem, type ParseOutcome, parseEvent } from '../domain/normalize';
import { type Observation, subjectKey } from '../domain/observation';
import { type PostureEntry, postureEntries } from '../domain/posture';
import { type RedactionPolicy, redactionPolicy } from '../domain/redact';
import { ChainConflictError } from '../ports/errors';
import { type ChainHead, type EvidenceStore, eventKey } from '../ports/evidence-store';
import type { NormalizedConfigItem } from '../../evidence-schemas';
import { sha256Hex } from '../domain/hashing';

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
  /** records appended by this call, in commit order */
  records: EvidenceRecord[];
}

export interface IngestDeps {
  store: EvidenceStore;
  now?: () => Date;
  mappings?: RuleMappings;
  redaction?: RedactionPolicy;
  /** fetches the full item behind an oversized Config notification (deployed); absent locally */
  fetchConfigItem?: (resourceType: string, resourceId: string) => Promise<NormalizedConfigItem | undefined>;
  /** subjects processed at once */
  concurrency?: number;
  /** records per chain commit (bounds the head item's size) */
  commitSize?: number;
}

interface Pending {
  index: number;
  prepared: PreparedRecord;
  observation: Observation;
  subjectKey: string;
}

const MAX_CONFLICT_RETRIES = 25;

export async function ingest(inputs: IngestInput[], deps: IngestDeps): Promise<IngestResult> {
  const now = deps.now ?? (() => new Date());
  const policy = deps.redaction ?? redactionPolicy();
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
  };

  // 1. parse, normalize and assess: pure
  const pending: Pending[] = [];
  const toQuarantine: { index: number; reason: string }[] = [];
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index]!;
    let outcome: ParseOutcome = input.readError
      ? { kind: 'invalid', reason: input.readError }
      : safeParse(input.raw, policy);
    if (outcome.kind === 'observation' && outcome.observation.facts.type === 'configuration-summary' && deps.fetchConfigItem) {
      outcome = await expandOversized(outcome.observation, deps, policy);
    }
    if (outcome.kind === 'invalid') toQuarantine.push({ index, reason: outcome.reason });
    else if (outcome.kind === 'ignored') {
      result.ignored++;
      result.statuses[index] = 'ignored';
    } else {
      const obs = outcome.observation;
      pending.push({ index, observation: obs, prepared: prepareRecord(obs, assess(obs, deps.mappings)), subjectKey: subjectKey(obs.subject) });
    }
  }

  // 2. quarantine first: bad input is kept even if the store fails later
  if (toQuarantine.length > 0) {
    const recordedAt = now().toISOString();
    try {
      await deps.store.quarantine(
        toQuarantine.map(({ index, reason }) => {
          const input = inputs[index]!;
          const raw = typeof input.raw === 'string' ? input.raw : JSON.stringify(input.raw) ?? String(input.raw);
          return { id: sha256Hex(`${input.origin}\u0000${raw}`).slice(0, 24), recordedAt, reason, origin: input.origin, index, raw };
        }),
      );
      for (const q of toQuarantine) {
        result.quarantined.push({ index: q.index, origin: inputs[q.index]!.origin, reason: q.reason });
        result.statuses[q.index] = 'quarantined';
      }
    } catch (error) {
      for (const q of toQuarantine) result.failed.push({ index: q.index, origin: inputs[q.index]!.origin, error: errorText(error) });
    }
  }

  // 3. append per subject, subjects in parallel, each subject's events in input order
  const groups = new Map<string, Pending[]>();
  for (const p of pending) groups.set(p.subjectKey, [...(groups.get(p.subjectKey) ?? []), p]);
  const heads = await deps.store.getHeads([...groups.keys()]).catch(() => undefined);
  const known = await deps.store
    .findSourceEvents(pending.map((p) => ({ subjectKey: p.subjectKey, eventId: p.observation.source.eventId })))
    .catch(() => undefined);
  await forEachLimit([...groups.entries()], deps.concurrency ?? 8, async ([key, items]) => {
    try {
      await appendSubject(key, items, deps, result, now, { head: heads?.get(key), known, preloaded: heads !== undefined && known !== undefined });
    } catch (error) {
      for (const p of items) {
        if (result.statuses[p.index] !== 'failed') continue;
        result.failed.push({ index: p.index, origin: inputs[p.index]!.origin, error: errorText(error) });
      }
    }
  });
  result.failed.sort((a, b) => a.index - b.index);
  result.quarantined.sort((a, b) => a.index - b.index);
  return result;
}

function safeParse(raw: unknown, policy: RedactionPolicy): ParseOutcome {
  try {
    return parseEvent(raw, policy);
  } catch (error) {
    // a parser bug must not lose the event: quarantine it with the error
    return { kind: 'invalid', reason: `parser error: ${errorText(error)}` };
  }
}

async function expandOversized(obs: Observation, deps: IngestDeps, policy: RedactionPolicy): Promise<ParseOutcome> {
  try {
    const ci = await deps.fetchConfigItem!(obs.subject.resourceType, obs.subject.resourceId);
    if (ci) {
      const full = fromConfigItem(ci, 'config-item-change', policy);
      if (full.kind === 'observation') full.observation.source = { ...full.observation.source, kind: 'config-item-oversized' };
      return full;
    }
  } catch {
    // keep the summary: it is still evidence that the resource changed
  }
  return { kind: 'observation', observation: obs };
}

async function appendSubject(
  key: string,
  items: Pending[],
  deps: IngestDeps,
  result: IngestResult,
  now: () => Date,
  preload: { head: ChainHead | undefined; known: Set<string> | undefined; preloaded: boolean },
): Promise<void> {
  const commitSize = deps.commitSize ?? 50;
  let remaining = items;
  let head = preload.head;
  let known = preload.known;
  let fresh = preload.preloaded;
  let conflicts = 0;
  while (remaining.length > 0) {
    if (!fresh) {
      head = (await deps.store.getHeads([key])).get(key);
      known = await deps.store.findSourceEvents(remaining.map((p) => ({ subjectKey: key, eventId: p.observation.source.eventId })));
    }
    fresh = false;
    const chunk = remaining.slice(0, commitSize);
    const plan = planCommit(key, chunk, head, known ?? new Set(), now().toISOString());
    try {
      if (plan.records.length > 0) await deps.store.putRecords(key, plan.records);
      if (plan.next) {
        try {
          await deps.store.commitHead(plan.next, head?.sequence);
        } catch (error) {
          if (plan.records.length > 0) await deps.store.deleteRecords(key, plan.records).catch(() => undefined);
          throw error;
        }
      }
    } catch (error) {
      if (error instanceof ChainConflictError && conflicts < MAX_CONFLICT_RETRIES) {
        conflicts++;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * conflicts));
        continue; // re-read the head and plan again
      }
      throw error;
    }
    // committed: posture (with roll-forward of a possibly interrupted previous commit), then markers
    await deps.store.applyPosture(plan.posture);
    await deps.store.markSourceEvents(plan.markers);
    for (const [index, status] of plan.statuses) {
      result.statuses[index] = status;
      if (status === 'stored') result.stored++;
      else if (status === 'duplicate') result.duplicates++;
      else if (status === 'unchanged') result.unchanged++;
    }
    result.records.push(...plan.records);
    head = plan.next ?? head;
    remaining = remaining.slice(chunk.length);
    fresh = true;
    known = new Set([...(known ?? []), ...plan.markers.map((m) => eventKey(key, m.eventId))]);
  }
}

interface CommitPlan {
  records: EvidenceRecord[];
  next?: ChainHead;
  posture: PostureEntry[];
  markers: { subjectKey: string; eventId: string; evidenceId: string }[];
  statuses: [number, InputStatus][];
}

/** Decides, for one chunk of one subject's events, what to append and what is duplicate or unchanged. */
export function planCommit(key: string, chunk: Pending[], head: ChainHead | undefined, known: Set<string>, recordedAt: string): CommitPlan {
  const records: EvidenceRecord[] = [];
  const posture: PostureEntry[] = [];
  const statuses: [number, InputStatus][] = [];
  const facets = { ...(head?.facets ?? {}) };
  const inFlight = new Set(head?.lastBatch ?? []);
  const seenHere = new Set<string>();
  let tip = head ? { sequence: head.sequence, recordHash: head.recordHash } : undefined;
  let lastObservedAt = head?.lastObservedAt ?? '';
  let touched = false;
  for (const p of chunk) {
    const eventId = p.observation.source.eventId;
    const observedAt = p.observation.observedAt;
    if (known.has(eventKey(key, eventId)) || seenHere.has(eventId)) {
      statuses.push([p.index, 'duplicate']);
      continue;
    }
    if (inFlight.has(eventId)) {
      // committed by an earlier attempt that may have stopped before posture: re-apply (idempotent)
      posture.push(...postureEntries(linkRecord(p.prepared, undefined, recordedAt), key));
      statuses.push([p.index, 'duplicate']);
      seenHere.add(eventId);
      continue;
    }
    seenHere.add(eventId);
    const facet = facets[p.prepared.facet];
    if (observedAt > lastObservedAt) {
      lastObservedAt = observedAt;
      touched = true;
    }
    if (facet && facet.stateHash === p.prepared.stateHash && observedAt >= facet.observedAt) {
      facets[p.prepared.facet] = { stateHash: facet.stateHash, observedAt };
      statuses.push([p.index, 'unchanged']);
      touched = true;
      continue;
    }
    const record = linkRecord(p.prepared, tip, recordedAt);
    tip = { sequence: record.integrity.sequence, recordHash: record.integrity.recordHash };
    if (!facet || observedAt >= facet.observedAt) facets[p.prepared.facet] = { stateHash: p.prepared.stateHash, observedAt };
    records.push(record);
    posture.push(...postureEntries(record, key));
    statuses.push([p.index, 'stored']);
  }
  // event facets are one-off: keeping them would grow the head without bound
  for (const f of Object.keys(facets)) if (f.startsWith('event:')) delete facets[f];
  const subject = chunk[0]!.observation.subject;
  const next: ChainHead | undefined =
    records.length > 0 || touched
      ? {
          subjectKey: key,
          subject: head?.subject ?? subject,
          sequence: tip?.sequence ?? 0,
          recordHash: tip?.recordHash ?? '',
          lastObservedAt,
          facets,
          lastBatch: records.map((r) => r.source.eventId),
        }
      : undefined;
  if (next && records.length === 0) next.lastBatch = head?.lastBatch ?? [];
  return {
    records,
    ...(next ? { next } : {}),
    posture: latestPerControl(posture),
    markers: records.map((r) => ({ subjectKey: key, eventId: r.source.eventId, evidenceId: r.evidenceId })),
    statuses,
  };
}

function latestPerControl(entries: PostureEntry[]): PostureEntry[] {
  const best = new Map<string, PostureEntry>();
  for (const e of entries) {
    const cur = best.get(e.controlId);
    if (!cur || cur.orderKey < e.orderKey) best.set(e.controlId, e);
  }
  return [...best.values()];
}

async function forEachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
