import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import {
  type Checkpoint,
  type EvidenceRecord,
  SubjectSchema,
  type Transition,
  TransitionSchema,
  VerdictStatusSchema,
} from '../../../evidence-schemas';
import type { DayLeaf } from '../../domain/checkpoint';
import { canonicalJson, sha256Hex } from '../../domain/hashing';
import { ChainConflictError } from '../../ports/errors';
import {
  type ChainHead,
  type EvidenceStore,
  eventKey,
  type PostureIndexEntry,
  type QuarantineItem,
  type QuarantineUpdate,
  type SourceEventMarker,
  type SourceEventRef,
  type StoredCheckpointDoc,
  type StoredQuarantineItem,
  type StoredRecordDoc,
} from '../../ports/evidence-store';
import type { NotificationLedger } from '../../ports/notifier';
import { mapLimit } from '../../support/concurrency';
import { BY_RECORDED_DAY_INDEX, CHECKPOINT_PK, SHARD_COUNT } from './table-schema';

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
const dayShardPk = (prefix: string, iso: string, key: string) =>
  `${prefix}#${iso.slice(0, 10)}#${shardOf(key)}`;

/** Largest raw input kept inline with a quarantined item (DynamoDB items are limited to 400 KB). */
const MAX_QUARANTINE_RAW = 280_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface DynamoDbEvidenceStoreOptions {
  tableName: string;
  client?: DynamoDBClient;
  /** batch requests in flight at once (default 8) */
  parallelRequests?: number;
}

let defaultClient: DynamoDBClient | undefined;

/** EvidenceStore over DynamoDB's API: AWS itself, dynalite (embedded), or any compatible endpoint. */
export class DynamoDbEvidenceStore implements EvidenceStore, NotificationLedger {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  /** batch requests in flight at once */
  readonly parallelRequests: number;

  constructor(options: DynamoDbEvidenceStoreOptions) {
    this.tableName = options.tableName;
    this.parallelRequests = options.parallelRequests ?? 8;
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

  async findSourceEvents(refs: SourceEventRef[]): Promise<Set<string>> {
    // markers are filed by the event's day: one query per (subject, day) reads every commit's list
    const groups = new Map<string, { subjectKey: string; day: string }>();
    for (const r of refs)
      groups.set(`${r.subjectKey}\u0000${r.observedAt.slice(0, 10)}`, {
        subjectKey: r.subjectKey,
        day: r.observedAt.slice(0, 10),
      });
    const found = new Set<string>();
    await mapLimit([...groups.values()], this.parallelRequests, async ({ subjectKey, day }) => {
      for await (const item of this.queryPartition(subjectPk(subjectKey), `E#${day}#`)) {
        for (const id of z.array(z.string()).parse(JSON.parse(str(item, 'ids') || '[]')))
          found.add(eventKey(subjectKey, id));
      }
    });
    return found;
  }

  async putRecords(records: { subjectKey: string; record: EvidenceRecord }[]): Promise<void> {
    await this.batchWrite(
      records.map(({ subjectKey, record: r }) => ({
        PutRequest: {
          Item: {
            pk: S(subjectPk(subjectKey)),
            sk: S(recordSk(r)),
            kind: S('record'),
            doc: S(JSON.stringify(r)),
            gsi1pk: S(dayShardPk('D', r.observedAt, subjectKey)),
            gsi1sk: S(`${r.observedAt}#${r.evidenceId}`),
            // the leaf of the record's daily checkpoint tree (day of ingest)
            gsi2pk: S(dayShardPk('RD', r.recordedAt, subjectKey)),
            gsi2sk: S(`${r.observedAt}#${r.integrity.recordHash}`),
          },
        },
      })),
    );
  }

  async deleteRecords(records: { subjectKey: string; record: EvidenceRecord }[]): Promise<void> {
    await this.batchWrite(
      records.map(({ subjectKey, record }) => ({
        DeleteRequest: { Key: { pk: S(subjectPk(subjectKey)), sk: S(recordSk(record)) } },
      })),
    );
  }

  async commitHead(next: ChainHead, expectedSequence: number | undefined): Promise<void> {
    // a whole-item conditional put: the head is small, and a put's condition is all that must be atomic
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: S(subjectPk(next.subjectKey)),
            sk: S('HEAD'),
            kind: S('head'),
            seq: N(next.sequence),
            tip: S(next.recordHash),
            subjectKey: S(next.subjectKey),
            subject: S(JSON.stringify(next.subject)),
            lastObservedAt: S(next.lastObservedAt),
            facets: S(JSON.stringify(next.facets)),
            posture: S(JSON.stringify(next.posture)),
            lastBatch: S(JSON.stringify(next.lastBatch)),
            lastBatchDays: S(JSON.stringify(next.lastBatchDays ?? [])),
            // the drift function's stream filter selects heads whose commit changed posture
            transitions: S(JSON.stringify(next.transitions ?? [])),
            hasTransitions: { BOOL: (next.transitions?.length ?? 0) > 0 },
            ...(next.ephi ? { ephi: S(JSON.stringify(next.ephi)) } : {}),
          },
          ConditionExpression:
            expectedSequence === undefined ? 'attribute_not_exists(pk)' : 'seq = :expected',
          ...(expectedSequence === undefined
            ? {}
            : { ExpressionAttributeValues: { ':expected': N(expectedSequence) } }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ChainConflictError(next.subjectKey, { cause: error });
      throw error;
    }
  }

