/**
 * Deployed export: the binder for a period delivered to the binder bucket (Object Lock keeps it)
 * through the BlobStore port, staged in a fresh local folder that is removed whatever the outcome,
 * and a time-limited download link returned.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportRequest, ExportResult } from '../../../evidence-schemas/export-request';
import type { BinderTarget } from '../../ports/binder-target';
import type { BlobStore } from '../../ports/blob-store';
import { exportBinderTo } from './export-binder';
import type { BinderExportDeps, BinderExportSummary } from './types';

/** How long the returned download link works. */
export const EXPORT_URL_SECONDS = 3600;

/** The binder bucket, as a target. */
export interface BucketTargetOptions {
  blobs: BlobStore;
  /** the binder bucket */
  bucket: string;
  /** ARN of the KMS key the uploaded objects are encrypted with */
  bucketKeyArn: string;
  /** where the staging folder is created (default the OS temp dir: /tmp on Lambda) */
  tmpRoot?: string;
  now?: () => Date;
}

/** Where a binder delivered to the bucket is, and a link that downloads its zip for a while. */
export interface BucketBinderLocation {
  bucket: string;
  zipKey: string;
  pdfKey: string;
  /** presigned GET of the zip */
  url: string;
  /** when `url` stops working */
  expiresAt: string;
}

export interface ExportToBucketDeps
  extends BucketTargetOptions,
    Pick<BinderExportDeps, 'reader' | 'signer' | 'documents'> {
  generator: { name: string; version: string };
}

/** `binders/<from>_<to>/<generatedAt>/`: one prefix per export, so a repeated export never collides. */
export function binderPrefix(from: string, to: string, generatedAt: string): string {
  return `binders/${from}_${to}/${generatedAt}/`;
}

/** Binders uploaded to the bucket, encrypted with its key, each under its own prefix. */
export function bucketTarget(options: BucketTargetOptions): BinderTarget<BucketBinderLocation> {
  const now = options.now ?? (() => new Date());
  return {
    async stage() {
      const dir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'binder-'));
      return {
        dir,
        async deliver(binder) {
          const prefix = binderPrefix(binder.from, binder.to, binder.generatedAt);
          const zipKey = `${prefix}${binder.zip.name}`;
          const pdfKey = `${prefix}${binder.pdf.name}`;
          const common = { bucket: options.bucket, kmsKeyArn: options.bucketKeyArn };
          await Promise.all([
            options.blobs.uploadFile({
              ...common,
              key: zipKey,
              path: binder.zip.path,
              contentType: 'application/zip',
            }),
            options.blobs.uploadFile({
              ...common,
              key: pdfKey,
              path: binder.pdf.path,
              contentType: 'application/pdf',
            }),
          ]);
          const signedAt = now();
          const url = await options.blobs.presignedUrl(options.bucket, zipKey, EXPORT_URL_SECONDS);
          const expiresAt = new Date(signedAt.getTime() + EXPORT_URL_SECONDS * 1000).toISOString();
          return { bucket: options.bucket, zipKey, pdfKey, url, expiresAt };
        },
        discard: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
}

/** Exports one binder to the bucket and answers the export function's caller. */
export async function exportBinderToBucket(
  request: ExportRequest,
  deps: ExportToBucketDeps,
): Promise<ExportResult> {
  const result = await exportBinderTo(
    bucketTarget(deps),
    {
      from: request.from,
      to: request.to,
      ...(request.accounts ? { accounts: request.accounts } : {}),
      ...(request.title ? { title: request.title } : {}),
      generator: deps.generator,
    },
    {
      reader: deps.reader,
      ...(deps.signer ? { signer: deps.signer } : {}),
      ...(deps.documents ? { documents: deps.documents } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    },
  );
  return exportResultOf(result);
}

/** What the deployed export answers its caller: where the binder is, a download link, its root hashes and counts. */
export function exportResultOf(result: BucketBinderLocation & BinderExportSummary): ExportResult {
  return {
    bucket: result.bucket,
    zipKey: result.zipKey,
    pdfKey: result.pdfKey,
    url: result.url,
    expiresAt: result.expiresAt,
    generatedAt: result.model.generatedAt,
    rootHash: result.rootHash,
    evidenceRootHash: result.evidenceRootHash,
    records: result.records,
    files: result.files,
    signed: result.signed,
  };
}
