import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbEvidenceReader } from '../../core/adapters/dynamodb/evidence-reader';
import type { LocalEd25519Signer } from '../../core/adapters/local-signer';
import {
  evidencePath,
  HTML_PATH,
  INTEGRITY_DIR,
  MANIFEST_PATH,
  PUBLIC_KEY_PATH,
  SIGNATURE_PATH,
} from '../../core/domain/binder/layout';
import { rootHashOf, signedMessage } from '../../core/domain/binder/manifest';
import { assess } from '../../core/domain/catalog';
import { linkRecord, prepareRecord } from '../../core/domain/chain';
import { canonicalJson } from '../../core/domain/hashing';
import { parseEvent } from '../../core/domain/normalize';
import { subjectKey } from '../../core/domain/observation';
import { checkpointDays } from '../../core/usecases/checkpoint';
import { type BinderExportResult, exportBinder } from '../../core/usecases/export-binder/export-binder';
import { BinderManifestSchema, type EvidenceRecord } from '../../evidence-schemas';
import { sha256, unpack, unzip } from './binder';
import { ingestOn } from './checkpoints';
import { logGroupItem } from './events';
import { startTestStore } from './store';

/**
 * A signed binder of 1-2 May 2026 with every record anchored in a checkpoint signed by the same key
 * (as deployed and locally), and the record of the log group `forge-me` that an attack rewrites.
 */
export async function anchoredBinder(
  signer: LocalEd25519Signer,
  work: string,
): Promise<{ binder: BinderExportResult; target: EvidenceRecord; close: () => Promise<void> }> {
  const { store, dynamo } = await startTestStore();
  await ingestOn(store, '2026-05-01T10:00:00.000Z', ['a', 'b']);
  const [target] = await ingestOn(store, '2026-05-02T10:00:00.000Z', ['forge-me']);
  await checkpointDays(store, signer, () => new Date('2026-05-03T01:00:00.000Z'));
  const binder = await exportBinder(
    {
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-05-02T23:59:59.999Z',
      outDir: join(work, 'genuine'),
      generator: { name: 'test', version: '1.0.0' },
    },
    { reader: new DynamoDbEvidenceReader({ store }), signer },
  );
  return { binder, target: target!, close: () => dynamo.close() };
}

/**
 * What an insider who can rewrite the binder does: `edit` its files, list them in a fresh manifest,
 * and sign it with `signer` (their own key, or none), shipping that key. Returns the binder folder.
 */
export async function rewrittenBinder(
  zipPath: string,
  edit: (files: Map<string, Buffer>) => void,
  signer: LocalEd25519Signer | undefined,
): Promise<string> {
  const files = await unzip(zipPath);
  const old = BinderManifestSchema.parse(JSON.parse(files.get(MANIFEST_PATH)!.toString('utf8')));
  edit(files);
  const paths = [
    ...old.files.map((f) => f.path).filter((p) => files.has(p)),
    ...[...files.keys()].filter(
      (p) =>
        !old.files.some((f) => f.path === p) && ![MANIFEST_PATH, SIGNATURE_PATH, PUBLIC_KEY_PATH].includes(p),
    ),
  ];
  const listed = paths.map((path) => ({
    path,
    sha256: sha256(files.get(path)!),
    bytes: files.get(path)!.length,
  }));
  const rootHash = rootHashOf(listed);
  files.set(MANIFEST_PATH, Buffer.from(JSON.stringify({ files: listed, rootHash })));
  files.delete(SIGNATURE_PATH);
  files.delete(PUBLIC_KEY_PATH);
  if (signer) {
    const pem = await signer.publicKeyPem();
    const signature = Buffer.from(await signer.sign(signedMessage(rootHash)));
    files.set(SIGNATURE_PATH, Buffer.from(`${signature.toString('base64')}\n`));
    files.set(PUBLIC_KEY_PATH, Buffer.from(pem));
  }
  const dir = mkdtempSync(join(tmpdir(), 'rewritten-binder-'));
  unpack(files, dir);
  return dir;
}

/** Removes the binder's integrity anchors (integrity/). */
export function stripIntegrity(files: Map<string, Buffer>): void {
  for (const path of [...files.keys()]) if (path.startsWith(`${INTEGRITY_DIR}/`)) files.delete(path);
}

/**
 * Replaces `target`'s evidence file by a forged record that holds on its own: the log group kept for
 * ten years instead of 30 days, its hashes re-derived, the same place in its chain.
 */
export function forgeRecord(files: Map<string, Buffer>, target: EvidenceRecord): string {
  const parsed = parseEvent(logGroupItem('forge-me', target.observedAt, 3653));
  if (parsed.kind !== 'observation') throw new Error('the forged event did not parse');
  const forged = linkRecord(
    prepareRecord(parsed.observation, assess(parsed.observation)),
    undefined,
    target.recordedAt,
  );
  const key = subjectKey(target.subject);
  files.delete(evidencePath(key, target.integrity.sequence, target.evidenceId));
  const path = evidencePath(key, forged.integrity.sequence, forged.evidenceId);
  files.set(path, Buffer.from(canonicalJson(forged)));
  return path;
}

/** Rewrites what index.html says (nothing anchors a rendering but the manifest and its signature). */
export function editReport(files: Map<string, Buffer>): void {
  const html = files.get(HTML_PATH)!.toString('utf8');
  files.set(HTML_PATH, Buffer.from(html.replaceAll('NON_COMPLIANT', 'COMPLIANT')));
}
