import { gzipSync } from 'node:zlib';
import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { EvidenceRecord } from '../../evidence-schemas';
import { sha256Hex } from '../domain/hashing';
import type { PostureEntry } from '../domain/posture';
import { ChainConflictError } from '../ports/errors';
import {
  type ChainHead,
  type EvidenceStore,
  eventKey,
  type QuarantineItem,
  type StoredQuarantineItem,
  type StoredRecordDoc,
} from '../ports/evidence-store';
import { SHARD_COUNT } from '../table-schema';

type Item = Record<string, AttributeValue>;

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: number): AttributeValue => ({ N: String(n) });
const str = (item: Item, name: string): string => item[name]?.S ?? '';

/** Small non-cryptographic hash (FNV-1a) to spread keys over shards. */
export function shardOf(key: string, shards = SHARD_COUNT): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

export const subjectPk = (subjectKey: string) => `S#${subjectKey}`;
export const recordSk = (r: EvidenceRecord) =>
  `R#${String(r.integrity.sequence).padStart(10, '0')}#${r.integrity.recordHash.slice(0, 16)}`;
const posturePk = (controlId: string, subjectKey: string) => `P#${controlId}#${shardOf(subjectKey)}`;
const dayShardPk = (prefix: string, iso: string, key: string) => `${prefix}#${iso.slice(0, 10)}#${shardOf(key)}`;

/** Largest raw input kept inline with a quarantined item (DynamoDB items are limited to 400 KB). */
const MAX_QUARANTINE_RAW = 280_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface DynamoDbEvidenceStoreOptions {
  tableName: string;
  client?: DynamoDBClient;
}

let defaultClient: DynamoDBClient | undefined;

/** EvidenceStore over DynamoDB's API: AWS itself, dynalite (embedded), or any compatible endpoint. */
export class DynamoDbEvidenceStore implements EvidenceStore {
  readonly tableName: string;
  readonly client: DynamoDBClient;

  constructor(options: DynamoDbEvidenceStoreOptions) {
    this.tableName = options.tableName;
    defaultClient ??= options.client ? undefined : new DynamoDBClient({});
    this.client = options.client ?? (defaultClient as DynamoDBClient);
  }

  async getHeads(subjectKeys: string[]): Promise<Map<string, ChainHead>> {
    const out = new Map<string, ChainHead>();
    const keys = [...new Set(subjectKeys)].map((k) => ({ pk: S(subjectPk(k)), sk: S('HEAD') }));
    for (const item of await this.batchGet(keys)) {
      const head = parseHead(item);
      out.set(head.subjectKey, head);
    }
    return out;
  }

  async findSourceEvents(pairs: { subjectKey: string; eventId: string }[]): Promise<Set<string>> {
    const keys = pairs.map((p) => ({ pk: S(subjectPk(p.subjectKey)), sk: S(`E#${p.eventId}`) }));
    const found = new Set<string>();
    for (const item of await this.batchGet(dedupeKeys(keys))) {
      found.add(eventKey(str(item, 'pk').slice(2), str(item, 'sk').slice(2)));
    }
    return found;
  }

  async putRecords(subjectKey: string, records: EvidenceRecord[]): Promise<void> {
    await this.batchWrite(
      records.map((r) => ({
        PutRequest: {
          Item: {
            pk: S(subjectPk(subjectKey)),
            sk: S(recordSk(r)),
            kind: S('record'),
            doc: S(JSON.stringify(r)),
            gsi1pk: S(dayShardPk('D', r.observedAt, subjectKey)),
            gsi1sk: S(`${r.observedAt}#${r.evidenceId}`),
          },
        },
      })),
    );
  }

  async deleteRecords(subjectKey: string, records: EvidenceRecord[]): Promise<void> {
    await this.batchWrite(
      records.map((r) => ({ DeleteRequest: { Key: { pk: S(subjectPk(subjectKey)), sk: S(recordSk(r)) } } })),
    );
  }

