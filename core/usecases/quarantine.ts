/**
 * The quarantine: inputs ingest could not turn into evidence, kept with their reason. Listing shows
 * them; a redrive sends each stored input through ingest() again (after a parser fix or a configuration
 * change) and records the verdict on the item itself. Items are never deleted: a resolved item stays,
 * with when, how and which evidence records it became, as the evidence of what arrived.
 */
import type { Transition } from '../domain/transitions';
import type {
  EvidenceStore,
  QuarantineItem,
  QuarantineState,
  RedriveOutcome,
  StoredQuarantineItem,
} from '../ports/evidence-store';
import { type IngestDeps, type IngestInput, ingest } from './ingest';

/** A quarantined item as listed: everything but the stored input itself. */
export type QuarantineListing = Omit<StoredQuarantineItem, 'raw'>;

export interface QuarantineFilter {
  /** case-insensitive text the reason must contain */
  reason?: string;
  /** only items recorded at or after this ISO 8601 time */
  since?: string;
  /** default 'open' */
  state?: QuarantineState | 'all';
}

/** Quarantined items matching the filter, oldest first. */
export async function listQuarantined(
  store: EvidenceStore,
  filter: QuarantineFilter = {},
): Promise<QuarantineListing[]> {
  const state = filter.state ?? 'open';
  const text = filter.reason?.toLowerCase();
  const out: QuarantineListing[] = [];
  for await (const item of store.listQuarantine()) {
    if (state !== 'all' && item.state !== state) continue;
    if (filter.since && item.recordedAt < filter.since) continue;
    if (text && !item.reason.toLowerCase().includes(text)) continue;
    const { raw: _raw, ...listed } = item;
    out.push(listed);
  }
  return out.sort(byArrival);
}

/** Some of the ids asked for name no quarantined item. */
export class QuarantineNotFoundError extends Error {
  readonly ids: string[];
  constructor(ids: string[]) {
    super(`no quarantined item has the id ${ids.join(', ')} (see evidence quarantine list --state all)`);
    this.name = 'QuarantineNotFoundError';
    this.ids = ids;
  }
}

/** What became of one quarantined input (all stored copies of it: same id, recorded more than once). */
export type RedriveResult =
  | 'resolved'
  | 'already-resolved'
  | 'quarantined'
  | 'truncated'
  | 'failed'
  | 'conflict';

export interface RedriveItemReport {
  id: string;
  origin: string;
  /** stored copies of this input (the same input quarantined again from the same origin) */
  copies: number;
  result: RedriveResult;
  outcome?: RedriveOutcome;
  evidenceIds?: string[];
  /** still quarantined: the reason now */
  reason?: string;
  attempts?: number;
  /** truncated, failed or conflict: what happened and what to do */
  message?: string;
}

export interface RedriveReport {
  items: RedriveItemReport[];
  resolved: number;
  alreadyResolved: number;
  quarantined: number;
  truncated: number;
  failed: number;
  conflicts: number;
  /** posture transitions the redriven evidence made */
  transitions: Transition[];
}

export type RedriveSelection = { ids: string[] } | { all: true };

/**
 * Sends quarantined inputs through ingest() again with the given dependencies (current mappings,
 * redaction, parser). Stored, duplicate, unchanged and ignored inputs become resolved; still invalid
 * ones stay open with the new reason and one more attempt. Ingest's own quarantine step is not allowed
 * to write: the item is updated in place, so a redrive never leaves a second copy. Running it twice
 * changes nothing more: resolved items are "already resolved" and their events are duplicates anyway.
 *
 * Throws QuarantineNotFoundError, before redriving anything, when an id names no item.
 */