  async putPostureIndex(entries: PostureIndexEntry[]): Promise<void> {
    // One conditional put per entry (BatchWriteItem takes no conditions): writers index after their head
    // commit, so a writer that committed earlier can reach the index later; the condition keeps an entry
    // derived from an older head from overwriting one derived from a newer head.
    await mapLimit(entries, this.parallelRequests, async (e) => {
      try {
        await this.sendIdempotent(() =>
          this.client.send(
            new PutItemCommand({
              TableName: this.tableName,
              Item: {
                pk: S(posturePk(e.controlId, e.subjectKey)),
                sk: S(e.subjectKey),
                kind: S('posture'),
                controlId: S(e.controlId),
                subjectKey: S(e.subjectKey),
                subject: S(JSON.stringify(e.subject)),
                status: S(e.status),
                reason: S(e.reason),
                observedAt: S(e.observedAt),
                evidenceId: S(e.evidenceId),
                orderKey: S(e.orderKey),
                headSeq: N(e.headSequence),
              },
              ConditionExpression: 'attribute_not_exists(pk) OR headSeq <= :seq',
              ExpressionAttributeValues: { ':seq': N(e.headSequence) },
            }),
          ),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    });
  }

  async markSourceEvents(commits: SourceEventMarker[]): Promise<void> {
    const items = new Map<string, { subjectKey: string; sk: string; ids: Set<string> }>();
    for (const c of commits) {
      for (const e of c.events) {
        const sk = `E#${e.observedAt.slice(0, 10)}#${String(c.sequence).padStart(10, '0')}`;
        const key = `${c.subjectKey}\u0000${sk}`;
        const item = items.get(key) ?? { subjectKey: c.subjectKey, sk, ids: new Set<string>() };
        item.ids.add(e.eventId);
        items.set(key, item);
      }
    }
    await this.batchWrite(
      [...items.values()].map((m) => ({
        PutRequest: {
          Item: {
            pk: S(subjectPk(m.subjectKey)),
            sk: S(m.sk),
            kind: S('event-marker'),
            ids: S(JSON.stringify([...m.ids].sort())),
          },
        },
      })),
    );
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

  async updateQuarantine(u: QuarantineUpdate): Promise<boolean> {
    // attributes set by a redrive; `firstReason` keeps the reason given on arrival (operands of SET read
    // the item as it was before the update, so `#reason` here is the old reason)
    const sets = ['#attempts = :attempts', '#lastAttemptAt = :at', '#state = :state'];
    const values: Item = {
      ':attempts': N(u.expectedAttempts + 1),
      ':expected': N(u.expectedAttempts),
      ':at': S(u.attemptedAt),
      ':state': S(u.state),
      ':open': S('open'),
    };
    const names: Record<string, string> = {
      '#attempts': 'attempts',
      '#lastAttemptAt': 'lastAttemptAt',
      '#state': 'state',
      '#pk': 'pk',
    };
    if (u.state === 'open') {
      sets.push('#firstReason = if_not_exists(#firstReason, #reason)', '#reason = :reason');
      Object.assign(names, { '#firstReason': 'firstReason', '#reason': 'reason' });
      values[':reason'] = S(u.reason);
    } else {
      sets.push('#resolvedAt = :at', '#outcome = :outcome', '#evidenceIds = :ids');
      Object.assign(names, {
        '#resolvedAt': 'resolvedAt',
        '#outcome': 'outcome',
        '#evidenceIds': 'evidenceIds',
      });
      values[':outcome'] = S(u.outcome);
      values[':ids'] = { L: u.evidenceIds.map(S) };
    }
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: S(dayShardPk('Q', u.recordedAt, u.id)), sk: S(`${u.recordedAt}#${u.id}`) },
          UpdateExpression: `SET ${sets.join(', ')}`,
          // never create an item, never reopen a resolved one, never count an attempt twice
          ConditionExpression:
            'attribute_exists(#pk) AND (attribute_not_exists(#state) OR #state = :open) AND ' +
            // an item never redriven has no count yet
            (u.expectedAttempts === 0
              ? '(attribute_not_exists(#attempts) OR #attempts = :expected)'
              : '#attempts = :expected'),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  // --- daily checkpoints ---

  async putCheckpoint(checkpoint: Checkpoint): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: S(CHECKPOINT_PK),
            sk: S(checkpoint.day),
            kind: S('checkpoint'),
            doc: S(canonicalJson(checkpoint)),
          },
          // a checkpoint is written once and never replaced
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async *listCheckpointDocs(): AsyncIterable<StoredCheckpointDoc> {
    for await (const item of this.queryPartition(CHECKPOINT_PK)) {
      let doc: unknown;
      try {
        doc = JSON.parse(str(item, 'doc'));
      } catch {
        doc = undefined;
      }
      yield { day: str(item, 'sk'), doc };
    }
  }

  async recordLeavesOn(day: string): Promise<DayLeaf[]> {
    const leaves: DayLeaf[] = [];
    await mapLimit(
      Array.from({ length: SHARD_COUNT }, (_, shard) => shard),
      this.parallelRequests,
      async (shard) => {
        let start: Item | undefined;
        do {
          const res = await this.client.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: BY_RECORDED_DAY_INDEX.name,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': BY_RECORDED_DAY_INDEX.partitionKey },
              ExpressionAttributeValues: { ':pk': S(`RD#${day}#${shard}`) },
              ExclusiveStartKey: start,
            }),
          );
          for (const item of res.Items ?? []) {
            const key = str(item, BY_RECORDED_DAY_INDEX.sortKey);
            const cut = key.lastIndexOf('#');
            leaves.push({ observedAt: key.slice(0, cut), recordHash: key.slice(cut + 1) });
          }
          start = res.LastEvaluatedKey;
        } while (start);
      },
    );
    return leaves;
  }

  async firstRecordedDay(): Promise<string | undefined> {
    // a one-off scan of keys only: the first checkpoint run needs to know where the log starts
    let first: string | undefined;
    let start: Item | undefined;
    do {
      const res = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#kind = :kind',
          ProjectionExpression: '#day',
          ExpressionAttributeNames: { '#kind': 'kind', '#day': BY_RECORDED_DAY_INDEX.partitionKey },
          ExpressionAttributeValues: { ':kind': S('record') },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) {
        const day = str(item, BY_RECORDED_DAY_INDEX.partitionKey).slice(3, 13);
        if (/^\d{4}-\d{2}-\d{2}$/.test(day) && (first === undefined || day < first)) first = day;
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return first;
  }

  // --- notification ledger: sent markers and pending notifications (same table) ---

  async findSentNotifications(ids: string[]): Promise<Set<string>> {
    const keys = [...new Set(ids)].map((id) => ({ pk: S(`N#${id}`), sk: S('SENT') }));
    return new Set((await this.batchGet(keys)).map((item) => str(item, 'pk').slice(2)));
  }

  async markNotificationsSent(ids: string[]): Promise<void> {
    const at = new Date().toISOString();
    await this.batchWrite(
      [...new Set(ids)].map((id) => ({
        PutRequest: {
          Item: { pk: S(`N#${id}`), sk: S('SENT'), kind: S('notification-sent'), sentAt: S(at) },
        },
      })),
    );
  }

  async savePendingNotifications(transitions: Transition[]): Promise<void> {
    await this.batchWrite(
      transitions.map((t) => ({
        PutRequest: {
          Item: {
            pk: S(`NP#${shardOf(t.id)}`),
            sk: S(t.id),
            kind: S('notification-pending'),
            transition: S(JSON.stringify(t)),
          },
        },
      })),
    );
  }

  async listPendingNotifications(): Promise<Transition[]> {
    const out: Transition[] = [];
    for (let shard = 0; shard < SHARD_COUNT; shard++) {
      for await (const item of this.queryPartition(`NP#${shard}`)) {
        out.push(TransitionSchema.parse(JSON.parse(str(item, 'transition'))));
      }
    }
    return out;
  }

  async deletePendingNotifications(ids: string[]): Promise<void> {
    await this.batchWrite(
      [...new Set(ids)].map((id) => ({ DeleteRequest: { Key: { pk: S(`NP#${shardOf(id)}`), sk: S(id) } } })),
    );
  }

  async *listHeads(): AsyncIterable<ChainHead> {
    for await (const item of this.scanKind('head')) yield parseHead(item);
  }

  async *listPostureIndex(controlId?: string): AsyncIterable<PostureIndexEntry> {
    const items = controlId ? this.queryControl(controlId) : this.scanKind('posture');
    for await (const item of items) {
      yield {
        subjectKey: str(item, 'subjectKey'),
        subject: SubjectSchema.parse(JSON.parse(str(item, 'subject'))),
        controlId: str(item, 'controlId'),
        status: VerdictStatusSchema.parse(str(item, 'status')),
        reason: str(item, 'reason'),
        observedAt: str(item, 'observedAt'),
        evidenceId: str(item, 'evidenceId'),
        orderKey: str(item, 'orderKey'),
        headSequence: Number(item.headSeq?.N ?? 0),
      };
    }
  }

  private async *queryControl(controlId: string): AsyncIterable<Item> {
    for (let shard = 0; shard < SHARD_COUNT; shard++) yield* this.queryPartition(`P#${controlId}#${shard}`);
  }

  /** Every item of one partition, page by page; `skPrefix` narrows it to sort keys starting so. */
  private async *queryPartition(pk: string, skPrefix?: string): AsyncIterable<Item> {
    let start: Item | undefined;
    do {
      const res = await this.sendIdempotent(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            ExpressionAttributeValues: { ':pk': S(pk), ...(skPrefix ? { ':prefix': S(skPrefix) } : {}) },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      yield* res.Items ?? [];
      start = res.LastEvaluatedKey;
    } while (start);
  }

  async listChainDocs(subjectKey: string): Promise<StoredRecordDoc[]> {
    const out: StoredRecordDoc[] = [];
    for await (const item of this.queryPartition(subjectPk(subjectKey), 'R#')) out.push(docOf(item));
    return out;
  }

  async *scanRecordDocs(): AsyncIterable<StoredRecordDoc> {
    for await (const item of this.scanKind('record')) yield docOf(item);
  }

  async *listQuarantine(): AsyncIterable<StoredQuarantineItem> {
    for await (const item of this.scanKind('quarantine')) {
      yield {
        id: str(item, 'id'),
        recordedAt: str(item, 'recordedAt'),
        reason: str(item, 'reason'),
        origin: str(item, 'origin'),
        index: Number(item.idx?.N ?? -1),
        raw: item.raw?.B ? gunzipSync(item.raw.B).toString('utf8') : '',
        rawSha256: str(item, 'rawSha256'),
        bytes: Number(item.rawBytes?.N ?? 0),
        truncated: item.truncated?.BOOL ?? false,
        ...quarantineStateOf(item),
      };
    }
  }

  private async *scanKind(kind: string): AsyncIterable<Item> {
    let start: Item | undefined;
    do {
      const res = await this.sendIdempotent(() =>
        this.client.send(
          new ScanCommand({
            TableName: this.tableName,
            FilterExpression: '#kind = :kind',
            ExpressionAttributeNames: { '#kind': 'kind' },
            ExpressionAttributeValues: { ':kind': S(kind) },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of res.Items ?? []) yield item;
      start = res.LastEvaluatedKey;
    } while (start);
  }

  /**
   * Sends a request that is safe to repeat (a read, or a put or delete of a fixed item), trying again on
   * throttling and server errors whatever the client's own retry settings: a batch makes one request per
   * subject, and one throttled request must not fail all of them. Head commits never come here: their
   * repetition is not harmless, and the use case settles their outcome from the head itself.
   */
  private async sendIdempotent<O>(send: () => Promise<O>): Promise<O> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (attempt >= 3 || !isRetryable(error)) throw error;
        await sleep(Math.min(500, 10 * 2 ** attempt) * (0.5 + Math.random() / 2));
      }
    }
  }

  private async batchGet(keys: Item[]): Promise<Item[]> {
    const out: Item[] = [];
    await mapLimit(chunk(keys, 100), this.parallelRequests, async (batch) => {
      let pending: Item[] = batch;
      for (let attempt = 0; pending.length > 0; attempt++) {
        const res = await this.sendIdempotent(() =>
          this.client.send(
            new BatchGetItemCommand({
              RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          ),
        );
        out.push(...(res.Responses?.[this.tableName] ?? []));
        pending = res.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (pending.length > 0) await backoff(attempt);
      }
    });
    return out;
  }

  private async batchWrite(requests: WriteRequest[]): Promise<void> {
    await mapLimit(chunk(requests, 25), this.parallelRequests, async (batch) => {
      let pending: WriteRequest[] = batch;
      for (let attempt = 0; pending.length > 0; attempt++) {
        const res = await this.sendIdempotent(() =>
          this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } })),
        );
        pending = res.UnprocessedItems?.[this.tableName] ?? [];
        if (pending.length > 0) await backoff(attempt);
      }
    });
  }
}

