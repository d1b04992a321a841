/** Evidence records: one item per record in its subject's partition, indexed by day (table-schema.ts). */
import type { EvidenceRecord } from '../../../evidence-schemas';
import type { StoredRecordDoc } from '../../ports/evidence-store';
import { batchWrite, type Item, queryPartition, S, scanKind, str, type Table } from './table';
import { RECORD_SK_PREFIX, recordIndexKeys, recordSk, subjectKeyOfPk, subjectPk } from './table-schema';

/** A record of a subject, as the store's callers pass it. */
export interface SubjectRecord {
  subjectKey: string;
  record: EvidenceRecord;
}

/** Writes records under content-addressed keys (a record never overwrites another). */
export async function putRecords(table: Table, records: SubjectRecord[]): Promise<void> {
  await batchWrite(
    table,
    records.map(({ subjectKey, record }) => ({
      PutRequest: {
        Item: {
          pk: S(subjectPk(subjectKey)),
          sk: S(recordSk(record)),
          kind: S('record'),
          doc: S(JSON.stringify(record)),
          ...Object.fromEntries(
            Object.entries(recordIndexKeys(subjectKey, record)).map(([name, value]) => [name, S(value)]),
          ),
        },
      },
    })),
  );
}

/** Deletes records a commit that lost its head race wrote. */
export async function deleteRecords(table: Table, records: SubjectRecord[]): Promise<void> {
  await batchWrite(
    table,
    records.map(({ subjectKey, record }) => ({
      DeleteRequest: { Key: { pk: S(subjectPk(subjectKey)), sk: S(recordSk(record)) } },
    })),
  );
}

/** Every record document of one subject, in sequence order. */
export async function listChainDocs(table: Table, subjectKey: string): Promise<StoredRecordDoc[]> {
  const out: StoredRecordDoc[] = [];
  for await (const item of queryPartition(table, subjectPk(subjectKey), RECORD_SK_PREFIX))
    out.push(docOf(item));
  return out;
}

/** Every record document in the table. */
export async function* scanRecordDocs(table: Table): AsyncIterable<StoredRecordDoc> {
  for await (const item of scanKind(table, 'record')) yield docOf(item);
}

/** A record item's document, not yet trusted: undefined when it is not even JSON. */
export function parseDoc(item: Item): unknown {
  try {
    return JSON.parse(str(item, 'doc'));
  } catch {
    return undefined;
  }
}

function docOf(item: Item): StoredRecordDoc {
  return { subjectKey: subjectKeyOfPk(str(item, 'pk')), key: str(item, 'sk'), doc: parseDoc(item) };
}
