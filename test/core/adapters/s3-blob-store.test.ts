import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BlobStoreError, S3BlobStore } from '../../../core/adapters/s3-blob-store';

const BUCKET = 'binders-111111111111';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666';
const MiB = 1024 * 1024;
const s3 = mockClient(S3Client);
const client = () =>
  new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });

/** Reads a request body (a stream or bytes) whole, to compare what was sent with the file. */
async function bytesOf(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('S3BlobStore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3-blob-store-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    s3.reset();
  });

  it('uploads a small file in one PutObject with SSE-KMS and leaves Object Lock to the bucket default', async () => {
    // Prepare
    const path = join(dir, 'small.pdf');
    await writeFile(path, Buffer.from('%PDF-1.7 small'));
    s3.on(PutObjectCommand).resolves({ VersionId: 'v1' });

    // Act
    const uploaded = await new S3BlobStore({ client: client() }).uploadFile({
      bucket: BUCKET,
      key: 'binders/a/b.pdf',
      path,
      contentType: 'application/pdf',
      kmsKeyArn: KEY_ARN,
    });

    // Assess
    expect(uploaded).toEqual({ bucket: BUCKET, key: 'binders/a/b.pdf', bytes: 14, versionId: 'v1' });
    const calls = s3.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({
      Bucket: BUCKET,
      Key: 'binders/a/b.pdf',
      ContentType: 'application/pdf',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
      BucketKeyEnabled: true,
    });
    for (const field of ['ObjectLockMode', 'ObjectLockRetainUntilDate', 'ObjectLockLegalHoldStatus']) {
      expect(input).not.toHaveProperty(field);
    }
    expect((await bytesOf(input.Body)).toString()).toBe('%PDF-1.7 small');
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  it('streams a larger file as a multipart upload, encryption set on CreateMultipartUpload', async () => {
    const path = join(dir, 'large.zip');
    const content = Buffer.alloc(11 * MiB, 7);
    await writeFile(path, content);
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({
      ETag: `"etag-${input.PartNumber}"`,
    }));
    s3.on(CompleteMultipartUploadCommand).resolves({ VersionId: 'v2' });

    const uploaded = await new S3BlobStore({ client: client(), partSize: 5 * MiB, queueSize: 2 }).uploadFile({
      bucket: BUCKET,
      key: 'binders/a/b.zip',
      path,
      contentType: 'application/zip',
      kmsKeyArn: KEY_ARN,
    });

    expect(uploaded.bytes).toBe(11 * MiB);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    const create = s3.commandCalls(CreateMultipartUploadCommand);
    expect(create).toHaveLength(1);
    expect(create[0]!.args[0].input).toMatchObject({
      Bucket: BUCKET,
      Key: 'binders/a/b.zip',
      ContentType: 'application/zip',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
    });
    expect(create[0]!.args[0].input).not.toHaveProperty('ObjectLockMode');
    const parts = s3.commandCalls(UploadPartCommand).map((c) => c.args[0].input);
    expect(parts.map((p) => p.PartNumber).sort()).toEqual([1, 2, 3]);
    const sent = await Promise.all(
      [...parts].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0)).map((p) => bytesOf(p.Body)),
    );
    expect(Buffer.concat(sent).equals(content)).toBe(true);
    const complete = s3.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input;
    expect(complete.UploadId).toBe('up-1');
    expect(complete.MultipartUpload?.Parts?.map((p) => p.PartNumber)).toEqual([1, 2, 3]);
  });

  it('aborts a failed multipart upload and reports the bucket, key and error code', async () => {
    const path = join(dir, 'failing.zip');
    await writeFile(path, Buffer.alloc(6 * MiB, 1));
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-2' });
    s3.on(UploadPartCommand).rejects(
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'denied' }),
    );
    s3.on(AbortMultipartUploadCommand).resolves({});

    const error = await new S3BlobStore({ client: client(), partSize: 5 * MiB })
      .uploadFile({
        bucket: BUCKET,
        key: 'binders/x.zip',
        path,
        contentType: 'application/zip',
        kmsKeyArn: KEY_ARN,
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BlobStoreError);
    expect((error as Error).message).toBe(`upload of s3://${BUCKET}/binders/x.zip failed: AccessDenied`);
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]?.args[0].input).toMatchObject({
      Bucket: BUCKET,
      Key: 'binders/x.zip',
      UploadId: 'up-2',
    });
  });

  it('presigns a GET of the object that expires after the given seconds', async () => {
    const url = new URL(
      await new S3BlobStore({ client: client() }).presignedUrl(BUCKET, 'binders/a/b.zip', 3600),
    );

    expect(url.protocol).toBe('https:');
    expect(url.hostname).toBe(`${BUCKET}.s3.eu-west-1.amazonaws.com`);
    expect(url.pathname).toBe('/binders/a/b.zip');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([0, 1.5, 7 * 24 * 3600 + 1])('rejects a link lifetime of %s seconds', async (seconds) => {
    await expect(new S3BlobStore({ client: client() }).presignedUrl(BUCKET, 'k', seconds)).rejects.toThrow(
      /expiresSeconds must be an integer from 1 to 604800/,
    );
  });
});
