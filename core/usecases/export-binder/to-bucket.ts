/**
 * Deployed export: the binder for a period written to a fresh local directory, uploaded to the binder
 * bucket (Object Lock keeps it), the local copy removed, and a time-limited download link returned.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ExportRequest, ExportResult } from '../../../evidence-schemas/export-request';
import type { BlobStore } from '../../ports/blob-store';
import type { DocumentStore } from '../../ports/document-store';
import type { EvidenceReader } from '../../ports/evidence-reader';
import type { Signer } from '../../ports/signer';
import { type BinderExportResult, exportBinder } from './export-binder';

/** How long the returned download link works. */
export const EXPORT_URL_SECONDS = 3600;

export interface ExportToBucketDeps {
  reader: EvidenceReader;
  signer?: Signer;
  blobs: BlobStore;
  /** the binder bucket */
  bucket: string;
  /** ARN of the KMS key the uploaded objects are encrypted with */
  bucketKeyArn: string;
  generator: { name: string; version: string };
  /** uploaded documents, copied into the binder (absent: they are listed by hash as not included) */
  documents?: DocumentStore;
  /** where the working directory is created (default the OS temp dir: /tmp on Lambda) */
  tmpRoot?: string;
  now?: () => Date;
}

/** `binders/<from>_<to>/<generatedAt>/`: one prefix per export, so a repeated export never collides. */
export function binderPrefix(from: string, to: string, generatedAt: string): string {
  return `binders/${from}_${to}/${generatedAt}/`;
}

/** Exports, uploads and links one binder; the local files are removed whatever the outcome. */
export async function exportBinderToBucket(
  request: ExportRequest,
  deps: ExportToBucketDeps,
): Promise<ExportResult> {
  const now = deps.now ?? (() => new Date());
  const outDir = await mkdtemp(join(deps.tmpRoot ?? tmpdir(), 'binder-'));
  try {
    const result: BinderExportResult = await exportBinder(
      {
        from: request.from,
        to: request.to,
        outDir,
        ...(request.accounts ? { accounts: request.accounts } : {}),
        ...(request.title ? { title: request.title } : {}),
        generator: deps.generator,
      },
      {
        reader: deps.reader,
        ...(deps.signer ? { signer: deps.signer } : {}),
        ...(deps.documents ? { documents: deps.documents } : {}),
        now,
      },
    );
    const generatedAt = result.model.generatedAt;
    const prefix = binderPrefix(request.from, request.to, generatedAt);
    const zipKey = `${prefix}${basename(result.zipPath)}`;
    const pdfKey = `${prefix}${basename(result.pdfPath)}`;
    const common = { bucket: deps.bucket, kmsKeyArn: deps.bucketKeyArn };
    await Promise.all([
      deps.blobs.uploadFile({ ...common, key: zipKey, path: result.zipPath, contentType: 'application/zip' }),
      deps.blobs.uploadFile({ ...common, key: pdfKey, path: result.pdfPath, contentType: 'application/pdf' }),
    ]);
    const signedAt = now();
    const url = await deps.blobs.presignedUrl(deps.bucket, zipKey, EXPORT_URL_SECONDS);
    return {
      bucket: deps.bucket,
      zipKey,
      pdfKey,
      url,
      expiresAt: new Date(signedAt.getTime() + EXPORT_URL_SECONDS * 1000).toISOString(),
      generatedAt,
      rootHash: result.rootHash,
      evidenceRootHash: result.evidenceRootHash,
      records: result.records,
      files: result.files,
      signed: result.signed,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