const RETRYABLE = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);

/** A throttle or a server-side failure: worth another try of a request that is safe to repeat. */
function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = z.object({ $metadata: z.object({ httpStatusCode: z.number() }) }).safeParse(error);
  return RETRYABLE.has(error.name) || (status.success && status.data.$metadata.httpStatusCode >= 500);
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function backoff(attempt: number): Promise<void> {
  if (attempt > 12) throw new Error('DynamoDB kept returning unprocessed items after 12 retries');
  await sleep(Math.min(2000, 20 * 2 ** attempt) * (0.5 + Math.random() / 2));
}

const HeadJsonSchema = z.object({
  subject: SubjectSchema,
  facets: z.record(z.string(), z.object({ stateHash: z.string(), observedAt: z.string() })),
  posture: z.record(
    z.string(),
    z.object({
      status: VerdictStatusSchema,
      reason: z.string(),
      observedAt: z.string(),
      evidenceId: z.string(),
      orderKey: z.string(),
      since: z.string().optional(),
      lastResolvedAt: z.string().optional(),
    }),
  ),
  lastBatch: z.array(z.string()),
  ephi: z
    .object({
      inScope: z.boolean(),
      since: z.string(),
      decidedAt: z.string().optional(),
      matchedTagKey: z.string().optional(),
    })
    .strict()
    .optional(),
  lastBatchDays: z.array(z.string()),
});

