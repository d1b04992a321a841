import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../core/adapters/embedded/embedded-store';
import type { LocalEd25519Signer } from '../../../core/adapters/local-signer';
import { checkRecord } from '../../../core/domain/chain';
import { checkCheckpointChain, checkpointHash, dayLeafHash } from '../../../core/domain/checkpoint';
import { EMPTY_ROOT, MerkleTree } from '../../../core/domain/merkle';
import { checkpointDays, lastClosedDay } from '../../../core/usecases/checkpoint';
import { CheckpointSchema } from '../../../evidence-schemas';
import { ingestOn, tempSigner } from '../../helpers/checkpoints';
import { startTestStore } from '../../helpers/store';

const at = (iso: string) => () => new Date(iso);

async function storedCheckpoints(store: DynamoDbEvidenceStore) {
  const out = [];
  for await (const d of store.listCheckpointDocs()) out.push(CheckpointSchema.parse(d.doc));
  return out;
}

describe('daily checkpoints', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let signer: LocalEd25519Signer;

  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
    signer = tempSigner();
    await ingestOn(store, '2026-03-01T10:00:00.000Z', ['a', 'b', 'c']);
    // 2026-03-02: nothing recorded
    await ingestOn(store, '2026-03-03T09:00:00.000Z', ['d', 'e']);
    await ingestOn(store, '2026-03-03T23:50:00.000Z', ['a'], 7);
  });
  afterAll(async () => {
    await dynamo.close();
  });

  it('counts a day as closed only after midnight UTC and the grace period', () => {
    expect(lastClosedDay(new Date('2026-03-04T00:10:00.000Z'))).toBe('2026-03-02');
    expect(lastClosedDay(new Date('2026-03-04T00:31:00.000Z'))).toBe('2026-03-03');
    expect(lastClosedDay(new Date('2026-03-04T00:00:00.000Z'), 0)).toBe('2026-03-03');
  });

  it('never checkpoints a day before it is over', async () => {
    const run = await checkpointDays(store, signer, at('2026-03-03T23:59:00.000Z'));
    expect(run.created.map((c) => c.day)).toEqual(['2026-03-01', '2026-03-02']);
    expect(run.created.map((c) => c.treeSize)).toEqual([3, 0]);
  });

  it('makes every missing closed day in order, chained, and is idempotent', async () => {
    const run = await checkpointDays(store, signer, at('2026-03-05T06:00:00.000Z'));
    expect(run.created.map((c) => [c.day, c.treeSize])).toEqual([
      ['2026-03-03', 3],
      ['2026-03-04', 0],
    ]);
    expect(run.total).toBe(4);
    const again = await checkpointDays(store, signer, at('2026-03-05T07:00:00.000Z'));
    expect(again.created).toEqual([]);
    expect(again.total).toBe(4);

    const all = await storedCheckpoints(store);
    expect(all.map((c) => c.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(all[1]!.rootHash).toBe(EMPTY_ROOT.toString('hex'));
    expect(all[2]!.previousCheckpointHash).toBe(checkpointHash(all[1]!));
    expect(checkCheckpointChain(all, await signer.publicKeyPem(), { fromGenesis: true })).toEqual([]);
  });

  it('signs the root of the day’s records, computed independently from the stored documents', async () => {
    const byDay = new Map<string, { observedAt: string; recordHash: string }[]>();
    for await (const d of store.scanRecordDocs()) {
      const { record } = checkRecord(d.doc);
      if (!record) throw new Error('a stored record does not parse');
      const day = record.recordedAt.slice(0, 10);
      byDay.set(day, [
        ...(byDay.get(day) ?? []),
        { observedAt: record.observedAt, recordHash: record.integrity.recordHash },
      ]);
    }
    for (const cp of await storedCheckpoints(store)) {
      const leaves = (byDay.get(cp.day) ?? []).sort((a, b) =>
        `${a.observedAt} ${a.recordHash}` < `${b.observedAt} ${b.recordHash}` ? -1 : 1,
      );
      expect(cp.treeSize, cp.day).toBe(leaves.length);
      expect(cp.rootHash, cp.day).toBe(
        MerkleTree.fromLeafHashes(leaves.map(dayLeafHash)).root().toString('hex'),
      );
    }
  });

  it('detects a tampered checkpoint, a gap and a foreign key', async () => {
    const all = await storedCheckpoints(store);
    const key = await signer.publicKeyPem();
    const tampered = all.map((c, i) => (i === 2 ? { ...c, treeSize: c.treeSize - 1 } : c));
    expect(checkCheckpointChain(tampered, key, { fromGenesis: true })).toEqual([
      { day: '2026-03-03', problem: 'the checkpoint signature does not verify' },
      { day: '2026-03-04', problem: 'does not chain to the checkpoint of 2026-03-03' },
    ]);
    const gap = all.filter((c) => c.day !== '2026-03-02');
    expect(checkCheckpointChain(gap, key, { fromGenesis: true })).toEqual([
      {
        day: '2026-03-03',
        problem: 'checkpoints are missing between 2026-03-01 and 2026-03-03 (the chain of days has a gap)',
      },
    ]);
    expect(checkCheckpointChain(all.slice(1), key, { fromGenesis: true })[0]?.problem).toMatch(/genesis/);
    expect(checkCheckpointChain(all.slice(1), key, { fromGenesis: false })).toEqual([]);
    const other = await tempSigner().publicKeyPem();
    expect(checkCheckpointChain(all, other, { fromGenesis: true })).toHaveLength(4);
  });

  it('keeps a stored checkpoint: a day is never written twice', async () => {
    const [first] = await storedCheckpoints(store);
    expect(await store.putCheckpoint({ ...first!, treeSize: 99 })).toBe(false);
    expect((await storedCheckpoints(store))[0]).toEqual(first);
  });

  it('checkpoints a day whose leaves do not pack (a time without milliseconds) over exactly what is stored', async () => {
    // Prepare: a record whose observation time is not in the form the store writes, recorded on 03-06
    let stored: { subjectKey: string; doc: unknown } | undefined;
    for await (const d of store.scanRecordDocs()) stored ??= d;
    const { record } = checkRecord(stored!.doc);
    const odd = {
      ...record!,
      observedAt: '2026-03-06T10:00:00Z',
      recordedAt: '2026-03-06T12:00:00.000Z',
      integrity: { ...record!.integrity, sequence: 999, recordHash: 'ab'.repeat(32) },
    };
    await store.putRecords([{ subjectKey: stored!.subjectKey, record: odd }]);
    // Act
    const run = await checkpointDays(store, signer, at('2026-03-07T06:00:00.000Z'));
    // Assess: the day is signed over its one leaf, as a plain tree of it gives
    expect(run.created.map((c) => [c.day, c.treeSize])).toEqual([
      ['2026-03-05', 0],
      ['2026-03-06', 1],
    ]);
    expect(run.created[1]!.rootHash).toBe(
      MerkleTree.fromLeafHashes([
        dayLeafHash({ observedAt: odd.observedAt, recordHash: odd.integrity.recordHash }),
      ])
        .root()
        .toString('hex'),
    );
  });
});
