import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipWriter } from '../../../../core/adapters/binder/zip-writer';
import { DynamoDbEvidenceReader } from '../../../../core/adapters/dynamodb/evidence-reader';
import type { DynamoDbEvidenceStore } from '../../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import type { LocalEd25519Signer } from '../../../../core/adapters/local-signer';
import {
  ANCHORS_PATH,
  CHECKPOINTS_PATH,
  MANIFEST_PATH,
  PROOFS_PATH,
  PUBLIC_KEY_PATH,
  SIGNATURE_PATH,
} from '../../../../core/domain/binder/layout';
import { rootHashOf } from '../../../../core/domain/binder/manifest';
import { canonicalJson } from '../../../../core/domain/hashing';
import { subjectKey } from '../../../../core/domain/observation';
import { checkpointDays } from '../../../../core/usecases/checkpoint';
import { type BinderExportResult, exportBinder } from '../../../../core/usecases/export-binder/export-binder';
import { verifyBinder } from '../../../../core/verify/verify-binder';
import { BinderAnchorsSchema, BinderManifestSchema, CheckpointSchema } from '../../../../evidence-schemas';
import { sha256, unpack, unzip } from '../../../helpers/binder';
import { eraseSubject, ingestOn, storeUncommitted, tempSigner } from '../../../helpers/checkpoints';
import { unzipTest, zipinfoEntries } from '../../../helpers/info-zip';
import { startTestStore } from '../../../helpers/store';

const PERIOD = { from: '2026-05-01T00:00:00.000Z', to: '2026-05-02T23:59:59.999Z' };

/**
 * Unzips a binder, lets `edit` change its files, and lists them again in a fresh manifest without a
 * signature: what someone without the key could do. Only the checks beyond the manifest can then fail.
 */
async function editedBinder(zipPath: string, dir: string, edit: (files: Map<string, Buffer>) => void) {
  const files = await unzip(zipPath);
  edit(files);
  const manifest = BinderManifestSchema.parse(JSON.parse(files.get(MANIFEST_PATH)!.toString('utf8')));
  const listed = manifest.files.map((f) => {
    const data = files.get(f.path)!;
    return { path: f.path, sha256: sha256(data), bytes: data.length };
  });
  files.set(MANIFEST_PATH, Buffer.from(JSON.stringify({ files: listed, rootHash: rootHashOf(listed) })));
  files.delete(SIGNATURE_PATH);
  files.delete(PUBLIC_KEY_PATH);
  unpack(files, dir);
  return dir;
}

const lines = (b: Buffer) =>
  b
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0);

