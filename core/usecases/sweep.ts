/**
 * The scheduled sweep: reads the state of every safeguard from AWS's APIs and turns it into evidence
 * through the one ingest path, so "it was true every day" is answered by the chain. What did not
 * change since the last observation adds no record, only "last observed" moves. An API that failed is
 * evidence too: a collection gap, NON_COMPLIANT for the controls the API serves, resolved by the
 * first sweep in which it works again.
 */
import { INTERNAL_DETAIL_TYPES, internalEvent, type SweepDetail } from '../../evidence-schemas';
import { sha256Hex } from '../domain/hashing';
import { SWEEP_API_CONTROLS } from '../domain/sweep-apis';
import type { Transition } from '../domain/transitions';
import { UsageError } from '../ports/errors';
import type { EvidenceStore } from '../ports/evidence-store';
import type {
  ApiOutcome,
  CollectorResult,
  SweepCollector,
  SweepContext,
  SweepItem,
} from '../ports/sweep-collector';
import { checkCoverage } from './coverage';
import { type IngestDeps, type IngestInput, ingest } from './ingest';

export interface SweepDeps extends Omit<IngestDeps, 'store' | 'now'> {
  collectors: SweepCollector[];
  store: EvidenceStore;
  region: string;
  now?: () => Date;
  /**
   * The swept account. Default: the one account id the responses show (the credential report's root
   * ARN, rule, trail, user and role ARNs). When given, responses from another account are refused.
   */
  accountId?: string;
  /** services swept at once (default 3) */
  serviceConcurrency?: number;
  /** per-resource calls in flight at once, per service (default 4) */
  resourceConcurrency?: number;
  /**
   * Receives the posture transitions the sweep and its coverage check made, in commit order (the CLI
   * announces them; deployed, the drift function reads them from the table stream instead).
   */
  onTransitions?: (transitions: Transition[]) => void | Promise<void>;
}

export interface SweepGap {
  api: string;
  errorCode: string;
  controls: string[];
  failedResources?: string[];
}

export interface SweepSummary {
  /** the sweep's start time, ISO 8601: the time of every observation and the root of its event ids */
  sweepId: string;
  startedAt: string;
  finishedAt: string;
  accountId: string;
  region: string;
  observations: number;
  stored: number;
  unchanged: number;
  duplicates: number;
  ignored: number;
  quarantined: { origin: string; reason: string }[];
  failed: { origin: string; error: string }[];
  gaps: SweepGap[];
  /** controls without fresh evidence after the sweep (the coverage check that ends every sweep) */
  coverageGaps: { accountId: string; region: string; controlId: string; cause: string }[];
  /** posture transitions the sweep and its coverage check made (drift and resolution) */
  transitions: number;
}

/** The account could not be told, or the credentials belong to another account than the one asked for. */
export class SweepAccountError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'SweepAccountError';
  }
}

const MAX_FAILED_RESOURCES = 20;

/** A source event id per (sweep run, region, subject and facet): re-sending one sweep's events is harmless. */
export function sweepEventId(sweepId: string, region: string, key: string): string {
  return `sweep:${sweepId}:${region}:${sha256Hex(key).slice(0, 32)}`;
}

function serviceOf(api: string): string {
  return api.split(':')[0] ?? api;
}

/**
 * The outcomes of each API once: two collectors may call one API (the cloudwatch collector reads the
 * trails, as the cloudtrail collector does), and one API is one collection item.
 */
function mergedByApi(apis: ApiOutcome[]): ApiOutcome[] {
  const byApi = new Map<string, ApiOutcome>();
  for (const o of apis) {
    const seen = byApi.get(o.api);
    byApi.set(
      o.api,
      seen ? { api: o.api, calls: seen.calls + o.calls, failures: [...seen.failures, ...o.failures] } : o,
    );
  }
  return [...byApi.values()];
}

/** One collection gap or collection-ok item per API a collector reached (once, whichever collectors did). */
export function collectionItems(apis: ApiOutcome[]): { items: SweepItem[]; gaps: SweepGap[] } {
  const items: SweepItem[] = [];
  const gaps: SweepGap[] = [];
  for (const o of mergedByApi(apis)) {
    const controls = [...(SWEEP_API_CONTROLS[o.api] ?? [])];
    const first = o.failures[0];
    let detail: SweepDetail;
    if (first) {
      const failedResources = [...new Set(o.failures.map((f) => f.resource).filter((r): r is string => !!r))]
        .sort()
        .slice(0, MAX_FAILED_RESOURCES);
      detail = {
        kind: 'collection-gap',
        api: o.api,
        controls,
        errorCode: first.errorCode,
        message: first.message,
        ...(failedResources.length ? { failedResources } : {}),
      };
      gaps.push({
        api: o.api,
        errorCode: first.errorCode,
        controls,
        ...(failedResources.length ? { failedResources } : {}),
      });
    } else detail = { kind: 'collection-ok', api: o.api, controls };
    items.push({ key: `collector:${o.api}`, detail });
  }
  return { items, gaps };
}

