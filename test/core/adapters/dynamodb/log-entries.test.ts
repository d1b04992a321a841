import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../../../core/adapters/dynamodb/store';
import { batchWrite, type Item, S } from '../../../../core/adapters/dynamodb/table';
import { quarantineIndexKeys, recordIndexKeys } from '../../../../core/adapters/dynamodb/table-schema';
import { logEntries } from '../../../../core/adapters/dynamodb/tree-heads';
import type { EmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import { LocalAnchorStore } from '../../../../core/adapters/local-anchor-store';
import { MerkleTree } from '../../../../core/domain/merkle';
import {
  compareEntries,
  entryLeafHash,
  type LogEntry,
  quarantineEntry,
  recordEntry,
} from '../../../../core/domain/tree-head';
import { signTreeHead } from '../../../../core/usecases/tree-heads';
import { startTestStore } from '../../../helpers/store';

const hex = (n: number) => n.toString(16).padStart(64, '0');
const DAYS = ['2026-10-01', '2026-10-02'];

/**
 * The log index items of `count` records and quarantined inputs over two days, several stamped at
 * each moment (as a commit stamps its records), spread over every shard; with the entries they stand for.
 */
function logItems(count: number) {
  const items: Item[] = [];
  const entries: LogEntry[] = [];
  for (let i = 0; i < count; i++) {
    const recordedAt = `${DAYS[i % 2]}T10:00:${String((i * 7) % 13).padStart(2, '0')}.000Z`;
    if (i % 9 === 0) {
      const q = { recordedAt, id: `q${i}`, rawSha256: hex(i) };
      items.push({
        pk: S(`Q#test#${i}`),
        sk: S(recordedAt),
        kind: S('quarantine'),
        ...attrs(quarantineIndexKeys(q)),
      });
      entries.push(quarantineEntry({ quarantineId: q.id, receivedAt: recordedAt, sha256: q.rawSha256 }));
    } else {
      const record = {
        recordedAt,
        observedAt: `2026-09-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00.000Z`,
        evidenceId: `e${i}`,
        integrity: { recordHash: hex(count - i) },
      };
      const keys = recordIndexKeys(`subject-${i % 37}`, record);
      items.push({ pk: S(`S#subject-${i}`), sk: S(`R#${i}`), kind: S('record'), ...attrs(keys) });
      entries.push(recordEntry({ ...record, recordHash: record.integrity.recordHash }));
    }
  }
  return { items, entries };
}
const attrs = (keys: Record<string, string>) =>
  Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, S(v)]));

describe('the evidence log read from the table', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;
  let anchorsDir: string;
  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
    anchorsDir = mkdtempSync(join(tmpdir(), 'log-entries-'));
  });
  afterEach(async () => {
    await dynamo.close();
    rmSync(anchorsDir, { recursive: true, force: true });
  });

  it('comes in log order, a few index items a page, whatever order the shards hold it in', async () => {
    const { items, entries } = logItems(700);
    await batchWrite(
      store.table,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
    const sorted = [...entries].sort(compareEntries);

    const read: LogEntry[] = [];
    for await (const e of logEntries(store.table, undefined, '2026-10-03T00:00:00.000Z', 7)) read.push(e);
    expect(read).toEqual(sorted);

    // a window: from a moment on the first day to one on the second, bounds as the head's
    const from = '2026-10-01T10:00:05.000Z';
    const to = '2026-10-02T10:00:09.000Z';
    const window: LogEntry[] = [];
    for await (const e of logEntries(store.table, from, to, 5)) window.push(e);
    expect(window).toEqual(sorted.filter((e) => e.time >= from && e.time < to));
    expect(window.length).toBeGreaterThan(0);
  });

  it('signs the head a tree over every entry, sorted, would have', async () => {
    const { items, entries } = logItems(450);
    await batchWrite(
      store.table,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const signer = {
      algorithm: 'Ed25519' as const,
      publicKeyPem: async () => pem,
      sign: async (m: Uint8Array) => sign(null, m, privateKey),
    };
    const result = await signTreeHead({
      store,
      anchors: new LocalAnchorStore(anchorsDir),
      signer,
      now: () => new Date('2026-10-03T00:00:00.000Z'),
      graceMs: 0,
    });
    expect(result.problems).toEqual([]);
    expect(result.appended).toBe(450);
    const tree = MerkleTree.fromLeafHashes([...entries].sort(compareEntries).map(entryLeafHash));
    expect(result.signed?.rootHash).toBe(tree.root().toString('hex'));
  });
});
