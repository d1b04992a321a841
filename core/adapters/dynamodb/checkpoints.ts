/** Daily checkpoints: one immutable item per day, and the record leaves a day's checkpoint is made of. */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { Checkpoint } from '../../../evidence-schemas';
import type { DayLeaf } from '../../domain/checkpoint';
import { canonicalJson } from '../../domain/hashing';
import type { StoredCheckpointDoc } from '../../ports/evidence-store';
import { parseDoc } from './records';
import { withRetries } from './retry';
import { conditionalPut, type Item, queryPartition, S, scanKind, str, type Table } from './table';
import {
  BY_RECORDED_TIME_INDEX,
  CHECKPOINT_PK,
  dayOfRecordedDayPk,
  logEntryOfSk,
  recordedDayPk,
  SHARDS,
} from './table-schema';

/** Stores a day's checkpoint once: false when the day already has one (it is never replaced). */
export async function putCheckpoint(table: Table, checkpoint: Checkpoint): Promise<boolean> {
  const { written } = await conditionalPut(
    table,
    { pk: S(CHECKPOINT_PK), sk: S(checkpoint.day), kind: S('checkpoint'), doc: S(canonicalJson(checkpoint)) },
    // a checkpoint is written once and never replaced
    'attribute_not_exists(pk)',
  );
  return written;
}

/** Every stored checkpoint, in day order. */
export async function* listCheckpointDocs(table: Table): AsyncIterable<StoredCheckpointDoc> {
  for await (const item of queryPartition(table, CHECKPOINT_PK))
    yield { day: str(item, 'sk'), doc: parseDoc(item) };
}

/**
 * The leaves of every record recorded on a UTC day, a page of the index at a time (in no particular
 * order), so a day of millions of records is never held as objects: shard after shard, each page
 * asked for while the one before is used. The day's log entries (records and quarantined input) by
 * stamp time: the records are the leaves, all in the index's sort key.
 */
export async function* recordLeafBatches(table: Table, day: string): AsyncIterable<DayLeaf[]> {
  const page = (shard: number, start?: Item) =>
    withRetries(() =>
      table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          IndexName: BY_RECORDED_TIME_INDEX.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: {
            '#pk': BY_RECORDED_TIME_INDEX.partitionKey,
            '#sk': BY_RECORDED_TIME_INDEX.sortKey,
          },
          ExpressionAttributeValues: { ':pk': S(recordedDayPk(day, shard)) },
          ProjectionExpression: '#sk',
          ExclusiveStartKey: start,
        }),
      ),
    );
  const shards = [...SHARDS];
  let at = 0;
  let pending: ReturnType<typeof page> | undefined = shards.length > 0 ? page(shards[0]!) : undefined;
  while (pending) {
    const res = await pending;
    if (res.LastEvaluatedKey) pending = page(shards[at]!, res.LastEvaluatedKey);
    else pending = ++at < shards.length ? page(shards[at]!) : undefined;
    const leaves: DayLeaf[] = [];
    for (const item of res.Items ?? []) {
      const entry = logEntryOfSk(str(item, BY_RECORDED_TIME_INDEX.sortKey));
      if (entry?.kind === 'record')
        leaves.push({ observedAt: entry.observedAt, recordHash: entry.recordHash });
    }
    yield leaves;
  }
}

/** The UTC day of the earliest recordedAt of any stored record; undefined when there is none. */
export async function firstRecordedDay(table: Table): Promise<string | undefined> {
  // a one-off scan of keys only: the first checkpoint run needs to know where the log starts
  let first: string | undefined;
  for await (const item of scanKind(table, 'record', [BY_RECORDED_TIME_INDEX.partitionKey])) {
    const day = dayOfRecordedDayPk(str(item, BY_RECORDED_TIME_INDEX.partitionKey));
    if (day !== undefined && (first === undefined || day < first)) first = day;
  }
  return first;
}
