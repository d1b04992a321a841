import { isDigestFile } from '../../core/adapters/cloudtrail-archive';
import { redactionPolicy } from '../../core/domain/redact';
import { UsageError } from '../../core/ports/errors';
import { append } from '../../core/support/arrays';
import {
  emptyIngestResult,
  type IngestDeps,
  type IngestInput,
  type IngestResult,
  ingest,
  mergeIngestResults,
} from '../../core/usecases/ingest';
import type { Composition, GlobalOptions } from '../composition';
import { EXIT } from '../exit-codes';
import { formatIngest, formatNotifications } from '../format';
import { listInputFiles, streamInputs } from '../input';
import { notificationSummary, recurrenceWindowMs, type SlackOptions } from '../notify';
import type { Output } from '../output';
import { closeS3Inputs, isS3Url, listS3Inputs } from '../s3-inputs';
import { type ArchiveSummary, checkTrailArchive, recordProvenance } from '../trail-archive';

export interface IngestCommandOptions extends GlobalOptions, SlackOptions {
  /** CloudTrail's public keys for an archive's digests: a file of ListPublicKeys output, or `aws` */
  trailPublicKeys?: string;
  /** inputs read, parsed and committed at a time (default INGEST_BATCH) */
  batch?: string;
}

/**
 * Inputs per ingest call: the command reads, parses and commits this many at a time, so its memory is
 * bounded whatever the size of the input (a directory of a year of CloudTrail files, a Config snapshot).
 */
export const INGEST_BATCH = 2_000;

/**
 * A batch's result as the command keeps it: counts and lists, not the records and statuses (which a long
 * import cannot hold), and the transitions only when Slack will be told of them.
 */
function kept(r: IngestResult, transitions: boolean): IngestResult {
  return { ...r, statuses: [], records: [], transitions: transitions ? r.transitions : [] };
}

export async function ingestCommand(
  paths: string[],
  opts: IngestCommandOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  const batchSize = opts.batch === undefined ? INGEST_BATCH : Number(opts.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new UsageError(`--batch: not a whole number of inputs above 0: ${opts.batch}`);
  try {
    const files: string[] = [];
    for (const p of paths.length > 0 ? paths : ['-'])
      append(files, isS3Url(p) ? await listS3Inputs(p) : listInputFiles([p]));
    // digest files vouch for log files; they are not events
    const digestFiles = files.filter(isDigestFile);
    const eventFiles = files.filter((f) => !isDigestFile(f));
    return await ingestFiles(digestFiles, eventFiles, batchSize, opts, out, app);
  } finally {
    closeS3Inputs();
  }
}

async function ingestFiles(
  digestFiles: string[],
  eventFiles: string[],
  batchSize: number,
  opts: IngestCommandOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  const archive = await checkTrailArchive(digestFiles, eventFiles, opts.trailPublicKeys);
  const ctx = await app.open();
  try {
    const slack = ctx.slack(opts);
    const deps: IngestDeps = {
      store: ctx.store,
      mappings: ctx.config.ruleMappings,
      redaction: redactionPolicy(ctx.config.redactKeys, ctx.config.ephi.tags),
      recurrenceWindowMs: recurrenceWindowMs(ctx.config),
      maxClockSkewMinutes: ctx.config.maxClockSkewMinutes,
    };
    let total = emptyIngestResult();
    let transitions = 0;
    let batch: IngestInput[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const r = await ingest(batch, deps);
      transitions += r.transitions.length;
      total = mergeIngestResults(total, kept(r, !!slack.routing));
      batch = [];
      ctx.collectGarbage();
    };
    for (const file of eventFiles) {
      const p = archive?.provenanceOf(file);
      const provenance = p && recordProvenance(file, p);
      for await (const input of streamInputs(file)) {
        // a log file whose hash differs from its signed digest is not evidence: its events are kept aside
        if (p?.status === 'tampered')
          batch.push({ ...input, readError: `CloudTrail log file altered since delivery: ${p.reason}` });
        else batch.push(provenance && !input.readError ? { ...input, provenance } : input);
        if (batch.length >= batchSize) await flush();
      }
    }
    await flush();
    const notified = slack.routing ? await slack.announce(total.transitions) : undefined;
    const { transitions: _t, statuses: _s, records: _r, ...summary } = total;
    out.result(
      {
        ...summary,
        transitions,
        ...(archive ? { archive: archive.summary } : {}),
        ...(notified ? { notifications: notificationSummary(notified) } : {}),
      },
      () =>
        [
          formatIngest(total),
          ...(archive ? [formatArchive(archive.summary)] : []),
          ...(notified ? [formatNotifications(notified)] : []),
        ].join('\n'),
    );
    if (total.failed.length > 0) return EXIT.store;
    return total.quarantined.length > 0 ? EXIT.quarantined : EXIT.ok;
  } finally {
    await ctx.close();
  }
}

/** What the CloudTrail archive's digests said of its log files, and what is wrong with the archive. */
function formatArchive(s: ArchiveSummary): string {
  const lines = [
    `CloudTrail archive: ${s.digests} digest files (${s.validDigests} signatures verified); log files: ${s.logFiles.validated} digest-validated, ${s.logFiles.notValidated} not validated, ${s.logFiles.tampered} altered`,
  ];
  for (const f of s.findings) lines.push(`  ${f}`);
  return lines.join('\n');
}
