/**
 * The coverage check: finds controls whose evidence went quiet and records each gap, and each return
 * to fresh evidence, as evidence through the one ingest path (an 'Evidence Coverage Check' internal
 * event per changed state). Drift alerts then come from the ordinary posture transitions of the
 * coverage subjects. Idempotent: a gap that persists is "unchanged" on every later check.
 * The CLI (`evidence coverage`) and the daily sweep call it.
 */
import { INTERNAL_DETAIL_TYPES, internalEvent } from '../../evidence-schemas';
import type { RuleMappings } from '../domain/catalog';
import { type CoverageEntry, computeCoverage, coverageFactsOf, entriesToRecord } from '../domain/coverage';
import { sha256Hex } from '../domain/hashing';
import type { ChainHead, EvidenceStore } from '../ports/evidence-store';
import { type IngestResult, ingest } from './ingest';

export interface CoverageCheckOptions {
  /** the time of the check */
  now: Date;
  config?: { ruleMappings?: RuleMappings };
  /** a drift within this long after a resolution is "recurring" (default 7 days) */
  recurrenceWindowMs?: number;
}

export interface CoverageCheckResult {
  checkedAt: string;
  /** coverage of every (account, region, control) that has had evidence */
  entries: CoverageEntry[];
  /** the entries in a gap now */
  gaps: CoverageEntry[];
  /** what recording the states did (stored / unchanged) and the transitions (new gaps, resolutions) */
  ingest: IngestResult;
}

/** Coverage as of `now`, from the chain heads, without recording anything (status uses it). */
export async function currentCoverage(
  store: EvidenceStore,
  options: { now: Date; config?: { ruleMappings?: RuleMappings } },
): Promise<CoverageEntry[]> {
  const heads: ChainHead[] = [];
  for await (const head of store.listHeads()) heads.push(head);
  return computeCoverage(heads, {
    now: options.now.toISOString(),
    mappings: options.config?.ruleMappings ?? {},
  });
}

/** The internal event that records one entry's state at `checkedAt`. */
export function coverageEvent(e: CoverageEntry, checkedAt: string): Record<string, unknown> {
  const { type: _type, ...facts } = coverageFactsOf(e);
  return internalEvent(INTERNAL_DETAIL_TYPES.coverage, {
    // one id per state and check: a re-sent check is a duplicate, a later check of the same gap unchanged
    id: `coverage-${sha256Hex(`${e.accountId}\u0000${e.region}\u0000${e.controlId}\u0000${e.state}\u0000${checkedAt}`).slice(0, 32)}`,
    time: checkedAt,
    account: e.accountId,
    region: e.region,
    detail: { accountId: e.accountId, region: e.region, ...facts },
  });
}

/** Runs the check and records what changed. */
export async function checkCoverage(
  store: EvidenceStore,
  options: CoverageCheckOptions,
): Promise<CoverageCheckResult> {
  const checkedAt = options.now.toISOString();
  const entries = await currentCoverage(store, options);
  const inputs = entriesToRecord(entries).map((e) => ({
    raw: coverageEvent(e, checkedAt),
    origin: `coverage-check:${e.accountId}/${e.region}/${e.controlId}`,
  }));
  const result = await ingest(inputs, {
    store,
    now: () => options.now,
    mappings: options.config?.ruleMappings ?? {},
    ...(options.recurrenceWindowMs !== undefined ? { recurrenceWindowMs: options.recurrenceWindowMs } : {}),
  });
  return { checkedAt, entries, gaps: entries.filter((e) => e.state === 'gap'), ingest: result };
}
