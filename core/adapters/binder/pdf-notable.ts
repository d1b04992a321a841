/**
 * Notable activity in the binder PDF: on each citation page, the events of the period an activity
 * review must look at (root sign-ins, sign-ins without MFA, denied attempts, access changes), with
 * who, from where, when and the outcome (the executive summary's line is `notableSummary` of
 * core/domain/notable.ts). Findings to review,
 * not posture: the page says so.
 */
import type { CitationSection } from '../../domain/binder/model';
import { outcomeText } from '../../domain/notable';
import { utcMinute } from './format';
import { COLORS, type Layout } from './pdf-layout';

/** The "Notable activity" part of a citation page. */
export function notableTable(L: Layout, c: CitationSection): void {
  const entries = c.notable ?? [];
  L.heading('Notable activity in the period', 11);
  if (entries.length === 0) {
    L.para('No notable activity bearing on this citation in the period.');
    return;
  }
  L.para(
    'Findings to review, not posture changes: root sign-ins, console sign-ins without MFA, denied attempts on audit, logging, encryption or IAM, and access changes.',
    { size: 8.5, color: COLORS.muted },
  );
  // four columns, so the evidence id keeps its whole width (the subject is named in "what")
  L.table(
    ['when (UTC)', 'what: outcome', 'who / from', 'evidence id'],
    [16, 34, 28, 35],
    entries.map((e) => [
      utcMinute(e.at),
      `${e.what}: ${outcomeText(e)}`,
      `${e.who}${e.sourceIpAddress ? ` from ${e.sourceIpAddress}` : ''}`,
      e.evidenceId,
    ]),
    (row, col) => (col === 1 && !row[1]?.endsWith(': succeeded') ? COLORS.NON_COMPLIANT : undefined),
  );
}
