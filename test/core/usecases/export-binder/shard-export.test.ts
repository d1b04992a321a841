import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG, DEMO_PERIOD } from '../../../../cli/demo/scenario';
import { DynamoDbEvidenceReader } from '../../../../core/adapters/dynamodb/evidence-reader';
import type { DynamoDbEvidenceStore } from '../../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import type { LocalDocumentStore } from '../../../../core/adapters/local-document-store';
import type { LocalEd25519Signer } from '../../../../core/adapters/local-signer';
import { checkpointDays } from '../../../../core/usecases/checkpoint';
import { type BinderExportResult, exportBinder } from '../../../../core/usecases/export-binder/export-binder';
import { exportBinderSharded } from '../../../../core/usecases/export-binder/shard-local';
import { verifyBinder } from '../../../../core/verify/verify-binder';
import { unzip } from '../../../helpers/binder';
import { tempSigner } from '../../../helpers/checkpoints';
import { replayDemoInto } from '../../../helpers/demo-store';
import { startTestStore } from '../../../helpers/store';

const NOW = () => new Date('2026-11-02T10:00:00.000Z');
const GENERATOR = { name: 'test', version: '9.9.9' };

async function pdfText(path: string): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(path)));
  return (await extractText(pdf, { mergePages: true })).text;
}

describe('a sharded export of the demo month (4 slices + merge) and one export of it', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let documents: LocalDocumentStore;
  let signer: LocalEd25519Signer;
  let work: string;
  let one: BinderExportResult;
  let sharded: BinderExportResult;
  let oneFiles: Map<string, Buffer>;
  let shardedFiles: Map<string, Buffer>;

  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
    documents = await replayDemoInto(store);
    signer = tempSigner();
    await checkpointDays(store, signer, NOW);
    work = mkdtempSync(join(tmpdir(), 'shard-export-'));
    const request = { ...DEMO_PERIOD, organisation: DEMO_ORG, generator: GENERATOR };
    const deps = { reader: new DynamoDbEvidenceReader({ store }), signer, documents, now: NOW };
    one = await exportBinder({ ...request, outDir: join(work, 'one') }, deps);
    sharded = await exportBinderSharded(
      { ...request, outDir: join(work, 'sharded') },
      { ...deps, sliceDays: 8 },
    );
    oneFiles = await unzip(one.zipPath);
    shardedFiles = await unzip(sharded.zipPath);
  }, 180_000);
  afterAll(async () => {
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('holds the same files in the same order, each with the same bytes', () => {
    expect(one.records).toBeGreaterThan(100);
    expect([...shardedFiles.keys()]).toEqual([...oneFiles.keys()]);
    for (const [name, data] of oneFiles) expect(shardedFiles.get(name)?.equals(data), name).toBe(true);
  });

  it('is the same zip and PDF, byte for byte (the central directory places every slice part as one export wrote it)', () => {
    expect(readFileSync(sharded.zipPath).equals(readFileSync(one.zipPath))).toBe(true);
    expect(readFileSync(sharded.pdfPath).equals(readFileSync(one.pdfPath))).toBe(true);
  });

  it('lists the same manifest, root hashes and signature', () => {
    expect(shardedFiles.get('manifest.json')!.toString('utf8')).toBe(
      oneFiles.get('manifest.json')!.toString('utf8'),
    );
    expect(sharded.rootHash).toBe(one.rootHash);
    expect(sharded.evidenceRootHash).toBe(one.evidenceRootHash);
    expect(sharded.publicKeyFingerprint).toBe(one.publicKeyFingerprint);
  });

  it('builds the same model: summary, status per citation, drifts, gaps and counts', () => {
    expect(JSON.parse(JSON.stringify(sharded.model))).toEqual(JSON.parse(JSON.stringify(one.model)));
    expect(sharded.model.counts.drifts).toBeGreaterThan(0);
    expect(sharded.model.coverageGaps.length).toBeGreaterThan(0);
    expect({ ...sharded, zipPath: '', pdfPath: '', model: undefined }).toEqual({
      ...one,
      zipPath: '',
      pdfPath: '',
      model: undefined,
    });
  });

  it('writes the same PDF text', async () => {
    expect(await pdfText(sharded.pdfPath)).toBe(await pdfText(one.pdfPath));
  });

  it('verifies offline with the existing verifier, every record proven in its signed day', async () => {
    const report = await verifyBinder(sharded.zipPath, { trustedPublicKeyPem: await signer.publicKeyPem() });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.evidenceRecords).toBe(one.records);
    expect(report.anchors.anchoredRecords).toBe(one.records);
  });
});
