import { describe, expect, it } from 'vitest';
import { demoEvents } from '../../../../cli/demo/scenario';
import { checkRecordCanonical } from '../../../../core/domain/binder/canonical-record';
import { assess } from '../../../../core/domain/catalog';
import { checkRecord, linkRecord, prepareRecord } from '../../../../core/domain/chain';
import { canonicalJson } from '../../../../core/domain/hashing';
import { parseEvent } from '../../../../core/domain/normalize';

function demoRecords() {
  return demoEvents().flatMap((e, i) => {
    const o = parseEvent(e);
    if (o.kind !== 'observation') return [];
    return [
      linkRecord(
        prepareRecord(o.observation, assess(o.observation)),
        undefined,
        `2026-11-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
      ),
    ];
  });
}

describe('checkRecordCanonical', () => {
  it('agrees with checkRecord and returns the RFC 8785 text of the record', () => {
    for (const r of demoRecords()) {
      const doc: unknown = JSON.parse(JSON.stringify(r));
      const ours = checkRecordCanonical(doc);
      expect(ours.problems).toEqual(checkRecord(doc).problems);
      expect(ours.problems).toEqual([]);
      expect(ours.canonical).toBe(canonicalJson(doc));
    }
  });

  it('finds the same problems as checkRecord in altered records', () => {
    const [first] = demoRecords();
    /** A record's JSON, as far as these alterations reach into it. */
    interface Doc {
      subject: { region: string };
      recordedAt: string;
      integrity: { sequence: number };
      evidenceId: string;
      [name: string]: unknown;
    }
    const alterations: ((d: Doc) => void)[] = [
      (d) => {
        d.subject.region = 'eu-west-1';
      },
      (d) => {
        d.recordedAt = '2026-11-02T00:00:00.000Z';
      },
      (d) => {
        d.integrity.sequence = 2;
      },
      (d) => {
        d.evidenceId = `ev_${'1'.repeat(32)}`;
      },
      (d) => {
        d.unexpected = true;
      },
    ];
    for (const alter of alterations) {
      const doc: Doc = JSON.parse(JSON.stringify(first));
      alter(doc);
      const ours = checkRecordCanonical(doc);
      expect(ours.problems.length).toBeGreaterThan(0);
      expect(ours.problems.map((p) => p.problem)).toEqual(checkRecord(doc).problems.map((p) => p.problem));
    }
  });
});
