import { toIsoTime } from '../../evidence-schemas';
import { UsageError } from '../../lambdas/ports/errors';
import { postureStatus, type StatusReport } from '../../lambdas/usecases/status';
import { type GlobalOptions, openContext } from '../context';
import { EXIT } from '../exit-codes';
import { formatStatus } from '../format';
import type { Output } from '../output';
import { formatGaps } from './coverage';

export async function statusCommand(
  opts: GlobalOptions & { at?: string; scope?: string },
  out: Output,
): Promise<number> {
  if (opts.scope !== undefined && opts.scope !== 'ephi')
    throw new UsageError(`--scope must be "ephi" (the ePHI inventory), got "${opts.scope}"`);
  let at: string | undefined;
  if (opts.at !== undefined) {
    at = toIsoTime(opts.at);
    if (!at)
      throw new UsageError(`--at is not a valid time: ${opts.at} (use ISO 8601, e.g. 2026-10-15T00:00:00Z)`);
  }
  const ctx = await openContext(opts);
  try {
    const report = await postureStatus(ctx.store, {
      ...(at ? { at } : {}),
      ...(opts.scope === 'ephi' ? { scope: 'ephi' as const } : {}),
      mappings: ctx.config.ruleMappings,
      scopedControls: ctx.config.ephi.scopedControls,
    });
    out.result(report, () => [formatStatus(report), ...statusExtras(report)].join('\n'));
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

/** The scope line and the coverage gaps of a status report, as text. */
function statusExtras(report: StatusReport): string[] {
  const lines: string[] = [];
  if (report.scope === 'ephi') lines.push('', 'Scope: resources in the ePHI inventory only');
  if (report.gaps.length > 0)
    lines.push('', 'Coverage gaps (no fresh evidence)', '', formatGaps(report.gaps));
  return lines;
}
