/**
 * Where a period's records came from: how many of each source kind (a CloudTrail call delivered live,
 * a configuration item, a sweep, a sign-off), and, for CloudTrail calls imported from a trail's S3
 * archive, whether CloudTrail's signed digest files vouched for the log file each was read from (the
 * record's source.provenance, set by `evidence ingest` of an archive). An investigator reads from it
 * which part of the evidence AWS itself signed for, and which part rests on this system's chains alone.
 * Bounded memory: counts per kind and per reason, and the set of log file names.
 */
import type { EvidenceRecord } from '../../../evidence-schemas';

export interface ProvenanceSummary {
  /** records per source kind, most first */
  bySource: { kind: string; records: number }[];
  /** CloudTrail records imported from an archive, by what vouched for their log files */
  archived: {
    status: 'digest-validated' | 'not-validated';
    reason?: string;
    records: number;
    logFiles: number;
  }[];
}

/** A ProvenanceTally as data. */
export interface ProvenanceState {
  kinds: [string, number][];
  archived: {
    status: 'digest-validated' | 'not-validated';
    reason?: string;
    records: number;
    files: string[];
  }[];
}

export class ProvenanceTally {
  private readonly kinds = new Map<string, number>();
  private readonly archived = new Map<
    string,
    { status: 'digest-validated' | 'not-validated'; reason?: string; records: number; files: Set<string> }
  >();

  add(record: Pick<EvidenceRecord, 'source'>): void {
    const { kind, provenance } = record.source;
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    if (!provenance) return;
    const key = `${provenance.status}\u0000${provenance.reason ?? ''}`;
    let group = this.archived.get(key);
    if (!group) {
      group = {
        status: provenance.status,
        ...(provenance.reason ? { reason: provenance.reason } : {}),
        records: 0,
        files: new Set(),
      };
      this.archived.set(key, group);
    }
    group.records++;
    group.files.add(provenance.file);
  }

  /** The tally, serialisable (a slice of a sharded export). */
  state(): ProvenanceState {
    return {
      kinds: [...this.kinds],
      archived: [...this.archived.values()].map(({ files, ...g }) => ({ ...g, files: [...files] })),
    };
  }

  /** Adds the tally of other records (another slice of the period). */
  absorb(state: ProvenanceState): void {
    for (const [kind, n] of state.kinds) this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + n);
    for (const g of state.archived) {
      const key = `${g.status}\u0000${g.reason ?? ''}`;
      let group = this.archived.get(key);
      if (!group) {
        group = { status: g.status, ...(g.reason ? { reason: g.reason } : {}), records: 0, files: new Set() };
        this.archived.set(key, group);
      }
      group.records += g.records;
      for (const f of g.files) group.files.add(f);
    }
  }

  summary(): ProvenanceSummary {
    return {
      bySource: [...this.kinds]
        .map(([kind, records]) => ({ kind, records }))
        .sort((a, b) => b.records - a.records || a.kind.localeCompare(b.kind)),
      archived: [...this.archived.values()]
        .map(({ files, ...g }) => ({ ...g, logFiles: files.size }))
        // validated first, then the reasons a file was not
        .sort((a, b) => a.status.localeCompare(b.status) || (a.reason ?? '').localeCompare(b.reason ?? '')),
    };
  }
}

/** How a source kind reads in the binder. */
export const SOURCE_KIND_TEXT: Readonly<Record<string, string>> = {
  'cloudtrail-api-call': 'CloudTrail API calls',
  'cloudtrail-console-sign-in': 'CloudTrail console sign-ins',
  'config-item-change': 'AWS Config configuration item changes',
  'config-item-oversized': 'AWS Config oversized item changes (item read from Config)',
  'config-item': 'AWS Config configuration items (snapshot, history, backfill)',
  'config-compliance-change': 'AWS Config rule evaluations',
  sweep: 'daily sweep reads of AWS APIs',
  'coverage-check': 'coverage checks (evidence that stopped)',
  attestation: 'human sign-offs',
  'manual-upload': 'uploaded documents',
};

/** The provenance of the period's records as a table: source kinds, then the archived CloudTrail files. */
export function provenanceTable(p: ProvenanceSummary): {
  headers: string[];
  widths: number[];
  rows: string[][];
} {
  const rows = p.bySource.map((s) => [SOURCE_KIND_TEXT[s.kind] ?? s.kind, String(s.records), '']);
  for (const a of p.archived)
    rows.push([
      a.status === 'digest-validated'
        ? "imported CloudTrail records whose log file CloudTrail's signed digest vouches for"
        : 'imported CloudTrail records whose log file no verified digest vouches for',
      String(a.records),
      `${a.logFiles} log file${a.logFiles === 1 ? '' : 's'}${a.reason ? `; ${a.reason}` : ''}`,
    ]);
  return { headers: ['source', 'records', 'note'], widths: [52, 9, 50], rows };
}

/** The paragraph above the table. */
export function provenanceText(p: ProvenanceSummary): string {
  const imported = p.archived.reduce((n, a) => n + a.records, 0);
  const validated = p.archived
    .filter((a) => a.status === 'digest-validated')
    .reduce((n, a) => n + a.records, 0);
  const base =
    'Where the records of the period came from. Every record is hash-chained and covered by the signed checkpoints from the moment it was stored; records delivered live were stored as AWS sent them.';
  if (imported === 0) return `${base} No record of the period was imported from a CloudTrail archive.`;
  return `${base} ${imported} CloudTrail records were imported from a trail's S3 archive after the fact: ${validated} come from log files whose SHA-256 matches a digest file signed by CloudTrail (RSA, chain of previous signatures checked), so AWS vouches for them; the others rely on this system's chains from the time of import only.`;
}
