/**
 * The corpus run's catalog check: the current AWS Config HIPAA conformance pack rules and Prowler's
 * HIPAA check ids (files nobody here wrote, under the shared directory) against the catalog's
 * mappings and its list of unmapped names (core/domain/controls/equivalence.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EquivalenceCount, equivalence } from '../core/domain/controls/equivalence';

const PACK_RULES = 'fixtures/real-events/conformance-packs/hipaa-conformance-pack-rules.csv';
const PROWLER_CHECKS = 'catalog-sources/prowler-hipaa-aws-checks.csv';

/** The rows of a CSV file (RFC 4180 quoting), as objects keyed by the header. */
export function readCsv(path: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const text = readFileSync(path, 'utf8');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell);
  if (row.some((c) => c !== '')) rows.push(row);
  const [header, ...body] = rows;
  if (!header) throw new Error(`${path}: empty CSV`);
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function column(path: string, name: string): string[] {
  const rows = readCsv(path);
  const values = rows.map((r) => r[name]).filter((v): v is string => typeof v === 'string' && v !== '');
  if (values.length === 0) throw new Error(`${path}: no values in column ${name}`);
  return values;
}

function line(label: string, c: EquivalenceCount): string {
  return `${label}: ${c.total}: ${c.mapped} mapped to controls, ${c.excluded} excluded with a reason, ${c.backlog} in the catalog's backlog${c.unaccounted.length ? `, ${c.unaccounted.length} UNACCOUNTED` : ''}${c.stale.length ? `, ${c.stale.length} listed as unmapped but mapped` : ''}`;
}

/**
 * Prints how the catalog stands against the pack and Prowler; returns the number of failures (a name
 * neither mapped nor listed, or listed while mapped). Skipped, with a note, when the files are absent.
 */
export function checkCatalogEquivalence(root: string, out: (s: string) => void): number {
  const pack = join(root, PACK_RULES);
  const prowler = join(root, PROWLER_CHECKS);
  if (!existsSync(pack) || !existsSync(prowler)) {
    out(`(no ${PACK_RULES} or ${PROWLER_CHECKS} under ${root}: catalog equivalence skipped)\n`);
    return 0;
  }
  const e = equivalence(column(pack, 'config_rule_name'), column(prowler, 'prowler_check_id'));
  let failures = 0;
  for (const [label, c] of [
    ['AWS Config HIPAA conformance pack rules', e.configRules],
    ['Prowler HIPAA checks', e.prowlerChecks],
  ] as const) {
    const ok = c.unaccounted.length === 0 && c.stale.length === 0;
    if (!ok) failures++;
    out(`${ok ? 'ok  ' : 'FAIL'} ${line(label, c)}\n`);
    if (c.unaccounted.length) out(`       not mapped and not listed: ${c.unaccounted.join(', ')}\n`);
    if (c.stale.length) out(`       listed as unmapped but mapped: ${c.stale.join(', ')}\n`);
  }
  return failures;
}
