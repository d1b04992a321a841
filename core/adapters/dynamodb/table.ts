/**
 * Requests to the evidence table, all under the retry policy (retry.ts): a query or a kind of item
 * page by page, and batches of gets and writes with their unprocessed items sent again. The item-kind
 * modules (heads.ts, records.ts, ...) are built on these; their single requests use `withRetries`.
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../../ports/errors';
import { mapLimit } from '../../support/concurrency';
import { isConditionFailure, isRetryable, RETRY_POLICY, retryDelay, withRetries } from './retry';
import type { TableClient } from './table-client';

/** One DynamoDB item. */
export type Item = Record<string, AttributeValue>;

/** The table the adapter works on. */
export interface Table {
  readonly client: TableClient;
  readonly tableName: string;
  /** batch requests in flight at once */
  readonly parallelRequests: number;
}

export const S = (s: string): AttributeValue => ({ S: s });
export const N = (n: number): AttributeValue => ({ N: String(n) });
/** A string attribute, or '' when the item has none. */
export const str = (item: Item, name: string): string => item[name]?.S ?? '';

/**
 * Puts one item if `condition` holds. Not written when DynamoDB refuses the condition: `refusal` is
 * its answer, for the caller to turn into its own meaning (a conflict, "already there", "stale").
 */
export async function conditionalPut(
  table: Table,
  item: Item,
  condition: string,
  values?: Item,
): Promise<{ written: boolean; refusal?: unknown }> {
  try {
    await withRetries(() =>
      table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: item,
          ConditionExpression: condition,
          ...(values ? { ExpressionAttributeValues: values } : {}),
        }),
      ),
    );
    return { written: true };
  } catch (error) {
    if (isConditionFailure(error)) return { written: false, refusal: error };
    throw error;
  }
}

/**
 * Every item of one query, page by page (strongly consistent unless the query reads an index). With
 * `prefetch`, the next page is asked for as soon as a page arrives, so a reader merging several
 * queries does not wait on each page in turn (at most two pages held per query).
 */
export async function* queryPages(
  table: Table,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  options: { prefetch?: boolean } = {},
): AsyncIterable<Item> {
  const page = (start: Item | undefined) =>
    withRetries(() =>
      table.client.send(new QueryCommand({ ...input, TableName: table.tableName, ExclusiveStartKey: start })),
    );
  let next = page(undefined);
  for (;;) {
    const res = await next;
    const start = res.LastEvaluatedKey;
    if (start && options.prefetch) {
      next = page(start);
      // awaited on the next turn; a reader that stops early leaves it, and its failure, unread
      next.catch(() => undefined);
    }
    yield* res.Items ?? [];
    if (!start) return;
    if (!options.prefetch) next = page(start);
  }
}

/** Every item of one partition; `skPrefix` narrows it to sort keys starting so. */
export function queryPartition(table: Table, pk: string, skPrefix?: string): AsyncIterable<Item> {
  return queryPages(table, {
    KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
    ExpressionAttributeValues: { ':pk': S(pk), ...(skPrefix ? { ':prefix': S(skPrefix) } : {}) },
    ConsistentRead: true,
  });
}

/** Every item of one scan, page by page. */
async function* scanPages(
  table: Table,
  input: Omit<ScanCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): AsyncIterable<Item> {
  let start: Item | undefined;
  do {
    const res = await withRetries(() =>
      table.client.send(new ScanCommand({ TableName: table.tableName, ...input, ExclusiveStartKey: start })),
    );
    yield* res.Items ?? [];
    start = res.LastEvaluatedKey;
  } while (start);
}

/** Placeholders (`#p0`, `#p1`, ...) for the attribute names of a projection. */
const projectionNames = (projection: string[]): Record<string, string> =>
  Object.fromEntries(projection.map((name, i) => [`#p${i}`, name]));

/** Every item of a secondary index, `projection` its attributes read (eventually consistent, as an index is). */
export function scanIndex(table: Table, indexName: string, projection: string[]): AsyncIterable<Item> {
  const names = projectionNames(projection);
  return scanPages(table, {
    IndexName: indexName,
    ProjectionExpression: Object.keys(names).join(', '),
    ExpressionAttributeNames: names,
  });
}

/** Every item of one kind in the table (a scan: for listings and checks, never on the write path). */
export function scanKind(table: Table, kind: string, projection?: string[]): AsyncIterable<Item> {
  const names = projectionNames(projection ?? []);
  return scanPages(table, {
    FilterExpression: '#kind = :kind',
    ...(projection ? { ProjectionExpression: Object.keys(names).join(', ') } : {}),
    ExpressionAttributeNames: { '#kind': 'kind', ...names },
    ExpressionAttributeValues: { ':kind': S(kind) },
    ConsistentRead: true,
  });
}

/** Reads items by key, 100 per request; keys DynamoDB leaves unprocessed are asked for again. */
export async function batchGet(table: Table, keys: Item[]): Promise<Item[]> {
  const out: Item[] = [];
  await mapLimit(chunk(keys, 100), table.parallelRequests, (batch) =>
    untilProcessed(batch, async (pending) => {
      const res = await table.client.send(
        new BatchGetItemCommand({
          RequestItems: { [table.tableName]: { Keys: pending, ConsistentRead: true } },
        }),
      );
      out.push(...(res.Responses?.[table.tableName] ?? []));
      return res.UnprocessedKeys?.[table.tableName]?.Keys ?? [];
    }),
  );
  return out;
}

/** Puts and deletes items, 25 per request; requests DynamoDB leaves unprocessed are sent again. */
export async function batchWrite(table: Table, requests: WriteRequest[]): Promise<void> {
  await mapLimit(chunk(requests, 25), table.parallelRequests, (batch) =>
    untilProcessed(batch, async (pending) => {
      const res = await table.client.send(
        new BatchWriteItemCommand({ RequestItems: { [table.tableName]: pending } }),
      );
      return res.UnprocessedItems?.[table.tableName] ?? [];
    }),
  );
}

/**
 * Sends a batch until DynamoDB has processed all of it, under the retry policy: a request that fails
 * retryably, or that processes none of what it was sent (DynamoDB's way of throttling a batch), uses up
 * one attempt; a request that processes part of the batch sends the rest after the same delay.
 */
async function untilProcessed<T>(batch: T[], request: (pending: T[]) => Promise<T[]>): Promise<void> {
  let pending = batch;
  let failures = 0;
  while (pending.length > 0) {
    let left: T[];
    try {
      left = await request(pending);
    } catch (error) {
      failures++;
      if (failures >= RETRY_POLICY.attempts || !isRetryable(error)) throw error;
      await retryDelay(failures);
      continue;
    }
    if (left.length === 0) return;
    if (left.length >= pending.length) failures++;
    if (failures >= RETRY_POLICY.attempts)
      throw new StoreUnavailableError(
        `DynamoDB left ${left.length} items of a batch unprocessed after ${RETRY_POLICY.attempts} attempts`,
      );
    pending = left;
    await retryDelay(Math.max(1, failures));
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
