import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../core/adapters/embedded/embedded-store';
import type { LocalEd25519Signer } from '../../../core/adapters/local-signer';
import { subjectKey } from '../../../core/domain/observation';
import { checkpointDays } from '../../../core/usecases/checkpoint';
import { verifyStore } from '../../../core/usecases/verify-store';
import { deleteRecordItem, eraseSubject, ingestOn, tempSigner } from '../../helpers/checkpoints';
import { startTestStore } from '../../helpers/store';

describe('verify-store against the daily checkpoints', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let signer: LocalEd25519Signer;
  let key: string;
  let day1: Awaited<ReturnType<typeof ingestOn>>;
  let day3: Awaited<ReturnType<typeof ingestOn>>;

  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
    signer = tempSigner();
    key = await signer.publicKeyPem();
    day1 = await ingestOn(store, '2026-04-01T08:00:00.000Z', ['a', 'b', 'c']);
    day3 = await ingestOn(store, '2026-04-03T12:00:00.000Z', ['d', 'e']);
    await checkpointDays(store, signer, () => new Date('2026-04-04T01:00:00.000Z'));
    // recorded today: not anchored yet, and no problem
    await ingestOn(store, '2026-04-04T02:00:00.000Z', ['f']);
  });
  afterEach(async () => {
    await dynamo.close();
  });

  it('passes an intact store and checks every checkpoint', async () => {
    const report = await verifyStore(store, { checkpointPublicKeyPem: key });
    expect(report.checkpointProblems).toEqual([]);
    expect(report.checkpoints).toBe(3);
    expect(report.ok).toBe(true);
  });

  it('reports a whole chain erased with its head and posture, which nothing else can see', async () => {
    await eraseSubject(store, subjectKey(day1[1]!.subject));
    const report = await verifyStore(store, { checkpointPublicKeyPem: key });
    expect(report.problems).toEqual([]);
    expect(report.checkpointProblems).toEqual([
      {
        day: '2026-04-01',
        problem:
          '2 record(s) recorded that day are stored, the signed checkpoint counts 3: records were deleted',
      },
    ]);
    expect(report.ok).toBe(false);
  });

  it('reports a deleted record', async () => {
    await deleteRecordItem(store, day3[0]!.evidenceId);
    const report = await verifyStore(store, { checkpointPublicKeyPem: key });
    expect(report.checkpointProblems.map((p) => p.day)).toEqual(['2026-04-03']);
    expect(report.ok).toBe(false);
  });

  it('reports a day whose records are all gone', async () => {
    for (const r of day3) await eraseSubject(store, subjectKey(r.subject));
    const report = await verifyStore(store, { checkpointPublicKeyPem: key });
    expect(report.problems).toEqual([]);
    expect(report.checkpointProblems).toEqual([
      {
        day: '2026-04-03',
        problem:
          '0 record(s) recorded that day are stored, the signed checkpoint counts 2: records were deleted',
      },
    ]);
  });

  it('reports checkpoints it cannot check or that another key signed', async () => {
    expect((await verifyStore(store)).checkpointProblems[0]?.problem).toMatch(/no public key/);
    const other = await tempSigner().publicKeyPem();
    const report = await verifyStore(store, { checkpointPublicKeyPem: other });
    expect(report.checkpointProblems.map((p) => p.problem)).toEqual(
      Array(3).fill(expect.stringMatching(/signed by another key/)),
    );
  });
});
