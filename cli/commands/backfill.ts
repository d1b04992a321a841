import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONTROLS } from '../../core/domain/controls';
import { expandDocument } from '../../core/domain/normalize';
import { redactionPolicy } from '../../core/domain/redact';
import { UsageError } from '../../core/ports/errors';
import { type BackfillState, type BackfillSummary, backfill } from '../../core/usecases/backfill';
import { ingest } from '../../core/usecases/ingest';
import type { Composition, GlobalOptions } from '../composition';
import { parseCliTime } from '../dates';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';
import { progressBar } from '../progress';

export interface BackfillCommandOptions extends GlobalOptions {
  since: string;
  until?: string;
  region?: string;
  profile?: string;
  resourceTypes?: string[];
  /** forget what an interrupted run finished and read every resource again */
  restart?: boolean;
}

/** The AWS resource types the catalog's controls judge from configuration items. */
export function catalogResourceTypes(): string[] {
  return [...new Set(CONTROLS.flatMap((c) => c.resourceTypes))].filter((t) => t.startsWith('AWS::')).sort();
}

/** Where a run keeps what it finished, beside the data it writes: per store and region. */
function statePath(opts: BackfillCommandOptions, region: string): string {
  const store = opts.endpoint
    ? `${new URL(opts.endpoint).host.replace(/[^\w.-]/g, '_')}-${opts.table}`
    : 'embedded';
  return join(opts.dataDir, 'backfill', `${store}-${region}.json`);
}

function loadState(path: string): BackfillState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as BackfillState;
    return typeof s.since === 'string' && Array.isArray(s.finished) ? s : undefined;
  } catch {
    // a state that cannot be read is not trusted: the run reads every resource again (ingest dedupes)
    return undefined;
  }
}

function saveState(path: string, state: BackfillState): void {
  mkdirSync(dirname(path), { recursive: true });
  // written aside and renamed: an interrupted write leaves the previous state, never half of one
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}

export function formatBackfill(s: BackfillSummary, region: string): string {
  const lines = [
    `backfill in ${region}: ${s.resources} resources (${s.resumed} finished by an earlier run), ${s.items} history items`,
    `  stored ${s.stored}, duplicates ${s.duplicates}, unchanged ${s.unchanged}, ignored ${s.ignored}, quarantined ${s.quarantined.length}`,
  ];
  for (const t of s.skippedTypes) lines.push(`  skipped ${t.resourceType}: ${t.reason}`);
  for (const u of s.unread) lines.push(`  not read ${u.resource}: ${u.error} (run again to retry)`);
  for (const q of s.quarantined) lines.push(`  quarantined ${q.origin}: ${q.reason}`);
  return lines.join('\n');
}

/**
 * `evidence backfill --since DATE`: the configuration history AWS Config kept before deployment,
 * through the one write path, dated by each item's capture time.
 */
export async function backfillCommand(
  opts: BackfillCommandOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  const since = parseCliTime(opts.since, '--since');
  const until = opts.until ? parseCliTime(opts.until, '--until', { endOfDay: true }) : undefined;
  if (until && until <= since)
    throw new UsageError(`--until (${opts.until}) is not after --since (${opts.since})`);
  const known = catalogResourceTypes();
  const asked = (opts.resourceTypes ?? []).flatMap((t) => t.split(',')).filter((t) => t !== '');
  for (const t of asked)
    if (!known.includes(t))
      throw new UsageError(
        `--resource-types: ${t} is not a type the catalog judges (one of ${known.join(', ')})`,
      );
  const aws = app.configHistory({
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  });
  try {
    let region: string;
    try {
      region = opts.region ?? (await aws.client.config.region());
    } catch {
      throw new UsageError('no AWS region: pass --region or set AWS_REGION');
    }
    const path = statePath(opts, region);
    const ctx = await app.open();
    const bar = progressBar(!out.json && process.stderr.isTTY === true);
    try {
      const deps = {
        store: ctx.store,
        mappings: ctx.config.ruleMappings,
        redaction: redactionPolicy(ctx.config.redactKeys, ctx.config.ephi.tags),
        maxClockSkewMinutes: ctx.config.maxClockSkewMinutes,
      };
      const summary = await backfill(
        {
          config: aws.client,
          ingestDocument: (doc, origin) =>
            ingest(
              expandDocument(doc).map((raw) => ({ raw, origin })),
              deps,
            ),
          loadState: () => (opts.restart ? undefined : loadState(path)),
          saveState: (s) => saveState(path, s),
          progress: (done, total) => bar.update({ phase: 'backfill', done, total }),
        },
        {
          resourceTypes: asked.length > 0 ? asked : known,
          since: new Date(since),
          ...(until ? { until: new Date(until) } : {}),
        },
      );
      bar.done();
      out.result({ region, state: path, ...summary }, () => formatBackfill(summary, region));
      if (summary.unread.length > 0) return EXIT.store;
      return summary.quarantined.length > 0 ? EXIT.quarantined : EXIT.ok;
    } finally {
      bar.done();
      await ctx.close();
    }
  } finally {
    aws.close();
  }
}