describe('a binder anchored in the daily checkpoints', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let signer: LocalEd25519Signer;
  let work: string;
  let binder: BinderExportResult;
  let erasedKey: string;

  const exportTo = (out: string) =>
    exportBinder(
      { ...PERIOD, outDir: join(work, out), generator: { name: 'test', version: '1.0.0' } },
      { reader: new DynamoDbEvidenceReader({ store }), signer },
    );

  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
    signer = tempSigner();
    work = mkdtempSync(join(tmpdir(), 'anchors-test-'));
    // observed on 30 April, recorded on 1 May: a leaf of 1 May before the period's run
    await ingestOn(store, '2026-05-01T00:30:00.000Z', ['early']);
    const may1 = await ingestOn(store, '2026-05-01T10:00:00.000Z', ['a', 'b', 'c']);
    erasedKey = subjectKey(may1[1]!.subject);
    // a writer crashed after storing this record of c, before committing it: a leaf, but no evidence
    await storeUncommitted(store, 'c', may1[2]!, '2026-05-01T11:00:00.000Z', '2026-05-01T10:30:00.000Z');
    await ingestOn(store, '2026-05-02T10:00:00.000Z', ['d', 'e']);
    // observed on 2 May, recorded on 3 May; and a record of 3 May observed after the period
    await ingestOn(store, '2026-05-03T00:30:00.000Z', ['f']);
    await ingestOn(store, '2026-05-03T12:00:00.000Z', ['late']);
    await checkpointDays(store, signer, () => new Date('2026-05-04T01:00:00.000Z'));
    // recorded on 4 May (not checkpointed), observed in the period
    await ingestOn(store, '2026-05-04T02:00:00.000Z', ['g'], 30, '2026-05-02T12:00:00.000Z');
    binder = await exportTo('intact');
  });
  afterAll(async () => {
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('carries the checkpoints, their key, a run per day and a proof per anchored record', async () => {
    expect(binder.anchors).toEqual({ checkpoints: 3, anchored: 6, unanchored: 1, mismatches: [] });
    const files = await unzip(binder.zipPath);
    expect(lines(files.get(CHECKPOINTS_PATH)!).map((l) => CheckpointSchema.parse(JSON.parse(l)).day)).toEqual(
      ['2026-05-01', '2026-05-02', '2026-05-03'],
    );
    const anchors = BinderAnchorsSchema.parse(JSON.parse(files.get(ANCHORS_PATH)!.toString('utf8')));
    expect(anchors.days.map((d) => [d.day, d.treeSize, d.first, d.end])).toEqual([
      ['2026-05-01', 5, 1, 5],
      ['2026-05-02', 2, 0, 2],
      ['2026-05-03', 2, 0, 1],
    ]);
    expect(anchors.days[0]!.before?.leafIndex).toBe(0);
    expect(anchors.days[2]!.after?.leafIndex).toBe(1);
    expect(anchors.uncommitted.map((u) => [u.day, u.leafIndex])).toEqual([['2026-05-01', 4]]);
    expect(lines(files.get(PROOFS_PATH)!)).toHaveLength(6);
  });

  it('verifies offline, warning about the record whose day has no checkpoint yet', async () => {
    const report = await verifyBinder(binder.zipPath);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.anchors).toEqual({ checkpoints: 3, anchoredRecords: 6, unanchoredRecords: 1 });
    expect(report.warnings).toEqual([
      'leaf 4 of 2026-05-01 is a record its writer never committed to its chain: left out of the binder',
      '1 record(s) recorded on 2026-05-04 are not yet anchored (no checkpoint of that day yet)',
    ]);
  });

  it('fails a tampered inclusion proof', async () => {
    const dir = await editedBinder(binder.zipPath, join(work, 'bad-proof'), (files) => {
      const [first, ...rest] = lines(files.get(PROOFS_PATH)!);
      const proof = JSON.parse(first!) as { auditPath: string[] };
      proof.auditPath[0] = 'f'.repeat(64);
      files.set(PROOFS_PATH, Buffer.from(`${[canonicalJson(proof), ...rest].join('\n')}\n`));
    });
    const report = await verifyBinder(dir);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.stringMatching(
        /inclusion proof \(leaf \d+ of \d+\) does not verify against the signed root of 2026-05-0\d/,
      ),
      expect.stringMatching(/^2026-05-0\d: 1 of the \d leaves of the period's run .* are not in the binder/),
    ]);
  });

  it('fails a tampered checkpoint, and a record of a checkpointed day without its proof', async () => {
    const dir = await editedBinder(binder.zipPath, join(work, 'bad-checkpoint'), (files) => {
      const cps = lines(files.get(CHECKPOINTS_PATH)!).map((l) => CheckpointSchema.parse(JSON.parse(l)));
      cps[1] = { ...cps[1]!, rootHash: '0'.repeat(64) };
      files.set(CHECKPOINTS_PATH, Buffer.from(cps.map((c) => `${canonicalJson(c)}\n`).join('')));
    });
    const report = await verifyBinder(dir);
    expect(report.problems).toContain('checkpoint of 2026-05-02: the checkpoint signature does not verify');
    expect(report.problems).toContain(
      'checkpoint of 2026-05-03: does not chain to the checkpoint of 2026-05-02',
    );

    const dropped = await editedBinder(binder.zipPath, join(work, 'dropped-proof'), (files) => {
      files.set(PROOFS_PATH, Buffer.from(`${lines(files.get(PROOFS_PATH)!).slice(1).join('\n')}\n`));
    });
    const second = await verifyBinder(dropped);
    expect(second.problems).toEqual([
      expect.stringMatching(/^2026-05-0\d: 1 of the \d leaves of the period's run .* are not in the binder/),
      expect.stringMatching(
        /^evidence\/.*: recorded on 2026-05-0\d, a checkpointed day, but has no inclusion proof$/,
      ),
    ]);
  });

  it('verifies with its proofs file (and every other entry) written as ZIP64 entries, as a proofs file of 4 GiB or more is', async () => {
    // the same files, in the same order, zipped again with every size and offset in ZIP64 fields:
    // the proofs file streamed from disk as the export adds it, the rest from memory
    const files = await unzip(binder.zipPath);
    const dir = join(work, 'zip64');
    mkdirSync(dir);
    const proofs = join(dir, 'proofs.jsonl');
    writeFileSync(proofs, files.get(PROOFS_PATH)!);
    const path = join(dir, 'binder.zip');
    const zip = await ZipWriter.create(path, { zip64From: 0 });
    for (const [name, data] of files)
      if (name === PROOFS_PATH) await zip.addFile(name, proofs);
      else await zip.addBuffer(name, data);
    await zip.close();
    const listed = zipinfoEntries(path);
    expect(listed.map((e) => e.name)).toEqual([...files.keys()]);
    expect(listed.every((e) => e.versionNeeded === '4.5')).toBe(true);
    expect(listed.find((e) => e.name === PROOFS_PATH)?.extraLength).toBe(4 + 3 * 8);
    unzipTest(path);

    const report = await verifyBinder(path);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.signature).toBe('valid');
    expect(report.anchors).toEqual({ checkpoints: 3, anchoredRecords: 6, unanchoredRecords: 1 });
  });

  it('fails a checkpoint signed by another key than the one required', async () => {
    const other = await tempSigner().publicKeyPem();
    const report = await verifyBinder(binder.zipPath, { trustedCheckpointKeyPem: other });
    expect(report.problems.filter((p) => p.includes('signed by another key'))).toHaveLength(3);
  });

  it('names the day and the missing leaves when a whole chain was erased before the export', async () => {
    await eraseSubject(store, erasedKey);
    const erased = await exportTo('erased');
    expect(erased.anchors.mismatches).toEqual([
      '2026-05-01: 4 record(s) recorded that day are stored, the signed checkpoint counts 5',
    ]);
    const report = await verifyBinder(erased.zipPath);
    expect(report.ok).toBe(false);
    expect(report.problems).toContain(
      '2026-05-01: the signed checkpoint has 5 leaves, the store held 4 when the binder was made: 1 leaf missing',
    );
    expect(report.problems.some((p) => /does not verify against the signed root of 2026-05-01/.test(p))).toBe(
      true,
    );
    // the other days still prove
    expect(report.problems.some((p) => p.includes('2026-05-02') || p.includes('2026-05-03'))).toBe(false);
  });
});
