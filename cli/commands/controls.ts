/**
 * `evidence controls`: the control catalog as it is built into this version, so an auditor or an
 * engineer can see what each control is, which HIPAA citations it serves and what evidences it (Config
 * rules, CloudTrail events, resource types, and the sweep's API calls with the IAM actions they need).
 * Reads no store: the catalog is code.
 */
import { CITATIONS, CONTROLS, type Control } from '../../core/domain/catalog';
import { iamActionOf, sweepCallsOf } from '../../core/domain/controls/sweep-calls';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';

/** One control as `evidence controls --json` prints it: every value in full. */
export interface ControlListing {
  id: string;
  title: string;
  family: string;
  citations: { citation: string; title: string; requirement: 'required' | 'addressable' }[];
  configRules: string[];
  cloudTrailEvents: string[];
  resourceTypes: string[];
  sweepCalls: { api: string; iamAction: string; scope: string }[];
  prowlerChecks: string[];
  freshnessHours?: number;
}

/** The catalog entry of one control, its citations resolved against CITATIONS. */
export function controlListing(c: Control): ControlListing {
  return {
    id: c.id,
    title: c.title,
    family: c.family,
    citations: c.citations.map((citation) => ({
      citation,
      title: CITATIONS[citation]?.title ?? '',
      requirement: CITATIONS[citation]?.requirement ?? 'required',
    })),
    configRules: [...c.configRules],
    cloudTrailEvents: [...c.cloudTrailEvents],
    resourceTypes: [...c.resourceTypes],
    // every call that serves the control: those of its kind (Config results, reads) and its own
    sweepCalls: sweepCallsOf(c).map((k) => ({ api: k.api, iamAction: iamActionOf(k), scope: k.scope })),
    prowlerChecks: [...(c.prowlerChecks ?? [])],
    ...(c.freshnessHours !== undefined ? { freshnessHours: c.freshnessHours } : {}),
  };
}

/**
 * The text table's width, and its three columns' (with two-space gaps between them): the id column
 * holds the longest control id whole (an id is what a reader copies), the evidence column gives way.
 */
export const TEXT_WIDTH = 80;
const WIDTHS = [30, 22, 24] as const;

/** `s` cut to `width` characters, an ellipsis marking the cut. */
function clip(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

/** `text` wrapped at spaces into lines of at most `width` (a word longer than that is cut). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => clip(l, width));
}

/** The three cells of one control's row, each a list of lines. */
function rowOf(c: ControlListing): string[][] {
  const [idWidth, citationWidth, evidenceWidth] = WIDTHS;
  const calls = c.sweepCalls.map((k) => `sweep ${k.api}${k.iamAction !== k.api ? ` (${k.iamAction})` : ''}`);
  return [
    [c.id, ...wrap(c.title, idWidth), `[${c.family}]`].map((l) => clip(l, idWidth)),
    c.citations.map((x) => clip(`${x.citation} ${x.requirement === 'required' ? 'R' : 'A'}`, citationWidth)),
    [
      ...c.configRules.map((r) => `rule ${r}`),
      ...c.cloudTrailEvents.map((e) => `event ${e}`),
      ...c.resourceTypes.map((t) => `type ${t}`),
      ...calls,
      ...c.prowlerChecks.map((p) => `prowler ${p}`),
    ].map((l) => clip(l, evidenceWidth)),
  ];
}

/** The catalog as a table of at most {@link TEXT_WIDTH} columns: one multi-line row per control. */
export function formatControls(controls: readonly ControlListing[]): string {
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(WIDTHS[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [
    `Control catalog: ${controls.length} controls`,
    '',
    line(['control', 'HIPAA citation', 'evidenced by']),
    line(WIDTHS.map((w) => '-'.repeat(w))),
  ];
  for (const [i, c] of controls.entries()) {
    if (i > 0) out.push('');
    const cells = rowOf(c);
    const height = Math.max(...cells.map((cell) => cell.length));
    for (let k = 0; k < height; k++) out.push(line(cells.map((cell) => cell[k] ?? '')));
  }
  out.push(
    '',
    'R: required, A: addressable implementation specification. Long values end in …;',
    '`evidence controls --json` prints every value in full.',
  );
  return out.join('\n');
}

/** `evidence controls [--json]`: the control catalog. */
export function controlsCommand(out: Output): number {
  const controls = CONTROLS.map(controlListing);
  out.result({ controls }, () => formatControls(controls));
  return EXIT.ok;
}
