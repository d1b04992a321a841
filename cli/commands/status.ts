import { toIsoTime } from '../../evidence-schemas';
import { UsageError } from '../../lambdas/ports/errors';
import { postureStatus } from '../../lambdas/usecases/status';
import { type GlobalOptions, openContext } from '../context';
import { EXIT } from '../exit-codes';
import { formatStatus } from '../format';
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
    const report = await postureStatus(ctx.store, at ? { at } : {});
    out.result(report, () => formatStatus(report));
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}
