/**
 * Backfill: evidence for the years before deployment, from AWS Config's configuration history
 * (GetResourceConfigHistory keeps up to seven years). For each resource of the catalog's resource
 * types that Config discovered, its items since a date go through the one write path (ingest) as the
 * documents Config's history files hold, so each record keeps the item's capture time as observed time
 * and `status --at` and binders for past periods see them. Re-running adds nothing (ingest finds the
 * items duplicates); an interrupted run resumes after the last resource it finished, from a state the
 * caller keeps (a file beside the store in the CLI).
 */
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import {
  type DiscoveredResource,
  discoverResources,
  resourceHistory,
  type SkippedType,
} from '../adapters/config-history';
import type { IngestResult } from './ingest';

/** What a resumed run skips: the resources a run with the same start date finished. */
export interface BackfillState {
  since: string;
  finished: string[];
}

export interface BackfillDeps {
  config: ConfigServiceClient;
  /** ingests one history-file document ({fileVersion, configurationItems}) read for `origin` */
  ingestDocument: (document: Record<string, unknown>, origin: string) => Promise<IngestResult>;
  /** the saved state of an earlier run, if any */
  loadState: () => BackfillState | undefined;
  saveState: (state: BackfillState) => void;
  progress?: (done: number, total: number) => void;
}

export interface BackfillOptions {
  resourceTypes: readonly string[];
  since: Date;
  until?: Date;
  /** items per ingested document (default 100, one history page) */
  pageSize?: number;
}

export interface BackfillSummary {
  resources: number;
  /** finished by an earlier run with the same start date, skipped now */
  resumed: number;
  items: number;
  skippedTypes: SkippedType[];
  /** resources whose history could not be read, with the error (the run goes on; re-run to retry) */
  unread: { resource: string; error: string }[];
  /** what ingest made of the items (counts only: a backfill of years must not hold its records) */
  stored: number;
  duplicates: number;
  unchanged: number;
  ignored: number;
  quarantined: { origin: string; reason: string }[];
}

type Tally = Pick<BackfillSummary, 'stored' | 'duplicates' | 'unchanged' | 'ignored' | 'quarantined'>;

function add(tally: Tally, r: IngestResult): void {
  tally.stored += r.stored;
  tally.duplicates += r.duplicates;
  tally.unchanged += r.unchanged;
  tally.ignored += r.ignored;
  tally.quarantined.push(...r.quarantined.map((q) => ({ origin: q.origin, reason: q.reason })));
}

/** Pulls history resource by resource, ingesting it in pages and remembering each finished resource. */
export async function backfill(deps: BackfillDeps, opts: BackfillOptions): Promise<BackfillSummary> {
  const since = opts.since.toISOString();
  const earlier = deps.loadState();
  // a state from a run with another start date does not say which resources this run has covered
  const state: BackfillState = earlier?.since === since ? earlier : { since, finished: [] };
  const finished = new Set(state.finished);
  const { resources, skipped } = await discoverResources(deps.config, opts.resourceTypes);
  const todo = resources.filter((r) => !finished.has(r.key));
  const tally: Tally = { stored: 0, duplicates: 0, unchanged: 0, ignored: 0, quarantined: [] };
  const unread: BackfillSummary['unread'] = [];
  let items = 0;
  let done = resources.length - todo.length;
  deps.progress?.(done, resources.length);
  for (const resource of todo) {
    try {
      items += await ingestHistory(deps, resource, opts, tally);
      finished.add(resource.key);
      deps.saveState({ since, finished: [...finished] });
    } catch (error) {
      unread.push({ resource: resource.key, error: (error as Error).message });
    }
    deps.progress?.(++done, resources.length);
  }
  return {
    resources: resources.length,
    resumed: resources.length - todo.length,
    items,
    skippedTypes: skipped,
    unread,
    ...tally,
  };
}

async function ingestHistory(
  deps: BackfillDeps,
  resource: DiscoveredResource,
  opts: BackfillOptions,
  tally: Tally,
): Promise<number> {
  const size = opts.pageSize ?? 100;
  let page: Record<string, unknown>[] = [];
  let count = 0;
  const flush = async () => {
    if (page.length === 0) return;
    const origin = `config-history:${resource.key}#${count - page.length}`;
    const result = await deps.ingestDocument({ fileVersion: '1.0', configurationItems: page }, origin);
    add(tally, result);
    // a resource whose items were not all stored is not finished: a re-run reads it again
    if (result.failed.length > 0)
      throw new Error(`${result.failed.length} items not stored: ${result.failed[0]?.error}`);
    page = [];
  };
  for await (const item of resourceHistory(deps.config, resource, opts.since, opts.until)) {
    page.push(item);
    count++;
    if (page.length >= size) await flush();
  }
  await flush();
  return count;
}
