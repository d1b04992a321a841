import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  DocumentIntegrityError,
  DocumentNotFoundError,
  type DocumentStore,
  SHA256_HEX,
} from '../ports/document-store';
import { BlobStoreError } from './s3-blob-store';

export interface S3DocumentStoreOptions {
  bucket: string;
  /** key prefix (default "documents/") */
  prefix?: string;
  /** SSE-KMS key; the bucket's default encryption applies without one */
  kmsKeyArn?: string;
  client?: S3Client;
}

let defaultClient: S3Client | undefined;

/**
 * Documents in S3 under `<prefix>sha256/<hash>`. Every put carries the SHA-256 as S3's additional
 * checksum, so S3 itself refuses bytes that do not hash to the document's id. Documents are at most
 * 50 MB (the upload use case enforces it), well within one PutObject.
 */
export class S3DocumentStore implements DocumentStore {
  readonly location: string;
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3DocumentStoreOptions) {
    defaultClient ??= options.client ? undefined : new S3Client({});
    this.client = options.client ?? (defaultClient as S3Client);
    this.prefix = options.prefix ?? 'documents/';
    this.location = `s3://${options.bucket}/${this.prefix}sha256/`;
  }

  private keyOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new TypeError(`not a lower-case hex SHA-256: ${sha256}`);
    return `${this.prefix}sha256/${sha256}`;
  }

  async putFile(sha256: string, path: string, mediaType: string): Promise<void> {
    const Key = this.keyOf(sha256);
    if (await this.exists(sha256)) return;
    const { size } = await stat(path);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key,
          Body: createReadStream(path),
          ContentLength: size,
          ContentType: mediaType,
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          ...(this.options.kmsKeyArn
            ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.options.kmsKeyArn, BucketKeyEnabled: true }
            : {}),
        }),
      );
    } catch (error) {
      if (error instanceof S3ServiceException && /checksum|BadDigest/i.test(`${error.name} ${error.message}`))
        throw new DocumentIntegrityError(`S3 refused ${path}: its bytes do not hash to ${sha256}`, {
          cause: error,
        });
      throw translate(error, `upload of s3://${this.options.bucket}/${Key}`);
    }
  }

  async openRead(sha256: string): Promise<Readable> {
    const Key = this.keyOf(sha256);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key }));
      const body = res.Body;
      // in Node the SDK's body is a Readable (an IncomingMessage with stream helpers mixed in)
      if (body instanceof Readable) return body;
      throw new BlobStoreError(`s3://${this.options.bucket}/${Key} returned no body`);
    } catch (error) {
      if (isNotFound(error)) throw new DocumentNotFoundError(sha256, { cause: error });
      throw translate(error, `download of s3://${this.options.bucket}/${Key}`);
    }
  }

  async exists(sha256: string): Promise<boolean> {
    const Key = this.keyOf(sha256);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw translate(error, `lookup of s3://${this.options.bucket}/${Key}`);
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey');
}

function translate(error: unknown, what: string): unknown {
  if (error instanceof S3ServiceException)
    return new BlobStoreError(`${what} failed: ${error.name}`, { cause: error });
  return error;
}
