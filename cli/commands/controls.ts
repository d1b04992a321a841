/**
 * `evidence controls`: the control catalog as it is built into this version, so an auditor or an
 * engineer can see what each control is, which HIPAA citations it serves and what evidences it (Config
 * rules, CloudTrail events, resource types, and the sweep's API calls with the IAM actions they need).
 * Reads no store: the catalog is code.
 */
import { CITATIONS, CONTROLS, type Control } from '../../core/domain/catalog';
import { iamActionOf, sweepCallsOf } from '../../core/domain/controls/sweep-calls';
import { EXIT } from '../exit-codes';
import { type Column, DEFAULT_WIDTH, fitColumns } from '../layout';
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

/** The catalog's columns: the control (id, title, family), its citations, what evidences it. */
const COLUMNS: readonly Column[] = [
  { header: 'control', wrap: true },
  { header: 'HIPAA citation' },
  { header: 'evidenced by', wrap: true, below: true },
];

/** The three cells of one control's row, each a list of lines. */
function rowOf(c: ControlListing): string[][] {
  const calls = c.sweepCalls.map((k) => `sweep ${k.api}${k.iamAction !== k.api ? ` (${k.iamAction})` : ''}`);
  return [
    [c.id, c.title, `[${c.family}]`],
    c.citations.map((x) => `${x.citation} ${x.requirement === 'required' ? 'R' : 'A'}`),
    [
      ...c.configRules.map((r) => `rule ${r}`),
      ...c.cloudTrailEvents.map((e) => `event ${e}`),
      ...c.resourceTypes.map((t) => `type ${t}`),
      ...calls,
      ...c.prowlerChecks.map((p) => `prowler ${p}`),
    ],
  ];
}

/**
 * The catalog as a table fitted to `width` (see {@link fitColumns}): one multi-line row per control,
 * a blank line between controls. Titles and evidence wrap at spaces; ids and names are never cut.
 */
export function formatControls(controls: readonly ControlListing[], width = DEFAULT_WIDTH): string {
  return [
    `Control catalog: ${controls.length} controls`,
    '',
    fitColumns(COLUMNS, controls.map(rowOf), width, { spaced: true }),
    '',
    'R: required, A: addressable implementation specification.',
    '`evidence controls --json` prints the catalog as JSON.',
  ].join('\n');
}

/** `evidence controls [--json]`: the control catalog. */
export function controlsCommand(out: Output): number {
  const controls = CONTROLS.map(controlListing);
  out.result({ controls }, (width) => formatControls(controls, width));
  return EXIT.ok;
}
