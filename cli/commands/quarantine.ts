import { redactionPolicy } from '../../core/domain/redact';
import { UsageError } from '../../core/ports/errors';
import type { QuarantineState } from '../../core/ports/evidence-store';
import {
  listQuarantined,
  type QuarantineListing,
  QuarantineNotFoundError,
  type RedriveItemReport,
  type RedriveReport,
  redriveQuarantine,
} from '../../core/usecases/quarantine';
import type { Composition, GlobalOptions } from '../composition';
import { parseCliTime } from '../dates';
import { EXIT } from '../exit-codes';
import { formatNotifications } from '../format';
import { notificationSummary, recurrenceWindowMs, type SlackOptions } from '../notify';
import type { Output } from '../output';

export interface QuarantineListOptions extends GlobalOptions {
  reason?: string;
  since?: string;
  state: QuarantineState | 'all';
}

/** `evidence quarantine list`: quarantined inputs with why, how big and where they stand. */
export async function quarantineListCommand(
  opts: QuarantineListOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  const since = opts.since !== undefined ? parseCliTime(opts.since, '--since', { noun: 'time' }) : undefined;
  const ctx = await app.open({ existing: true });
  try {
    const items = await listQuarantined(ctx.store, {
      state: opts.state,
      ...(since ? { since } : {}),
      ...(opts.reason ? { reason: opts.reason } : {}),
    });
    out.result({ count: items.length, items }, () => formatList(items, opts.state));
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

export interface QuarantineRedriveOptions extends GlobalOptions, SlackOptions {
  all?: boolean;
}

/**
 * `evidence quarantine redrive`: sends quarantined inputs through ingest again with today's parser and
 * configuration. Exit 0 when every item named is resolved, 3 when some remain quarantined, 5 when the
 * store failed (retry: nothing was lost).
 */
export async function quarantineRedriveCommand(
  ids: string[],
  opts: QuarantineRedriveOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  if (ids.length === 0 && !opts.all)
    throw new UsageError('name the quarantined ids to redrive, or pass --all');
  if (ids.length > 0 && opts.all) throw new UsageError('pass either ids or --all, not both');
  const ctx = await app.open();
  try {
    const slack = ctx.slack(opts);
    let report: RedriveReport;
    try {
      report = await redriveQuarantine(opts.all ? { all: true } : { ids }, {
        store: ctx.store,
        mappings: ctx.config.ruleMappings,
        redaction: redactionPolicy(ctx.config.redactKeys),
        recurrenceWindowMs: recurrenceWindowMs(ctx.config),
        maxClockSkewMinutes: ctx.config.maxClockSkewMinutes,
      });
    } catch (error) {
      if (error instanceof QuarantineNotFoundError) throw new UsageError(error.message, { cause: error });
      throw error;
    }
    const notified = slack.routing ? await slack.announce(report.transitions) : undefined;
    const { transitions, ...summary } = report;
    out.result(
      {
        ...summary,
        transitions: transitions.length,
        ...(notified ? { notifications: notificationSummary(notified) } : {}),
      },
      () => [formatRedrive(report), ...(notified ? [formatNotifications(notified)] : [])].join('\n'),
    );
    if (report.failed > 0) return EXIT.store;
    return report.quarantined + report.truncated + report.conflicts > 0 ? EXIT.quarantined : EXIT.ok;
  } finally {
    await ctx.close();
  }
}

function formatList(items: QuarantineListing[], state: string): string {
  const lines = [`${items.length} quarantined item${items.length === 1 ? '' : 's'} (${state})`];
  for (const q of items) {
    const size = `${q.bytes} bytes${q.truncated ? ' (truncated)' : ''}`;
    const resolution = q.state === 'resolved' ? ` ${q.outcome ?? ''} at ${q.resolvedAt ?? '?'}` : '';
    // three short lines rather than one long one: each fits a terminal, wrapped only past its width
    lines.push(
      `  ${q.id}  ${q.recordedAt}`,
      `      ${q.origin}  ${size}  ${q.state}${resolution}  attempts ${q.attempts}`,
      `      ${q.reason}`,
    );
  }
  return lines.join('\n');
}

function formatRedrive(r: RedriveReport): string {
  const extra = [
    ...(r.failed ? [`FAILED ${r.failed}`] : []),
    ...(r.conflicts ? [`conflicts ${r.conflicts}`] : []),
  ];
  const lines = [
    `redrive: resolved ${r.resolved}, already resolved ${r.alreadyResolved}, still quarantined ${r.quarantined}, truncated ${r.truncated}${extra.map((e) => `, ${e}`).join('')}`,
  ];
  for (const item of r.items) lines.push(`  ${describe(item)}`);
  if (r.items.length === 0) lines.push('  nothing open to redrive');
  return lines.join('\n');
}

function describe(i: RedriveItemReport): string {
  const who = `${i.id} (${i.origin}${i.copies > 1 ? `, ${i.copies} copies` : ''})`;
  const evidence = i.evidenceIds?.length ? `: evidence ${i.evidenceIds.join(', ')}` : '';
  switch (i.result) {
    case 'resolved':
      return `${who}: resolved, ${i.outcome}${evidence}`;
    case 'already-resolved':
      return `${who}: already resolved, ${i.outcome ?? ''}${evidence}`;
    case 'quarantined':
      return `${who}: still quarantined after ${i.attempts} attempt${i.attempts === 1 ? '' : 's'}: ${i.reason}`;
    default:
      return `${who}: ${i.result}: ${i.message ?? ''}`;
  }
}