/** Reads a head item; its JSON attributes are validated, never trusted as they are. */
function parseHead(item: Item): ChainHead {
  const json = (name: string, fallback: string): unknown => JSON.parse(str(item, name) || fallback);
  const parsed = HeadJsonSchema.parse({
    subject: json('subject', '{}'),
    facets: json('facets', '{}'),
    posture: json('posture', '{}'),
    lastBatch: json('lastBatch', '[]'),
    ephi: item.ephi ? json('ephi', '{}') : undefined,
    lastBatchDays: json('lastBatchDays', '[]'),
  });
  const { ephi, ...rest } = parsed;
  return {
    subjectKey: str(item, 'subjectKey'),
    sequence: Number(item.seq?.N ?? 0),
    recordHash: str(item, 'tip'),
    lastObservedAt: str(item, 'lastObservedAt'),
    ...rest,
    ...(ephi ? { ephi } : {}),
  };
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}

const RedriveOutcomeSchema = z.enum(['stored', 'duplicate', 'unchanged', 'ignored']);

/** The redrive attributes of a quarantined item; items written before redrive existed are open. */
function quarantineStateOf(
  item: Item,
): Pick<
  StoredQuarantineItem,
  'state' | 'attempts' | 'lastAttemptAt' | 'firstReason' | 'resolvedAt' | 'outcome' | 'evidenceIds'
> {
  const outcome = RedriveOutcomeSchema.safeParse(item.outcome?.S);
  const { lastAttemptAt, firstReason, resolvedAt } = {
    lastAttemptAt: item.lastAttemptAt?.S,
    firstReason: item.firstReason?.S,
    resolvedAt: item.resolvedAt?.S,
  };
  return {
    state: item.state?.S === 'resolved' ? 'resolved' : 'open',
    attempts: Number(item.attempts?.N ?? 0),
    ...(lastAttemptAt ? { lastAttemptAt } : {}),
    ...(firstReason ? { firstReason } : {}),
    ...(resolvedAt ? { resolvedAt } : {}),
    ...(outcome.success ? { outcome: outcome.data } : {}),
    ...(item.evidenceIds?.L ? { evidenceIds: item.evidenceIds.L.map((v) => v.S ?? '') } : {}),
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
