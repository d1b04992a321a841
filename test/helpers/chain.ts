import { assess } from '../../core/domain/catalog';
import { linkRecord, prepareRecord } from '../../core/domain/chain';
import { parseEvent } from '../../core/domain/normalize';
import { subjectKey } from '../../core/domain/observation';
import type { EvidenceRecord } from '../../evidence-schemas';

/** A chain of records from events of one subject, as ingest would link them (sequence 1, 2, ...). */
export function chain(events: unknown[]): { key: string; records: EvidenceRecord[] } {
  let previous: { sequence: number; recordHash: string } | undefined;
  let key = '';
  const records = events.map((e, i) => {
    const o = parseEvent(e);
    if (o.kind !== 'observation') throw new Error('fixture did not parse');
    key = subjectKey(o.observation.subject);
    const r = linkRecord(
      prepareRecord(o.observation, assess(o.observation)),
      previous,
      `2026-11-01T00:00:0${i % 10}.000Z`,
    );
    previous = r.integrity;
    return r;
  });
  return { key, records };
}