export async function redriveQuarantine(
  selection: RedriveSelection,
  deps: IngestDeps,
): Promise<RedriveReport> {
  const now = deps.now ?? (() => new Date());
  const byId = new Map<string, StoredQuarantineItem[]>();
  for await (const item of deps.store.listQuarantine()) {
    const copies = byId.get(item.id);
    if (copies) copies.push(item);
    else byId.set(item.id, [item]);
  }
  let groups: StoredQuarantineItem[][];
  if ('ids' in selection) {
    const ids = [...new Set(selection.ids)];
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw new QuarantineNotFoundError(missing);
    groups = ids.map((id) => byId.get(id) ?? []);
  } else {
    groups = [...byId.values()].filter((copies) => copies.some((c) => c.state === 'open'));
  }
  // in arrival order, so a subject's events are replayed in the order they came
  for (const copies of groups) copies.sort(byArrival);
  groups.sort((a, b) => byArrival(a[0]!, b[0]!));

  const report: RedriveReport = {
    items: [],
    resolved: 0,
    alreadyResolved: 0,
    quarantined: 0,
    truncated: 0,
    failed: 0,
    conflicts: 0,
    transitions: [],
  };
  const ingestDeps: IngestDeps = { ...deps, store: withoutQuarantineWrites(deps.store) };
  for (const copies of groups) {
    const first = copies[0]!;
    const open = copies.filter((c) => c.state === 'open');
    const base = { id: first.id, origin: first.origin, copies: copies.length };
    if (open.length === 0) {
      report.alreadyResolved++;
      report.items.push({
        ...base,
        result: 'already-resolved',
        ...(first.outcome ? { outcome: first.outcome } : {}),
        evidenceIds: copies.flatMap((c) => c.evidenceIds ?? []),
      });
      continue;
    }
    const truncated = open.find((c) => c.truncated);
    if (truncated) {
      report.truncated++;
      report.items.push({
        ...base,
        result: 'truncated',
        message:
          `${truncated.id} (${truncated.origin}) cannot be redriven: the input was ${truncated.bytes} bytes ` +
          `and only its first ${Buffer.byteLength(truncated.raw)} were kept; send the original ` +
          `(sha256 ${truncated.rawSha256}) through evidence ingest again`,
      });
      continue;
    }

    const result = await ingest([inputOf(first)], ingestDeps);
    const status = result.statuses[0];
    const attemptedAt = now().toISOString();
    if (status === 'failed' || status === undefined) {
      report.failed++;
      report.items.push({
        ...base,
        result: 'failed',
        message: `not written, nothing changed (retry): ${result.failed[0]?.error ?? 'no result'}`,
      });
      continue;
    }
    report.transitions.push(...result.transitions);
    const update =
      status === 'quarantined'
        ? { state: 'open' as const, reason: result.quarantined[0]?.reason ?? 'invalid' }
        : {
            state: 'resolved' as const,
            outcome: status,
            evidenceIds: result.records.map((r) => r.evidenceId),
          };
    let applied = true;
    for (const copy of open) {
      const ok = await deps.store.updateQuarantine({
        id: copy.id,
        recordedAt: copy.recordedAt,
        expectedAttempts: copy.attempts,
        attemptedAt,
        ...update,
      });
      applied &&= ok;
    }
    const attempts = Math.max(...open.map((c) => c.attempts)) + 1;
    if (!applied) {
      // another redrive got there first; the evidence side is idempotent, so only the count is at stake
      report.conflicts++;
      report.items.push({
        ...base,
        result: 'conflict',
        message: 'changed by another redrive while this one ran; list it again to see where it stands',
      });
    } else if (update.state === 'open') {
      report.quarantined++;
      report.items.push({ ...base, result: 'quarantined', reason: update.reason, attempts });
    } else {
      report.resolved++;
      report.items.push({
        ...base,
        result: 'resolved',
        outcome: update.outcome,
        evidenceIds: update.evidenceIds,
        attempts,
      });
    }
  }
  return report;
}

/**
 * The input as ingest received it. Ingest stored parsed JSON as its JSON text and unreadable input as
 * the text itself, so text that does not parse goes back as a read error (and stays quarantined).
 */
function inputOf(item: StoredQuarantineItem): IngestInput {
  try {
    const raw: unknown = JSON.parse(item.raw);
    return { raw, origin: item.origin };
  } catch (error) {
    return {
      raw: item.raw,
      origin: item.origin,
      readError: `stored input is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * The store as ingest sees it during a redrive: quarantining writes nothing (the redrive records the
 * verdict on the existing item instead). A proxy rather than a wrapper class, so every other method of
 * the port, present or future, reaches the real store unchanged.
 */
function withoutQuarantineWrites(store: EvidenceStore): EvidenceStore {
  const quarantine = async (_items: QuarantineItem[]): Promise<void> => undefined;
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'quarantine') return quarantine;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Arrival order: when it was recorded, then its place in the batch it came in. */
function byArrival(a: ArrivalKey, b: ArrivalKey): number {
  if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt ? -1 : 1;
  return a.index - b.index || a.id.localeCompare(b.id);
}

type ArrivalKey = Pick<StoredQuarantineItem, 'recordedAt' | 'index' | 'id'>;
