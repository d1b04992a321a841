/** The evidence log in the table: its entries by stamp time (an index) and its signed tree heads. */
import type { TreeHead } from '../../../evidence-schemas';
import { canonicalJson } from '../../domain/hashing';
import { compareEntries, type LogEntry, quarantineEntry, recordEntry } from '../../domain/tree-head';
import type { StoredTreeHeadDoc } from '../../ports/tree-head-store';
import { parseDoc } from './records';
import {
  conditionalPut,
  type Item,
  queryPages,
  queryPartition,
  S,
  scanIndex,
  str,
  type Table,
} from './table';
import {
  BY_RECORDED_TIME_INDEX,
  dayOfRecordedDayPk,
  logEntryOfSk,
  recordedDayPk,
  SHARDS,
  TREE_HEAD_PK,
  treeHeadSk,
} from './table-schema';

const DAY_MS = 86_400_000;

/** The entry a `byRecordedTime` index item names; undefined when it is not one. */
function entryOf(item: Item): LogEntry | undefined {
  const e = logEntryOfSk(str(item, BY_RECORDED_TIME_INDEX.sortKey));
  if (!e) return undefined;
  return e.kind === 'record' ? recordEntry(e) : quarantineEntry(e);
}

/** Index items per page of a log read: bounds what a head's signer holds (two pages per shard). */
const LOG_PAGE_ITEMS = 1_000;

/**
 * Every log entry stamped at or after `from` and before `to`, in log order: for each day in between,
 * the index's shards read side by side a page at a time (each in stamp time order, as the index sorts
 * them) and merged, the entries stamped at the same moment sorted together. Held at a time: a page or
 * two per shard and one moment's entries, however many entries the days hold.
 */
export async function* logEntries(
  table: Table,
  from: string | undefined,
  to: string,
  pageItems = LOG_PAGE_ITEMS,
): AsyncIterable<LogEntry> {
  const first = from ?? (await firstLogTime(table));
  if (first === undefined || first >= to) return;
  for (let t = Date.parse(`${first.slice(0, 10)}T00:00:00.000Z`); t <= Date.parse(to); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    yield* mergeByTime(
      SHARDS.map((shard) => shardEntries(table, { day, shard, from: first, to, pageItems })),
    );
  }
}

/** One shard's entries of one day stamped in [from, to), in stamp time order. */
async function* shardEntries(
  table: Table,
  {
    day,
    shard,
    from,
    to,
    pageItems,
  }: { day: string; shard: number; from: string; to: string; pageItems: number },
): AsyncGenerator<LogEntry> {
  const pk = recordedDayPk(day, shard);
  const items = queryPages(
    table,
    {
      IndexName: BY_RECORDED_TIME_INDEX.name,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: {
        '#pk': BY_RECORDED_TIME_INDEX.partitionKey,
        '#sk': BY_RECORDED_TIME_INDEX.sortKey,
      },
      ExpressionAttributeValues: { ':pk': S(pk), ':from': S(from), ':to': S(to) },
      Limit: pageItems,
    },
    { prefetch: true },
  );
  let last: string | undefined;
  for await (const item of items) {
    const entry = entryOf(item);
    if (!entry || entry.time < from || entry.time >= to) continue;
    if (last !== undefined && entry.time < last)
      throw new Error(`the log index partition ${pk} is not in stamp time order at ${entry.time}`);
    last = entry.time;
    yield entry;
  }
}

/**
 * Streams of entries, each in stamp time order, as one stream in log order: the entries of the
 * earliest moment left, from every stream, sorted by compareEntries, then the next moment's.
 */
async function* mergeByTime(streams: AsyncGenerator<LogEntry>[]): AsyncIterable<LogEntry> {
  const heads = await Promise.all(streams.map((s) => s.next()));
  try {
    for (;;) {
      let time: string | undefined;
      for (const h of heads) if (!h.done && (time === undefined || h.value.time < time)) time = h.value.time;
      if (time === undefined) return;
      const moment: LogEntry[] = [];
      for (const [i, stream] of streams.entries()) {
        for (let h = heads[i]!; !h.done && h.value.time === time; h = heads[i]!) {
          moment.push(h.value);
          heads[i] = await stream.next();
        }
      }
      yield* moment.sort(compareEntries);
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)));
  }
}

/**
 * The earliest stamp of any record or quarantined input: a one-off scan, before the first head, of the
 * keys-only log index (a few hundred bytes an entry, where the table's items are kilobytes).
 */
async function firstLogTime(table: Table): Promise<string | undefined> {
  let first: string | undefined;
  for await (const item of scanIndex(table, BY_RECORDED_TIME_INDEX.name, [
    BY_RECORDED_TIME_INDEX.partitionKey,
  ])) {
    const day = dayOfRecordedDayPk(str(item, BY_RECORDED_TIME_INDEX.partitionKey));
    if (day !== undefined && (first === undefined || day < first)) first = day;
  }
  return first === undefined ? undefined : `${first}T00:00:00.000Z`;
}

/** Stores a head once: false when one with its sequence exists (it is never replaced). */
export async function putTreeHead(table: Table, head: TreeHead): Promise<boolean> {
  const { written } = await conditionalPut(
    table,
    {
      pk: S(TREE_HEAD_PK),
      sk: S(treeHeadSk(head.sequence)),
      kind: S('tree-head'),
      doc: S(canonicalJson(head)),
    },
    'attribute_not_exists(pk)',
  );
  return written;
}

const docOf = (item: Item): StoredTreeHeadDoc => ({ sequence: Number(str(item, 'sk')), doc: parseDoc(item) });

/** The stored head with the highest sequence. */
export async function lastTreeHeadDoc(table: Table): Promise<StoredTreeHeadDoc | undefined> {
  for await (const item of queryPages(table, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': S(TREE_HEAD_PK) },
    ScanIndexForward: false,
    Limit: 1,
    ConsistentRead: true,
  }))
    return docOf(item);
  return undefined;
}

/** The stored head of one sequence. */
export async function treeHeadDoc(table: Table, sequence: number): Promise<StoredTreeHeadDoc | undefined> {
  for await (const item of queryPartition(table, TREE_HEAD_PK, treeHeadSk(sequence))) return docOf(item);
  return undefined;
}

/** Every stored head, in sequence order. */
export async function* listTreeHeadDocs(table: Table): AsyncIterable<StoredTreeHeadDoc> {
  for await (const item of queryPartition(table, TREE_HEAD_PK)) yield docOf(item);
}
