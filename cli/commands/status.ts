import { toIsoTime } from '../../evidence-schemas';
import { UsageError } from '../../lambdas/ports/errors';
import { checkReviews } from '../../lambdas/usecases/check-reviews';
import { postureStatus } from '../../lambdas/usecases/status';
import { type CliContext, type GlobalOptions, openContext } from '../context';
import { EXIT } from '../exit-codes';
import { formatStatus } from '../format';
import { announce, slackRouting } from '../notify';
import type { Output } from '../output';

export async function statusCommand(opts: GlobalOptions & { at?: string }, out: Output): Promise<number> {
  let at: string | undefined;
  if (opts.at !== undefined) {
    at = toIsoTime(opts.at);
    if (!at)
      throw new UsageError(`--at is not a valid time: ${opts.at} (use ISO 8601, e.g. 2026-10-15T00:00:00Z)`);
  }
  const ctx = await openContext(opts);
  try {
    // now (not --at): check the review cadence first, so an overdue review is recorded and announced
    const reviews = at ? undefined : await reviewsNow(ctx);
    const report = await postureStatus(ctx.store, at ? { at } : reviews ? { reviews } : {});
    out.result(report, () => formatStatus(report));
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

/** Records review-due notices for overdue reviews and sends their drift notices where Slack is set up. */
async function reviewsNow(ctx: CliContext) {
  const checked = await checkReviews(ctx.store, { now: new Date(), config: ctx.config });
  const routing = slackRouting(ctx.config, {});
  if (routing && checked.transitions.length > 0)
    await announce(checked.transitions, ctx.store, ctx.config, routing);
  return checked.reviews;
}
