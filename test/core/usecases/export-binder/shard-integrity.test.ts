import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbEvidenceReader } from '../../../../core/adapters/dynamodb/evidence-reader';
import type { DynamoDbEvidenceStore } from '../../../../core/adapters/dynamodb/store';
import { subjectPk } from '../../../../core/adapters/dynamodb/table-schema';
import type { EmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import { LocalShardWorkspace } from '../../../../core/adapters/local-shard-workspace';
import { BinderSourceIntegrityError } from '../../../../core/domain/binder/errors';
import { assess } from '../../../../core/domain/catalog';
import { linkRecord, prepareRecord, recordHashOf } from '../../../../core/domain/chain';
import { parseEvent } from '../../../../core/domain/normalize';
import { subjectKey } from '../../../../core/domain/observation';
import { checkpointDays } from '../../../../core/usecases/checkpoint';
import { exportBinder } from '../../../../core/usecases/export-binder/export-binder';
import { exportBinderSharded } from '../../../../core/usecases/export-binder/shard-local';
import { mergeSlices, ShardJobIncompleteError } from '../../../../core/usecases/export-binder/shard-merge';
import { planShardedExport } from '../../../../core/usecases/export-binder/shard-plan';
import { exportSlice } from '../../../../core/usecases/export-binder/shard-slice';
import { verifyBinder } from '../../../../core/verify/verify-binder';
import type { EvidenceRecord } from '../../../../evidence-schemas';
import { unzip } from '../../../helpers/binder';
import { ingestOn, tempSigner } from '../../../helpers/checkpoints';
import { logGroupItem } from '../../../helpers/events';
import { startTestStore } from '../../../helpers/store';

const REQUEST = {
  from: '2026-10-01T00:00:00.000Z',
  to: '2026-10-31T23:59:59.999Z',
  generator: { name: 'test', version: '1.0.0' },
};
const NOW = () => new Date('2026-11-02T10:00:00.000Z');
/** 8-day slices: 1-8, 9-16, 17-24 and 25-31 October */
const SLICE_DAYS = 8;

describe('a sharded export: evidence that does not verify is refused, named; uncommitted evidence is left out', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let tableName: string;
  let work: string;
  /** /app/a's chain: observed on 3, 12 and 20 October (slices 0, 1 and 2) */
  let chain: EvidenceRecord[];

  const stored = async (r: EvidenceRecord) => {
    for (const d of await store.listChainDocs(subjectKey(r.subject)))
      if ((d.doc as EvidenceRecord).evidenceId === r.evidenceId) return d;
    throw new Error(`no stored ${r.evidenceId}`);
  };
  const rewrite = async (r: EvidenceRecord, doc: unknown) => {
    const { key } = await stored(r);
    await dynamo.client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: subjectPk(subjectKey(r.subject)) }, sk: { S: key } },
        UpdateExpression: 'SET doc = :d',
        ExpressionAttributeValues: { ':d': { S: JSON.stringify(doc) } },
      }),
    );
  };
  const exportSharded = () =>
    exportBinderSharded(
      { ...REQUEST, outDir: join(work, 'out') },
      { reader: new DynamoDbEvidenceReader({ store }), now: NOW, sliceDays: SLICE_DAYS },
    );
  const rejection = async () => {
    const error = await exportSharded().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BinderSourceIntegrityError);
    // nothing half-written is delivered, and no work file is left behind
    expect(readdirSync(join(work, 'out'))).toEqual([]);
    return error as BinderSourceIntegrityError;
  };

  beforeEach(async () => {
    ({ store, dynamo, tableName } = await startTestStore());
    work = mkdtempSync(join(tmpdir(), 'shard-integrity-'));
    chain = [];
    for (const [i, day] of ['03', '12', '20'].entries()) {
      const observedAt = `2026-10-${day}T09:00:00.000Z`;
      const recordedAt = `2026-10-${day}T10:00:00.000Z`;
      chain.push(...(await ingestOn(store, recordedAt, ['/app/a'], i % 2 === 0 ? 30 : 2557, observedAt)));
      await ingestOn(store, recordedAt, [`/app/other-${day}`], 30, observedAt);
    }
    expect(chain.map((r) => r.integrity.sequence)).toEqual([1, 2, 3]);
  });
  afterEach(async () => {
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('exports the untouched store (4 slices), so each failure below is the tampering', async () => {
    const result = await exportSharded();
    expect(result.records).toBe(6);
    expect(existsSync(result.zipPath)).toBe(true);
  });

  it('names a record of the middle slice whose content was altered', async () => {
    const victim = chain[1]!;
    const doc = structuredClone(victim) as EvidenceRecord;
    doc.controls[0]!.reason = 'retention changed by hand';
    await rewrite(victim, doc);

    const error = await rejection();

    expect(error.problems).toContainEqual({
      subjectKey: subjectKey(victim.subject),
      evidenceId: victim.evidenceId,
      sequence: 2,
      problem: 'content hash does not match the content',
    });
  });

  it('names a link broken across a slice boundary, though each record re-hashes', async () => {
    // record 2 (slice 1) re-linked to another previous hash and re-hashed: it verifies on its own
    const victim = chain[1]!;
    const previousHash = 'f'.repeat(64);
    const { contentHash, sequence } = victim.integrity;
    const relinked = {
      ...victim,
      integrity: {
        ...victim.integrity,
        previousHash,
        recordHash: recordHashOf(contentHash, sequence, previousHash, victim.recordedAt),
      },
    };
    await rewrite(victim, relinked);

    const error = await rejection();

    const key = subjectKey(victim.subject);
    expect(error.problems).toEqual([
      {
        subjectKey: key,
        evidenceId: victim.evidenceId,
        sequence: 2,
        problem: `record 2 (${victim.evidenceId}) does not link to record 1 (${chain[0]!.evidenceId})`,
      },
      {
        subjectKey: key,
        evidenceId: chain[2]!.evidenceId,
        sequence: 3,
        problem: `record 3 (${chain[2]!.evidenceId}) does not link to record 2 (${victim.evidenceId})`,
      },
    ]);
  });

  it('leaves out, as one export does, a record a crashed writer left at a sequence committed in another slice', async () => {
    // a writer linked its own record 3 (observed on 28 October, slice 3) after record 2, stored it and
    // crashed before committing; the record 3 committed (20 October, slice 2) is another
    const parsed = parseEvent(logGroupItem('/app/a', '2026-10-28T09:00:00.000Z', 90));
    if (parsed.kind !== 'observation') throw new Error('fixture did not parse');
    const orphan = linkRecord(
      prepareRecord(parsed.observation, assess(parsed.observation)),
      chain[1]!.integrity,
      '2026-10-28T10:00:00.000Z',
    );
    expect(orphan.integrity.sequence).toBe(3);
    await store.putRecords([{ subjectKey: subjectKey(orphan.subject), record: orphan }]);
    const signer = tempSigner();
    await checkpointDays(store, signer, NOW);
    const deps = { reader: new DynamoDbEvidenceReader({ store }), signer, now: NOW };

    const one = await exportBinder({ ...REQUEST, outDir: join(work, 'one') }, deps);
    const sharded = await exportBinderSharded(
      { ...REQUEST, outDir: join(work, 'out') },
      { ...deps, sliceDays: SLICE_DAYS },
    );

    expect(one.uncommitted).toBe(1);
    expect(sharded.uncommitted).toBe(1);
    expect(sharded.records).toBe(6);
    expect(sharded.anchors).toEqual(one.anchors);
    expect(sharded.rootHash).toBe(one.rootHash);
    // the same entries with the same bytes; the slice's part still holds the left-out record's bytes,
    // in no entry of the central directory (so the zip files differ in length, not in content)
    const [oneFiles, shardedFiles] = [await unzip(one.zipPath), await unzip(sharded.zipPath)];
    expect([...shardedFiles.keys()]).toEqual([...oneFiles.keys()]);
    for (const [name, data] of oneFiles) expect(shardedFiles.get(name)?.equals(data), name).toBe(true);
    expect(readFileSync(sharded.zipPath).length).toBeGreaterThan(readFileSync(one.zipPath).length);
    const report = await verifyBinder(sharded.zipPath, { trustedPublicKeyPem: await signer.publicKeyPem() });
    expect(report.problems).toEqual([]);
    expect(report.evidenceRecords).toBe(6);
  });

  it('refuses to merge when a slice did not report', async () => {
    const workspace = new LocalShardWorkspace(join(work, 'ws'));
    const reader = new DynamoDbEvidenceReader({ store });
    const job = await planShardedExport(REQUEST, { reader, workspace, now: NOW, sliceDays: SLICE_DAYS });
    const summaries = [];
    for (const slice of job.slices.slice(0, 3))
      summaries.push(await exportSlice(job, slice.index, { reader, workspace }));

    const merged = mergeSlices(job, summaries, { deliver: async () => ({}) }, { reader, workspace });

    await expect(merged).rejects.toThrow(ShardJobIncompleteError);
    await expect(merged).rejects.toThrow('slice(s) 3 did not report');
  });
});