  async commitHead(next: ChainHead, expectedSequence: number | undefined): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: S(subjectPk(next.subjectKey)), sk: S('HEAD') },
          UpdateExpression:
            'SET #kind = :kind, #seq = :seq, tip = :tip, subjectKey = :sk, subject = :subject, lastObservedAt = :lo, facets = :facets, lastBatch = :lb',
          ConditionExpression: expectedSequence === undefined ? 'attribute_not_exists(pk)' : '#seq = :expected',
          ExpressionAttributeNames: { '#seq': 'seq', '#kind': 'kind' },
          ExpressionAttributeValues: {
            ':kind': S('head'),
            ':seq': N(next.sequence),
            ':tip': S(next.recordHash),
            ':sk': S(next.subjectKey),
            ':subject': S(JSON.stringify(next.subject)),
            ':lo': S(next.lastObservedAt),
            ':facets': S(JSON.stringify(next.facets)),
            ':lb': S(JSON.stringify(next.lastBatch)),
            ...(expectedSequence === undefined ? {} : { ':expected': N(expectedSequence) }),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') {
        throw new ChainConflictError(next.subjectKey, { cause: error });
      }
      throw error;
    }
  }

  async applyPosture(entries: PostureEntry[]): Promise<void> {
    for (const e of entries) {
      try {
        await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: S(posturePk(e.controlId, e.subjectKey)), sk: S(e.subjectKey) },
            UpdateExpression:
              'SET #kind = :kind, previousStatus = if_not_exists(#status, :none), #status = :status, controlId = :cid, subjectKey = :sk, subject = :subject, reason = :reason, observedAt = :at, evidenceId = :eid, orderKey = :ok',
            ConditionExpression: 'attribute_not_exists(orderKey) OR orderKey < :ok',
            ExpressionAttributeNames: { '#status': 'status', '#kind': 'kind' },
            ExpressionAttributeValues: {
              ':kind': S('posture'),
              ':none': S('NONE'),
              ':status': S(e.status),
              ':cid': S(e.controlId),
              ':sk': S(e.subjectKey),
              ':subject': S(JSON.stringify(e.subject)),
              ':reason': S(e.reason),
              ':at': S(e.observedAt),
              ':eid': S(e.evidenceId),
              ':ok': S(e.orderKey),
            },
          }),
        );
      } catch (error) {
        // a newer verdict is already there: a late, older event never overrides it
        if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') continue;
        throw error;
      }
    }
  }

  async markSourceEvents(pairs: { subjectKey: string; eventId: string; evidenceId: string }[]): Promise<void> {
    const seen = new Set<string>();
    const writes: WriteRequest[] = [];
    for (const p of pairs) {
      const k = eventKey(p.subjectKey, p.eventId);
      if (seen.has(k)) continue;
      seen.add(k);
      writes.push({
        PutRequest: {
          Item: { pk: S(subjectPk(p.subjectKey)), sk: S(`E#${p.eventId}`), kind: S('event'), evidenceId: S(p.evidenceId) },
        },
      });
    }
    await this.batchWrite(writes);
  }

  async quarantine(items: QuarantineItem[]): Promise<void> {
    await this.batchWrite(
      items.map((q) => {
        const truncated = q.raw.length > MAX_QUARANTINE_RAW;
        const kept = truncated ? q.raw.slice(0, MAX_QUARANTINE_RAW) : q.raw;
        return {
          PutRequest: {
            Item: {
              pk: S(dayShardPk('Q', q.recordedAt, q.id)),
              sk: S(`${q.recordedAt}#${q.id}`),
              kind: S('quarantine'),
              id: S(q.id),
              recordedAt: S(q.recordedAt),
              reason: S(q.reason),
              origin: S(q.origin),
              idx: N(q.index),
              raw: { B: gzipSync(kept) },
              rawSha256: S(sha256Hex(q.raw)),
              rawBytes: N(Buffer.byteLength(q.raw)),
              truncated: { BOOL: truncated },
            },
          },
        };
      }),
    );
  }

  async *listHeads(): AsyncIterable<ChainHead> {
    for await (const item of this.scanKind('head')) yield parseHead(item);
  }

  async *listPosture(): AsyncIterable<PostureEntry> {
    for await (const item of this.scanKind('posture')) {
      yield {
        subjectKey: str(item, 'subjectKey'),
        subject: JSON.parse(str(item, 'subject')),
        controlId: str(item, 'controlId'),
        status: str(item, 'status') as PostureEntry['status'],
        reason: str(item, 'reason'),
        observedAt: str(item, 'observedAt'),
        evidenceId: str(item, 'evidenceId'),
        orderKey: str(item, 'orderKey'),
      };
    }
  }

  async listChainDocs(subjectKey: string): Promise<StoredRecordDoc[]> {
    const out: StoredRecordDoc[] = [];
    let start: Item | undefined;
    do {
      const res = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
          ExpressionAttributeValues: { ':pk': S(subjectPk(subjectKey)), ':r': S('R#') },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) out.push(docOf(item));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async *scanRecordDocs(): AsyncIterable<StoredRecordDoc> {
    for await (const item of this.scanKind('record')) yield docOf(item);
  }

  async *listQuarantine(): AsyncIterable<StoredQuarantineItem> {
    const { gunzipSync } = await import('node:zlib');
    for await (const item of this.scanKind('quarantine')) {
      yield {
        id: str(item, 'id'),
        recordedAt: str(item, 'recordedAt'),
        reason: str(item, 'reason'),
        origin: str(item, 'origin'),
        index: Number(item.idx?.N ?? -1),
        raw: item.raw?.B ? gunzipSync(item.raw.B).toString('utf8') : '',
        rawSha256: str(item, 'rawSha256'),
        truncated: item.truncated?.BOOL ?? false,
      };
    }
  }

  private async *scanKind(kind: string): AsyncIterable<Item> {
    let start: Item | undefined;
    do {
      const res = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#kind = :kind',
          ExpressionAttributeNames: { '#kind': 'kind' },
          ExpressionAttributeValues: { ':kind': S(kind) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) yield item;
      start = res.LastEvaluatedKey;
    } while (start);
  }

  private async batchGet(keys: Item[]): Promise<Item[]> {
    const out: Item[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Item[] = keys.slice(i, i + 100);
      for (let attempt = 0; pending.length > 0; attempt++) {
        const res = await this.client.send(
          new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        out.push(...(res.Responses?.[this.tableName] ?? []));
        pending = res.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (pending.length > 0) await backoff(attempt);
      }
    }
    return out;
  }

  private async batchWrite(requests: WriteRequest[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending: WriteRequest[] = requests.slice(i, i + 25);
      for (let attempt = 0; pending.length > 0; attempt++) {
        const res = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = res.UnprocessedItems?.[this.tableName] ?? [];
        if (pending.length > 0) await backoff(attempt);
      }
    }
  }
}

async function backoff(attempt: number): Promise<void> {
  if (attempt > 12) throw new Error('DynamoDB kept returning unprocessed items after 12 retries');
  await sleep(Math.min(2000, 20 * 2 ** attempt) * (0.5 + Math.random() / 2));
}

function dedupeKeys(keys: Item[]): Item[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.pk?.S}\u0000${k.sk?.S}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function parseHead(item: Item): ChainHead {
  return {
    subjectKey: str(item, 'subjectKey'),
    subject: JSON.parse(str(item, 'subject') || '{}'),
    sequence: Number(item.seq?.N ?? 0),
    recordHash: str(item, 'tip'),
    lastObservedAt: str(item, 'lastObservedAt'),
    facets: JSON.parse(str(item, 'facets') || '{}'),
    lastBatch: JSON.parse(str(item, 'lastBatch') || '[]'),
  };
}

function docOf(item: Item): StoredRecordDoc {
  let doc: unknown;
  try {
    doc = JSON.parse(str(item, 'doc'));
  } catch {
    doc = undefined;
  }
  return { subjectKey: str(item, 'pk').slice(2), key: str(item, 'sk'), doc };
}
