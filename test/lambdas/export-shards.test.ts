import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEvidenceReader } from '../../core/adapters/dynamodb/evidence-reader';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import type { LocalEd25519Signer } from '../../core/adapters/local-signer';
import { S3BlobStore } from '../../core/adapters/s3-blob-store';
import { S3ShardWorkspace } from '../../core/adapters/s3-shard-workspace';
import { checkpointDays } from '../../core/usecases/checkpoint';
import { exportBinder } from '../../core/usecases/export-binder/export-binder';
import { verifyBinder } from '../../core/verify/verify-binder';
import type { SliceSummary } from '../../evidence-schemas/binder-shard';
import { mergeStep } from '../../lambdas/export-merge';
import { planStep } from '../../lambdas/export-plan';
import { sliceStep } from '../../lambdas/export-slice';
import { ShardStepRequestError } from '../../lambdas/shared/shard-env';
import { ingestOn, tempSigner } from '../helpers/checkpoints';
import { fakeS3 } from '../helpers/fake-s3';
import { startTestStore } from '../helpers/store';

const WORK_BUCKET = 'evidence-work';
const BINDER_BUCKET = 'evidence-binders';
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666';
const NOW = () => new Date('2026-11-02T10:00:00.000Z');
const GENERATOR = { name: 'test', version: '1.0.0' };
/** S3's part minimum, lowered so the test's small slice parts are copied, and the smallest combined */
const MIN_PART = 4096;

describe('the sharded export functions: plan, slices and merge, on dynalite and a stand-in S3', () => {
  const s3 = fakeS3();
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let signer: LocalEd25519Signer;
  let work: string;
  let summaries: SliceSummary[];
  let result: Awaited<ReturnType<typeof mergeStep>>;
  let zipFile: string;

  const ports = () => ({
    reader: new DynamoDbEvidenceReader({ store }),
    workspace: new S3ShardWorkspace({
      bucket: WORK_BUCKET,
      kmsKeyArn: KEY_ARN,
      client: s3.client(),
      limits: { minPart: MIN_PART, uploadChunk: MIN_PART },
    }),
  });

  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
    signer = tempSigner();
    work = mkdtempSync(join(tmpdir(), 'export-shards-'));
    // slices of 8 days: 12 records, 1 record (a part smaller than the minimum), 12, 12
    for (const [day, count] of [
      ['03', 12],
      ['12', 1],
      ['20', 12],
      ['28', 12],
    ] as const) {
      const names = Array.from({ length: count }, (_, i) => `/app/${day}-${i}`);
      await ingestOn(store, `2026-10-${day}T10:00:00.000Z`, names, 30, `2026-10-${day}T09:00:00.000Z`);
    }
    await checkpointDays(store, signer, NOW);

    const plan = await planStep(
      { request: { from: '2026-10-01', to: '2026-10-31' }, sliceDays: 8 },
      { ...ports(), generator: GENERATOR, now: NOW },
    );
    summaries = [];
    for (const item of plan.slices) summaries.push(await sliceStep(item, ports()));
    result = await mergeStep(
      { jobId: plan.jobId, slices: summaries },
      {
        ...ports(),
        signer,
        blobs: new S3BlobStore({ client: s3.client() }),
        bucket: BINDER_BUCKET,
        bucketKeyArn: KEY_ARN,
        now: NOW,
      },
    );
    zipFile = join(work, 'assembled.zip');
    writeFileSync(zipFile, s3.objects.get(`${BINDER_BUCKET}/${result.zipKey}`)!.data);
  }, 120_000);
  afterAll(async () => {
    s3.restore();
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('delivers the zip and PDF under the prefix one export uses, encrypted with the bucket key', () => {
    expect(result.zipKey).toBe(
      'binders/2026-10-01T00:00:00.000Z_2026-10-31T23:59:59.999Z/2026-11-02T10:00:00.000Z/binder-2026-10-01-2026-10-31.zip',
    );
    expect(result.records).toBe(37);
    expect(result.signed).toBe(true);
    for (const key of [result.zipKey, result.pdfKey]) {
      const object = s3.objects.get(`${BINDER_BUCKET}/${key}`);
      expect(object?.sse, key).toBe('aws:kms');
      expect(object?.kms, key).toBe(KEY_ARN);
    }
  });

  it('puts the zip together from the slice parts: large parts copied, a small one uploaded with its neighbour', () => {
    expect(summaries.map((s) => s.evidenceFiles)).toEqual([12, 1, 12, 12]);
    expect(summaries[1]!.partBytes).toBeLessThan(MIN_PART);
    const kinds = s3.parts.map((p) => p.kind);
    expect(kinds).toContain('copy');
    expect(kinds).toContain('upload');
    const last = Math.max(...s3.parts.map((p) => p.partNumber));
    for (const p of s3.parts) if (p.partNumber !== last) expect(p.bytes).toBeGreaterThanOrEqual(MIN_PART);
  });

  it('makes the binder one export makes, byte for byte, and it verifies offline', async () => {
    const one = await exportBinder(
      {
        from: '2026-10-01T00:00:00.000Z',
        to: '2026-10-31T23:59:59.999Z',
        generator: GENERATOR,
        outDir: join(work, 'one'),
      },
      { reader: new DynamoDbEvidenceReader({ store }), signer, now: NOW },
    );
    expect(readFileSync(zipFile).equals(readFileSync(one.zipPath))).toBe(true);
    expect(result.rootHash).toBe(one.rootHash);
    const report = await verifyBinder(zipFile, { trustedPublicKeyPem: await signer.publicKeyPem() });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('removes the work files once the binder is delivered', () => {
    expect([...s3.objects.keys()].filter((k) => k.startsWith(`${WORK_BUCKET}/`))).toEqual([]);
  });

  it('refuses a step event that does not describe a step, naming the field', async () => {
    await expect(sliceStep({ jobId: 'a job', index: -1 }, ports())).rejects.toThrow(ShardStepRequestError);
    await expect(sliceStep({ jobId: 'job', index: -1 }, ports())).rejects.toThrow(/index/);
    await expect(
      mergeStep(
        { jobId: 'job', slices: [] },
        {
          ...ports(),
          blobs: new S3BlobStore({ client: s3.client() }),
          bucket: BINDER_BUCKET,
          bucketKeyArn: KEY_ARN,
        },
      ),
    ).rejects.toThrow(/slices/);
  });

  it('fails a slice whose job is not in the work bucket with a message naming the file', async () => {
    await expect(sliceStep({ jobId: 'binder-gone', index: 0 }, ports())).rejects.toThrow(
      "the sharded export's work file binder-gone/job.json is missing",
    );
  });
});
