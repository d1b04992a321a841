import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  type BucketZipAssembler,
  ShardFileMissingError,
  type ShardWorkspace,
} from '../ports/shard-workspace';
import { type AssemblyLimits, assembleObject } from './s3-zip-assembly';

export interface S3ShardWorkspaceOptions {
  /** the work bucket (no Object Lock: work files are removed once the binder is delivered) */
  bucket: string;
  /** key prefix of every work file, ending in `/` (default `shards/`) */
  prefix?: string;
  /** the KMS key work files are encrypted with */
  kmsKeyArn: string;
  client?: S3Client;
  /** S3's part limits (tests lower them to see small parts copied) */
  limits?: AssemblyLimits;
}

let defaultClient: S3Client | undefined;

/** A sharded export's work files under a prefix of an S3 bucket, SSE-KMS. */
export class S3ShardWorkspace implements ShardWorkspace, BucketZipAssembler {
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3ShardWorkspaceOptions) {
    defaultClient ??= options.client ? undefined : new S3Client({});
    this.client = options.client ?? (defaultClient as S3Client);
    this.prefix = options.prefix ?? 'shards/';
  }

  private keyOf(name: string): string {
    if (name.split('/').some((p) => p === '' || p === '.' || p === '..'))
      throw new TypeError(`not a work file name: ${name}`);
    return `${this.prefix}${name}`;
  }

  private encryption() {
    return {
      ServerSideEncryption: 'aws:kms' as const,
      SSEKMSKeyId: this.options.kmsKeyArn,
      BucketKeyEnabled: true,
    };
  }

  async putFile(name: string, path: string): Promise<void> {
    const { size } = await stat(path);
    await new Upload({
      client: this.client,
      partSize: 64 * 1024 * 1024,
      queueSize: 4,
      leavePartsOnError: false,
      params: {
        Bucket: this.options.bucket,
        Key: this.keyOf(name),
        Body: createReadStream(path),
        ContentLength: size,
        ...this.encryption(),
      },
    }).done();
  }

  async putText(name: string, text: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.keyOf(name),
        Body: text,
        ...this.encryption(),
      }),
    );
  }

  async read(name: string): Promise<AsyncIterable<Uint8Array>> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(name) }),
      );
      if (!res.Body) throw new ShardFileMissingError(name);
      return res.Body as AsyncIterable<Uint8Array>;
    } catch (error) {
      if (error instanceof NoSuchKey) throw new ShardFileMissingError(name, { cause: error });
      throw error;
    }
  }

  async removeAll(prefix: string): Promise<void> {
    const Prefix = `${this.keyOf(prefix)}/`;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix, ContinuationToken: token }),
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length > 0)
        await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: keys, Quiet: true } }),
        );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async assembleInto(
    target: { bucket: string; key: string; kmsKeyArn: string; contentType: string },
    parts: { name: string; bytes: number }[],
    tail: string,
  ): Promise<number> {
    const { size } = await stat(tail);
    return assembleObject(
      this.client,
      {
        ...target,
        sourceBucket: this.options.bucket,
        sources: [
          ...parts.map((p) => ({ kind: 'object' as const, key: this.keyOf(p.name), bytes: p.bytes })),
          { kind: 'file' as const, path: tail, bytes: size },
        ],
      },
      this.options.limits,
    );
  }
}
