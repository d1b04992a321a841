/**
 * The binder PDF's sign-off parts: on each citation page, the decisions, documents, exceptions and
 * reviews that answer it; and the manual-evidence table with what is on file per specification. The
 * tables come from the domain (core/domain/binder/sign-offs.ts), so index.html shows the same rows.
 */
import type { HumanTable } from '../../domain/binder/human-evidence';
import type { BinderModel, CitationSection } from '../../domain/binder/model';
import { manualEvidenceTable, signOffTable } from '../../domain/binder/sign-offs';
import { COLORS, type Layout } from './pdf-layout';

/** A table's rows, or nothing when it has none (its intro says so). */
function rowsOf(
  L: Layout,
  t: HumanTable,
  colors?: (row: string[], column: number) => string | undefined,
): void {
  if (t.rows.length > 0) L.table(t.headers, t.widths, t.rows, colors);
}

/** A citation's sign-offs, under a heading of its own on the citation page. */
export function citationSignOffs(L: Layout, c: CitationSection): void {
  const t = signOffTable(c.signOffs ?? []);
  // keep the heading, its intro, the header row and the first sign-off together: never an orphan heading
  L.ensure(t.rows.length > 0 ? 8 * L.mono.size * 1.3 + 60 : 50);
  L.heading(t.title, 11);
  L.para(t.intro, { size: 8.5 });
  // an overdue review is a finding, not a sign-off: red like a non-compliant verdict
  rowsOf(L, t, (row, col) => (col === 0 && row[0] === 'review overdue' ? COLORS.NON_COMPLIANT : undefined));
}

/** The specifications that need manual evidence, with what is on file for each. */
export function manualEvidence(L: Layout, m: BinderModel): void {
  const t = manualEvidenceTable(m.manual, m.human);
  L.heading(t.title);
  L.para(t.intro);
  rowsOf(L, t, (row, col) => (col === 4 && row[4] === 'nothing on file' ? COLORS.NON_COMPLIANT : undefined));
}