function resolveAccount(given: string | undefined, seen: string[]): string {
  const distinct = [...new Set(seen)].sort();
  if (given) {
    const other = distinct.filter((a) => a !== given);
    if (other.length > 0)
      throw new SweepAccountError(
        `the credentials read account ${other.join(', ')}, not the account ${given} asked for: nothing was stored`,
      );
    return given;
  }
  if (distinct.length === 1) return distinct[0] as string;
  if (distinct.length === 0)
    throw new SweepAccountError(
      'could not tell which account was swept (no ARN in any response): pass the account id (--account-id)',
    );
  throw new SweepAccountError(`responses name several accounts (${distinct.join(', ')}): pass --account-id`);
}

export async function runSweep(deps: SweepDeps): Promise<SweepSummary> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const sweepId = started.toISOString();
  const ctx = {
    region: deps.region,
    startedAt: started,
    concurrency: deps.resourceConcurrency ?? 4,
    ...(deps.accountId ? { accountId: deps.accountId } : {}),
  };

  // services in parallel, a few at a time; a collector that breaks is a gap of its service, not a crash.
  // Collectors that address the account by id run last, with the id the others read when none was given.
  const results: { service: string; result: CollectorResult }[] = [];
  const runPhase = async (collectors: readonly SweepCollector[], phaseCtx: typeof ctx) => {
    const queue = [...collectors];
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(deps.serviceConcurrency ?? 3, queue.length)) }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) results.push(await collectSafely(c, phaseCtx));
      }),
    );
  };
  await runPhase(
    deps.collectors.filter((c) => !c.needsAccount),
    ctx,
  );
  const later = deps.collectors.filter((c) => c.needsAccount);
  if (later.length > 0) {
    const known = deps.accountId ?? [...new Set(results.flatMap((r) => r.result.accountIds))][0];
    await runPhase(later, known ? { ...ctx, accountId: known } : ctx);
  }
  results.sort((a, b) => a.service.localeCompare(b.service));

  const accountId = resolveAccount(
    deps.accountId,
    results.flatMap((r) => r.result.accountIds),
  );
  const { items: collectorItems, gaps } = collectionItems(results.flatMap((r) => r.result.apis));
  const all = [
    ...results.flatMap((r) => r.result.items.map((item) => ({ service: r.service, item }))),
    ...collectorItems.map((item) => ({ service: serviceOf(item.key.replace(/^collector:/, '')), item })),
  ];
  const inputs: IngestInput[] = all.map(({ service, item }) => ({
    raw: internalEvent(INTERNAL_DETAIL_TYPES.sweep, {
      id: sweepEventId(sweepId, deps.region, item.key),
      time: sweepId,
      account: accountId,
      region: deps.region,
      detail: item.detail,
    }),
    origin: `sweep:${service}:${item.key.slice(0, 200)}`,
  }));
  const {
    collectors: _c,
    region: _r,
    accountId: _a,
    serviceConcurrency: _s,
    resourceConcurrency: _rc,
    onTransitions: _t,
    ...ingestDeps
  } = deps;
  const result = await ingest(inputs, { ...ingestDeps, now });
  // monitoring that silently stopped is what auditors find first: every sweep ends with the coverage
  // check, so a control whose evidence went quiet (anywhere in the store) becomes a gap record
  const coverage = await checkCoverage(deps.store, {
    now: now(),
    config: { ruleMappings: deps.mappings ?? {} },
    ...(deps.recurrenceWindowMs !== undefined ? { recurrenceWindowMs: deps.recurrenceWindowMs } : {}),
  });
  await deps.onTransitions?.([...result.transitions, ...coverage.ingest.transitions]);
  return {
    sweepId,
    startedAt: sweepId,
    finishedAt: now().toISOString(),
    accountId,
    region: deps.region,
    observations: inputs.length,
    stored: result.stored,
    unchanged: result.unchanged,
    duplicates: result.duplicates,
    ignored: result.ignored,
    quarantined: result.quarantined.map(({ origin, reason }) => ({ origin, reason })),
    failed: result.failed.map(({ origin, error }) => ({ origin, error })),
    gaps,
    coverageGaps: coverage.gaps.map((g) => ({
      accountId: g.accountId,
      region: g.region,
      controlId: g.controlId,
      cause: g.gap?.cause ?? 'stale',
    })),
    transitions: result.transitions.length + coverage.ingest.transitions.length,
  };
}

/** One collector's result; a collector that throws is a gap of every API of its service, not a crash. */
async function collectSafely(
  c: SweepCollector,
  ctx: SweepContext,
): Promise<{ service: string; result: CollectorResult }> {
  try {
    return { service: c.service, result: await c.collect(ctx) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return {
      service: c.service,
      result: {
        items: [],
        accountIds: [],
        apis: Object.keys(SWEEP_API_CONTROLS)
          .filter((api) => serviceOf(api) === c.service)
          .map((api) => ({
            api,
            calls: 1,
            failures: [{ errorCode: e.name, message: e.message.slice(0, 200) }],
          })),
      },
    };
  }
}
