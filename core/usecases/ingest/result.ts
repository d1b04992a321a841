import type { EvidenceRecord } from '../../../evidence-schemas';
import type { PlannedStatus } from '../../domain/commit-plan';
import type { Transition } from '../../domain/transitions';

/** What ingest made of one input. */
export type InputStatus = PlannedStatus | 'ignored' | 'quarantined' | 'failed';

/** What one ingest call did with its inputs. */
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

/** The result of ingesting nothing: what a sum of results starts from. */
export function emptyIngestResult(): IngestResult {
  return {
    received: 0,
    stored: 0,
    duplicates: 0,
    unchanged: 0,
    ignored: 0,
    quarantined: [],
    failed: [],
    statuses: [],
    records: [],
    transitions: [],
  };
}

/**
 * Two results as one, as if `b`'s inputs had followed `a`'s in a single call: counts add up, lists
 * are concatenated, and `b`'s input indexes move past `a`'s inputs.
 */
export function mergeIngestResults(a: IngestResult, b: IngestResult): IngestResult {
  const offset = a.received;
  return {
    received: a.received + b.received,
    stored: a.stored + b.stored,
    duplicates: a.duplicates + b.duplicates,
    unchanged: a.unchanged + b.unchanged,
    ignored: a.ignored + b.ignored,
    quarantined: [...a.quarantined, ...b.quarantined.map((q) => ({ ...q, index: q.index + offset }))],
    failed: [...a.failed, ...b.failed.map((f) => ({ ...f, index: f.index + offset }))],
    statuses: [...a.statuses, ...b.statuses],
    records: [...a.records, ...b.records],
    transitions: [...a.transitions, ...b.transitions],
  };
}
