import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { AnchorStore } from '../ports/anchor-store';

export interface S3AnchorStoreOptions {
  bucket: string;
  /** key prefix of every anchor, e.g. `anchors/` */
  prefix?: string;
  /** ARN of the KMS key anchors are encrypted with (SSE-KMS); the bucket default applies without it */
  kmsKeyArn?: string;
  client?: S3Client;
}

/**
 * Anchors in an S3 bucket under Object Lock (COMPLIANCE): each written with `If-None-Match: *`, so an
 * existing anchor is never replaced, and the bucket's default retention keeps every version for the
 * retention period whoever asks. The role that writes anchors cannot delete or shorten them.
 */
export class S3AnchorStore implements AnchorStore {
  readonly location: string;
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3AnchorStoreOptions) {
    this.client = options.client ?? new S3Client({});
    this.prefix = options.prefix ?? '';
    this.location = `s3://${options.bucket}/${this.prefix}`;
  }

  async putOnce(name: string, body: string): Promise<'written' | 'same' | 'different'> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.prefix + name,
          Body: body,
          ContentType: 'application/json',
          IfNoneMatch: '*',
          ...(this.options.kmsKeyArn
            ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.options.kmsKeyArn }
            : {}),
        }),
      );
      return 'written';
    } catch (error) {
      // 412: the key exists; 409: a concurrent conditional write of the same key is in flight
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (status !== 412 && status !== 409) throw error;
      return (await this.get(name)) === body ? 'same' : 'different';
    }
  }

  async get(name: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + name }),
      );
      return await out.Body?.transformToString('utf8');
    } catch (error) {
      if (error instanceof S3ServiceException && error.name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async list(prefix: string, startAfter?: string): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: this.prefix + prefix,
          ContinuationToken: token,
          ...(startAfter === undefined || token ? {} : { StartAfter: this.prefix + startAfter }),
        }),
      );
      for (const o of page.Contents ?? []) if (o.Key) names.push(o.Key.slice(this.prefix.length));
      token = page.NextContinuationToken;
    } while (token);
    return names.sort();
  }
}

/** Reads `s3://bucket/prefix` into its parts; undefined when `url` is not an s3:// URL. */
export function parseS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) return undefined;
  const prefix = m[2] ?? '';
  return { bucket: m[1]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}
