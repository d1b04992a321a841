/**
 * The deployed sharded export's target: the zip put together in the binder bucket from the slices'
 * parts (server-side copies, see the workspace) and the merge's file, the PDF uploaded beside it, both
 * under the prefix one export uses (`binders/<from>_<to>/<generatedAt>/`), and a download link.
 */
import type { BlobStore } from '../../ports/blob-store';
import type { BucketZipAssembler } from '../../ports/shard-workspace';
import type { ShardedBinderTarget } from './shard-merge';
import { type BucketBinderLocation, binderPrefix, EXPORT_URL_SECONDS } from './to-bucket';

export interface BucketShardTargetOptions {
  blobs: BlobStore;
  assembler: BucketZipAssembler;
  bucket: string;
  bucketKeyArn: string;
  now?: () => Date;
}

/** Sharded binders delivered to the binder bucket. */
export function bucketShardTarget(
  options: BucketShardTargetOptions,
): ShardedBinderTarget<BucketBinderLocation> {
  const now = options.now ?? (() => new Date());
  return {
    async deliver(binder) {
      const prefix = binderPrefix(binder.from, binder.to, binder.generatedAt);
      const zipKey = `${prefix}${binder.zip.name}`;
      const pdfKey = `${prefix}${binder.pdf.name}`;
      const kmsKeyArn = options.bucketKeyArn;
      // the PDF first: the zip, the binder proper, appears (one atomic completion) only when all is there
      await options.blobs.uploadFile({
        bucket: options.bucket,
        key: pdfKey,
        path: binder.pdf.path,
        contentType: 'application/pdf',
        kmsKeyArn,
      });
      await options.assembler.assembleInto(
        { bucket: options.bucket, key: zipKey, kmsKeyArn, contentType: 'application/zip' },
        binder.zip.parts,
        binder.zip.tail,
      );
      const signedAt = now();
      const url = await options.blobs.presignedUrl(options.bucket, zipKey, EXPORT_URL_SECONDS);
      const expiresAt = new Date(signedAt.getTime() + EXPORT_URL_SECONDS * 1000).toISOString();
      return { bucket: options.bucket, zipKey, pdfKey, url, expiresAt };
    },
  };
}
