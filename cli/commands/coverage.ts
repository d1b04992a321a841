import type { CoverageEntry } from '../../core/domain/coverage';
import { describeGap } from '../../core/domain/coverage';
import { checkCoverage } from '../../core/usecases/coverage';
import type { Composition, GlobalOptions } from '../composition';
import { EXIT } from '../exit-codes';
import { DEFAULT_WIDTH, fitColumns } from '../layout';
import { recurrenceWindowMs } from '../notify';
import type { Output } from '../output';

/** Text for coverage gaps (status shows the same table), at most `width` wide. */
export function formatGaps(
  gaps: { accountId: string; region: string; controlId: string; since: string; reason: string }[],
  width = DEFAULT_WIDTH,
): string {
  if (gaps.length === 0) return 'No coverage gaps: every evidenced control has fresh evidence.';
  return fitColumns(
    [
      { header: 'account' },
      { header: 'region' },
      { header: 'control' },
      { header: 'gap since (UTC)' },
      { header: 'cause', wrap: true, below: true },
    ],
    gaps.map((g) => [g.accountId, g.region, g.controlId, g.since.slice(0, 16).replace('T', ' '), g.reason]),
    width,
  );
}

function gapRow(e: CoverageEntry) {
  return {
    accountId: e.accountId,
    region: e.region,
    controlId: e.controlId,
    cause: e.gap?.cause,
    since: e.gap?.since ?? '',
    ...(e.lastEvidenceAt ? { lastEvidenceAt: e.lastEvidenceAt } : {}),
    expectedHours: e.expectedHours,
    reason: describeGap(e),
  };
}

/**
 * `evidence coverage`: runs the coverage check, records new gaps and resolutions as evidence, and prints
 * the gaps. Exits 0 either way: a gap is a finding, not a failure of the command.
 */
export async function coverageCommand(_opts: GlobalOptions, out: Output, app: Composition): Promise<number> {
  const ctx = await app.open();
  try {
    const result = await checkCoverage(ctx.store, {
      now: new Date(),
      config: ctx.config,
      recurrenceWindowMs: recurrenceWindowMs(ctx.config),
    });
    const gaps = result.gaps.map(gapRow);
    const recorded = { stored: result.ingest.stored, unchanged: result.ingest.unchanged };
    const opened = result.ingest.transitions.filter((t) => t.to === 'NON_COMPLIANT').length;
    const closed = result.ingest.transitions.filter((t) => t.state === 'resolved').length;
    out.result(
      { checkedAt: result.checkedAt, checked: result.entries.length, gaps, recorded, opened, closed },
      (width) =>
        [
          `Coverage as of ${result.checkedAt}: ${result.entries.length} control(s) by account and region, ${gaps.length} gap(s); ${opened} new, ${closed} resolved`,
          '',
          formatGaps(gaps, width),
        ].join('\n'),
    );
    return result.ingest.failed.length > 0 ? EXIT.store : EXIT.ok;
  } finally {
    await ctx.close();
  }
}
