import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { LocalEd25519Signer } from '../../core/adapters/local-signer';
import { assess } from '../../core/domain/catalog';
import { checkRecord, linkRecord, prepareRecord } from '../../core/domain/chain';
import { parseEvent } from '../../core/domain/normalize';
import { subjectKey } from '../../core/domain/observation';
import { ingest } from '../../core/usecases/ingest';
import type { EvidenceRecord } from '../../evidence-schemas';
import { logGroupItem } from './events';

/** A local Ed25519 signer in a fresh temporary key folder. */
export function tempSigner(): LocalEd25519Signer {
  return LocalEd25519Signer.open(join(mkdtempSync(join(tmpdir(), 'checkpoint-keys-')), 'keys'));
}

/**
 * Ingests log-group observations as if at `recordedAt` (the ingest clock): one record per name, each
 * observed an hour before it is recorded unless `observedAt` says otherwise.
 */
export async function ingestOn(
  store: DynamoDbEvidenceStore,
  recordedAt: string,
  names: string[],
  retentionInDays = 30,
  observedAt = new Date(Date.parse(recordedAt) - 3_600_000).toISOString(),
): Promise<EvidenceRecord[]> {
  const result = await ingest(
    names.map((name, i) => ({ raw: logGroupItem(name, observedAt, retentionInDays), origin: `t#${i}` })),
    { store, now: () => new Date(recordedAt) },
  );
  if (result.records.length !== names.length)
    throw new Error(`test ingest on ${recordedAt} did not store ${names.length} records`);
  return result.records;
}

/**
 * Deletes what an intruder erasing a resource's history would: its chain head, records and markers,
 * and its posture index entries, so nothing but the daily checkpoints still remembers it.
 */
export async function eraseSubject(store: DynamoDbEvidenceStore, subjectKey: string): Promise<void> {
  const res = await store.client.send(
    new ScanCommand({
      TableName: store.tableName,
      FilterExpression: 'pk = :pk OR (#kind = :posture AND subjectKey = :key)',
      ExpressionAttributeNames: { '#kind': 'kind' },
      ExpressionAttributeValues: {
        ':pk': { S: `S#${subjectKey}` },
        ':posture': { S: 'posture' },
        ':key': { S: subjectKey },
      },
    }),
  );
  for (const item of res.Items ?? [])
    await store.client.send(
      new DeleteItemCommand({ TableName: store.tableName, Key: { pk: item.pk!, sk: item.sk! } }),
    );
}

/** Deletes one stored record item (by the record's evidence id). */
export async function deleteRecordItem(store: DynamoDbEvidenceStore, evidenceId: string): Promise<void> {
  for await (const d of store.scanRecordDocs()) {
    const { record } = checkRecord(d.doc);
    if (record?.evidenceId === evidenceId) {
      await store.client.send(
        new DeleteItemCommand({
          TableName: store.tableName,
          Key: { pk: { S: `S#${d.subjectKey}` }, sk: { S: d.key } },
        }),
      );
      return;
    }
  }
  throw new Error(`no stored record ${evidenceId}`);
}

/**
 * Stores a record of log group `name` linked after `previous` but never commits the head: what a
 * writer that crashed between its two writes leaves behind.
 */
export async function storeUncommitted(
  store: DynamoDbEvidenceStore,
  name: string,
  previous: EvidenceRecord,
  recordedAt: string,
  observedAt: string,
): Promise<EvidenceRecord> {
  const outcome = parseEvent(logGroupItem(name, observedAt, 1));
  if (outcome.kind !== 'observation') throw new Error('test event did not parse');
  const obs = outcome.observation;
  const record = linkRecord(prepareRecord(obs, assess(obs)), previous.integrity, recordedAt);
  await store.putRecords([{ subjectKey: subjectKey(obs.subject), record }]);
  return record;
}
