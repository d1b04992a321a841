import { outcomeText } from '../../core/domain/notable';
import { UsageError } from '../../core/ports/errors';
import { checkReviews, readReviewStatuses } from '../../core/usecases/check-reviews';
import { postureStatus, type StatusReport } from '../../core/usecases/status';
import type { NotableEntry } from '../../evidence-schemas';
import type { CliContext, Composition, GlobalOptions } from '../composition';
import { parseCliTime } from '../dates';
import { EXIT } from '../exit-codes';
import { formatStatus } from '../format';
import type { Output } from '../output';
import { formatGaps } from './coverage';

export async function statusCommand(
  opts: GlobalOptions & { at?: string; scope?: string; account?: string[] },
  out: Output,
  app: Composition,
): Promise<number> {
  if (opts.scope !== undefined && opts.scope !== 'ephi')
    throw new UsageError(`--scope must be "ephi" (the ePHI inventory), got "${opts.scope}"`);
  const at = opts.at !== undefined ? parseCliTime(opts.at, '--at', { noun: 'time' }) : undefined;
  const accounts = accountIdsOption(opts.account);
  const ctx = await app.open({ existing: true });
  try {
    // now (not --at): check the review cadence first, so an overdue review is recorded and announced
    const reviews = at ? undefined : await reviewsNow(ctx);
    const report = await postureStatus(ctx.store, {
      ...(at ? { at } : {}),
      ...(reviews ? { reviews } : {}),
      ...(opts.scope === 'ephi' ? { scope: 'ephi' as const } : {}),
      ...(accounts.length ? { accounts } : {}),
      mappings: ctx.config.ruleMappings,
      scopedControls: ctx.config.ephi.scopedControls,
      // the period reader of the binder: notable activity is read by observation day, not by a scan
      notableReader: ctx.binder({ sign: false }).reader,
    });
    out.result(report, (width) => [formatStatus(report, width), ...statusExtras(report, width)].join('\n'));
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

/**
 * The AWS accounts `--account` names, as `status` and `binder` read them: exactly 12 digits each. A
 * shorter id is refused rather than padded with zeros: typed by a person it is a typo, and padded it
 * would name an account with no evidence and answer with a plausible, empty result.
 */
export function accountIdsOption(values: string[] | undefined): string[] {
  return (values ?? []).map((a) => {
    if (!/^\d{12}$/.test(a.trim()))
      throw new UsageError(`--account must be a 12-digit AWS account id, got "${a}"`);
    return a.trim();
  });
}

/** The scope line and the coverage gaps of a status report, as text at most `width` wide. */
function statusExtras(report: StatusReport, width: number): string[] {
  const lines: string[] = [];
  if (report.scope === 'ephi') lines.push('', 'Scope: resources in the ePHI inventory only');
  if (report.accounts) lines.push('', `Accounts: ${report.accounts.join(', ')} only`);
  if (report.gaps.length > 0)
    lines.push('', 'Coverage gaps (no fresh evidence)', '', formatGaps(report.gaps, width));
  if (report.notable && report.notableWindow)
    lines.push('', ...formatNotable(report.notable, report.notableWindow));
  return lines;
}

/**
 * The "Notable activity" section: one entry in two short lines (when and what; who, from where and
 * the citations), so that it reads at 80 columns; `--json` has every field.
 */
export function formatNotable(
  entries: readonly NotableEntry[],
  window: { from: string; to: string },
): string[] {
  const day = (iso: string) => iso.slice(0, 10);
  const head = `Notable activity, ${day(window.from)} to ${day(window.to)} (findings to review, not posture)`;
  if (entries.length === 0) return [head, '  none'];
  return [
    head,
    ...entries.flatMap((e) => [
      `  ${e.at.slice(0, 16).replace('T', ' ')}Z  ${e.what}`,
      `      by ${e.who}${e.sourceIpAddress ? ` from ${e.sourceIpAddress}` : ''}: ${outcomeText(e)}; ${e.citations.join(', ')}`,
    ]),
  ];
}

/**
 * Records review-due notices for overdue reviews and sends their drift notices where Slack is set up;
 * read-only when the store refuses the write. Without `slack` (a caller with nowhere to announce),
 * the notices are recorded and nothing is sent.
 */
export async function reviewsNow(
  ctx: Pick<CliContext, 'store' | 'config'> & Partial<Pick<CliContext, 'slack'>>,
) {
  const options = { now: new Date(), config: ctx.config };
  let checked: Awaited<ReturnType<typeof checkReviews>>;
  try {
    checked = await checkReviews(ctx.store, options);
  } catch (error) {
    // a caller who may only read (an auditor's role) still gets the cadence, just not recorded
    process.stderr.write(
      `evidence: overdue reviews were not recorded (${error instanceof Error ? error.message : String(error)}); showing them read-only\n`,
    );
    return readReviewStatuses(ctx.store, options);
  }
  const slack = ctx.slack?.({});
  if (slack?.routing && checked.transitions.length > 0) await slack.announce(checked.transitions);
  return checked.reviews;
}
