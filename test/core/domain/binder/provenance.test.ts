import { describe, expect, it } from 'vitest';
import { ProvenanceTally, provenanceTable, provenanceText } from '../../../../core/domain/binder/provenance';
import type { EvidenceRecord } from '../../../../evidence-schemas';

type Source = EvidenceRecord['source'];
const source = (kind: Source['kind'], provenance?: Source['provenance']): Pick<EvidenceRecord, 'source'> => ({
  source: {
    kind,
    eventId: 'e',
    eventTime: '2026-10-05T00:00:00.000Z',
    ...(provenance ? { provenance } : {}),
  },
});

describe('ProvenanceTally', () => {
  it('counts records per source kind and imported CloudTrail records per file status and reason', () => {
    // Prepare
    const t = new ProvenanceTally();
    const valid = (file: string) => ({ file, status: 'digest-validated' as const, digest: 'b/d1' });
    const unchecked = (file: string) => ({
      file,
      status: 'not-validated' as const,
      reason: 'no digest files among the inputs',
    });

    // Act
    for (const r of [
      source('sweep'),
      source('sweep'),
      source('config-item-change'),
      source('cloudtrail-api-call', valid('AWSLogs/1/CloudTrail/a.json.gz')),
      source('cloudtrail-api-call', valid('AWSLogs/1/CloudTrail/a.json.gz')),
      source('cloudtrail-api-call', valid('AWSLogs/1/CloudTrail/b.json.gz')),
      source('cloudtrail-api-call', unchecked('AWSLogs/1/CloudTrail/c.json.gz')),
    ])
      t.add(r);
    const summary = t.summary();

    // Assess
    expect(summary.bySource).toEqual([
      { kind: 'cloudtrail-api-call', records: 4 },
      { kind: 'sweep', records: 2 },
      { kind: 'config-item-change', records: 1 },
    ]);
    expect(summary.archived).toEqual([
      { status: 'digest-validated', records: 3, logFiles: 2 },
      { status: 'not-validated', reason: 'no digest files among the inputs', records: 1, logFiles: 1 },
    ]);
    expect(provenanceTable(summary).rows.at(-1)).toEqual([
      'imported CloudTrail records whose log file no verified digest vouches for',
      '1',
      '1 log file; no digest files among the inputs',
    ]);
    expect(provenanceText(summary)).toContain('4 CloudTrail records were imported');
    expect(provenanceText(summary)).toContain(
      ': 3 come from log files whose SHA-256 matches a digest file signed by CloudTrail',
    );
  });

  it('says plainly when nothing was imported from an archive', () => {
    const t = new ProvenanceTally();
    t.add(source('sweep'));
    expect(provenanceText(t.summary())).toContain(
      'No record of the period was imported from a CloudTrail archive.',
    );
    expect(t.summary().archived).toEqual([]);
  });
});
