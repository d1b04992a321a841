import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureTable } from '../../../../core/adapters/dynamodb/table-bootstrap';
import { LocalTableClient } from '../../../../core/adapters/embedded/local-table-client';

const TABLE = 'evidence';
const HEADS = 100;
const ROUNDS = 60;
/** big, incompressible items: LevelDB's levels fill (and compactions run) after few requests */
const ITEM_CHARS = 50_000;

/** A seeded generator (mulberry32): the same rewrites in every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes of the files in `dir` (LevelDB keeps its files flat in the data directory). */
const bytesIn = (dir: string) =>
  readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);

/** A refused conditional write on an acknowledged version: the store no longer holds that version. */
const refused = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as Error).name === 'ConditionalCheckFailedException';

/** The embedded store in a process of its own (test/helpers/store-process.ts), and its end. */
async function storeProcess(dataDir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/store-process.ts', dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    if (out.includes('\n')) break;
  }
  return { endpoint: out.trim(), child };
}

describe('the embedded store under many overwrites of the same items', () => {
  let root: string;
  let dataDir: string;
  let store: { endpoint: string; child: ChildProcess } | undefined;
  let client: LocalTableClient | undefined;
  const closeStore = async () => {
    client?.destroy();
    client = undefined;
    if (!store || store.child.exitCode !== null || store.child.signalCode !== null) return;
    const exited = once(store.child, 'exit');
    store.child.stdin?.end();
    await exited;
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'evidence-overwrites-'));
    dataDir = join(root, 'store');
  });
  afterEach(async () => {
    await closeStore();
    rmSync(root, { recursive: true, force: true });
  });

  // The pattern that lost head writes in 100k-event ingests, scaled to seconds: conditional rewrites of
  // "head" items among range reads, each head read back after every round. dynalite 4.0.0 left every range
  // read's LevelDB iterator (and its snapshot) open, so LevelDB kept all versions of every item, and
  // LevelDB 1.20's compaction then served older versions again (see dynalite-worker.mjs).
  it('serves the last acknowledged version of every item and discards the versions it replaced', async () => {
    store = await storeProcess(dataDir);
    client = new LocalTableClient(store.endpoint);
    await ensureTable(client, TABLE);
    // a range read that stops before the end of its data (the store's startup probe reads to the end)
    for (const sk of ['a', 'b'])
      await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'Q' }, sk: { S: sk } } }));
    const page = await client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'Q' } },
        Limit: 1,
      }),
    );
    expect(page.LastEvaluatedKey).toBeDefined();
    const key = (h: number) => ({ pk: { S: `S#${h}` }, sk: { S: 'HEAD' } });
    const acknowledged = new Array<number>(HEADS).fill(0);
    const lost: string[] = [];
    const random = seeded(20261207);
    let bytesWritten = 0;

    for (let round = 1; round <= ROUNDS; round++) {
      const writes: Promise<unknown>[] = [];
      for (let h = 0; h < HEADS; h++) {
        // about 3 heads in 10 per round, so a head's newest version ages (and moves down) between writes
        if (random() >= 0.3) continue;
        const previous = acknowledged[h] ?? 0;
        const item = {
          ...key(h),
          seq: { N: String(previous + 1) },
          body: { S: randomBytes(ITEM_CHARS / 2).toString('hex') },
        };
        bytesWritten += ITEM_CHARS;
        const condition =
          previous === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'seq = :seq',
                ExpressionAttributeValues: { ':seq': { N: String(previous) } },
              };
        writes.push(
          client.send(new PutItemCommand({ TableName: TABLE, Item: item, ...condition })).then(
            () => {
              acknowledged[h] = previous + 1;
            },
            (error: unknown) => {
              if (!refused(error)) throw error;
              lost.push(`round ${round}: the write on acknowledged seq ${previous} of S#${h} was refused`);
            },
          ),
        );
      }
      await Promise.all(writes);

      const written = acknowledged.flatMap((seq, h) => (seq > 0 ? [h] : []));
      for (let i = 0; i < written.length; i += 100) {
        const answer = await client.send(
          new BatchGetItemCommand({
            RequestItems: {
              [TABLE]: {
                Keys: written.slice(i, i + 100).map(key),
                ConsistentRead: true,
                ProjectionExpression: 'pk, seq',
              },
            },
          }),
        );
        for (const item of answer.Responses?.[TABLE] ?? []) {
          const h = Number(item.pk?.S?.slice(2));
          const seq = Number(item.seq?.N);
          if (seq !== acknowledged[h]) {
            lost.push(`round ${round}: S#${h} read seq ${seq}, acknowledged ${acknowledged[h]}`);
            acknowledged[h] = seq;
          }
        }
      }
    }

    expect(lost).toEqual([]);
    // (how the store's process ends is not this test's subject: see store-process.ts)
    await closeStore();
    // live data is HEADS items (5 MB); LevelDB may still hold a few recent memtables' worth of older versions
    expect(bytesIn(dataDir)).toBeLessThan(bytesWritten / 2);
  });
});
