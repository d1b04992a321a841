import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore, BlobUpload } from '../ports/blob-store';

/** S3 refused or failed a request; the message names the bucket, key and error code only. */
export class BlobStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BlobStoreError';
  }
}

export interface UploadedObject {
  bucket: string;
  key: string;
  bytes: number;
  /** null when the bucket is unversioned */
  versionId?: string;
}

export interface S3BlobStoreOptions {
  client?: S3Client;
  /** bytes per part of a multipart upload (default 16 MiB; S3's minimum is 5 MiB) */
  partSize?: number;
  /** parts in flight at once (default 4): memory held is about partSize x queueSize */
  queueSize?: number;
}

/** Presigned URLs live at most seven days (SigV4's limit); the binder export asks for one hour. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;
const MIN_PART_SIZE = 5 * 1024 * 1024;

let defaultClient: S3Client | undefined;

/**
 * Files in S3: streamed uploads (multipart beyond one part) encrypted with a named KMS key, and
 * presigned download links. Object Lock retention is deliberately not set per object: the bucket's
 * default retention applies, so no caller can shorten it.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3BlobStoreOptions = {}) {
    defaultClient ??= options.client ? undefined : new S3Client({});
    this.client = options.client ?? (defaultClient as S3Client);
    this.partSize = Math.max(MIN_PART_SIZE, options.partSize ?? 16 * 1024 * 1024);
    this.queueSize = Math.max(1, options.queueSize ?? 4);
  }

  /** Uploads a local file with SSE-KMS; a failed multipart upload is aborted, leaving no parts behind. */
  async uploadFile(request: BlobUpload): Promise<UploadedObject> {
    const { size } = await stat(request.path);
    const upload = new Upload({
      client: this.client,
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
      params: {
        Bucket: request.bucket,
        Key: request.key,
        Body: createReadStream(request.path),
        ContentType: request.contentType,
        ContentLength: size,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: request.kmsKeyArn,
        BucketKeyEnabled: true,
      },
    });
    try {
      const res = await upload.done();
      return {
        bucket: request.bucket,
        key: request.key,
        bytes: size,
        ...(res.VersionId ? { versionId: res.VersionId } : {}),
      };
    } catch (error) {
      throw translate(error, `upload of s3://${request.bucket}/${request.key}`);
    }
  }

  /** A URL that downloads one object without AWS credentials until it expires. */
  async presignedUrl(bucket: string, key: string, expiresSeconds: number): Promise<string> {
    if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > MAX_PRESIGN_SECONDS) {
      throw new RangeError(
        `expiresSeconds must be an integer from 1 to ${MAX_PRESIGN_SECONDS}, got ${expiresSeconds}`,
      );
    }
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: expiresSeconds,
    });
  }
}

function translate(error: unknown, what: string): unknown {
  if (error instanceof S3ServiceException) {
    return new BlobStoreError(`${what} failed: ${error.name}`, { cause: error });
  }
  return error;
}
