import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import type { DayLeaf } from '../../domain/checkpoint';
import type { IamAlias } from '../../domain/iam-identity';
import type { EvidenceReader, PeriodRecordDoc } from '../../ports/evidence-reader';
import type { ChainHead, StoredCheckpointDoc, StoredRecordDoc } from '../../ports/evidence-store';
import { recordLeafBatches } from './checkpoints';
import { parseDoc } from './records';
import { withRetries } from './retry';
import type { DynamoDbEvidenceStore } from './store';
import type { Item } from './table';
import { BY_DAY_INDEX, dayPk, SHARDS, subjectKeyOfPk } from './table-schema';

export interface DynamoDbEvidenceReaderOptions {
  store: DynamoDbEvidenceStore;
  /** (day, shard) partitions whose first page is fetched ahead of the one being read (default 4) */
  lookahead?: number;
  /** items per page at most (default 100; DynamoDB also stops at 1 MB): smaller pages hold less in flight */
  pageSize?: number;
}

/** The UTC dates from `fromIso` to `toIso`, both included, as YYYY-MM-DD. */
export function daysBetween(fromIso: string, toIso: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${toIso.slice(0, 10)}T00:00:00.000Z`);
  for (let t = Date.parse(`${fromIso.slice(0, 10)}T00:00:00.000Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * EvidenceReader over the evidence table: a period is read from the `byDay` index, one query per
 * (day, shard) with the sort key between the period's bounds, page by page. While one partition is
 * read, the next few partitions' first pages and the current partition's next page are already in
 * flight, so the reader is never idle waiting for the store, and at most `lookahead + 1` pages are held.
 */
export class DynamoDbEvidenceReader implements EvidenceReader {
  private readonly store: DynamoDbEvidenceStore;
  private readonly lookahead: number;
  private readonly pageSize: number;

  constructor(options: DynamoDbEvidenceReaderOptions) {
    this.store = options.store;
    this.pageSize = Math.max(1, options.pageSize ?? 100);
    this.lookahead = Math.max(0, options.lookahead ?? 4);
  }

  async *recordsObservedBetween(fromIso: string, toIso: string): AsyncIterable<PeriodRecordDoc> {
    // `~` sorts after every character of an evidence id, so the upper bound includes all of `toIso`
    const low = fromIso;
    const high = `${toIso}#~`;
    const partitions = daysBetween(fromIso, toIso).flatMap((day) => SHARDS.map((shard) => dayPk(day, shard)));
    const firstPages: Promise<QueryCommandOutput>[] = [];
    const start = (i: number) => {
      const pk = partitions[i];
      if (pk !== undefined && firstPages[i] === undefined) firstPages[i] = this.page(pk, low, high);
    };
    for (let i = 0; i < partitions.length; i++) {
      for (let j = i; j <= i + this.lookahead; j++) start(j);
      let pending: Promise<QueryCommandOutput> | undefined = firstPages[i];
      delete firstPages[i];
      while (pending) {
        const res: QueryCommandOutput = await pending;
        pending = res.LastEvaluatedKey
          ? this.page(partitions[i]!, low, high, res.LastEvaluatedKey)
          : undefined;
        for (const item of res.Items ?? []) yield docOf(item);
      }
    }
  }

  heads(): AsyncIterable<ChainHead> {
    return this.store.listHeads();
  }

  chainDocs(subjectKey: string): Promise<StoredRecordDoc[]> {
    return this.store.listChainDocs(subjectKey);
  }

  iamAliases(ids: { accountId: string; uniqueId: string }[]): Promise<IamAlias[]> {
    return this.store.getIamAliases(ids);
  }

  checkpointDocs(): AsyncIterable<StoredCheckpointDoc> {
    return this.store.listCheckpointDocs();
  }

  recordLeafBatches(day: string): AsyncIterable<DayLeaf[]> {
    return recordLeafBatches(this.store.table, day);
  }

  /** One page of one partition, under the store's retry policy. */
  private page(pk: string, low: string, high: string, startKey?: Item): Promise<QueryCommandOutput> {
    const { client, tableName } = this.store.table;
    return withRetries(() =>
      client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: BY_DAY_INDEX.name,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
          ExpressionAttributeNames: {
            '#pk': BY_DAY_INDEX.partitionKey,
            '#sk': BY_DAY_INDEX.sortKey,
            '#doc': 'doc',
            '#key': 'pk',
          },
          ExpressionAttributeValues: { ':pk': { S: pk }, ':low': { S: low }, ':high': { S: high } },
          ProjectionExpression: '#key, #doc',
          Limit: this.pageSize,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
  }
}

function docOf(item: Item): PeriodRecordDoc {
  return { subjectKey: subjectKeyOfPk(item.pk?.S ?? ''), doc: parseDoc(item) };
}
