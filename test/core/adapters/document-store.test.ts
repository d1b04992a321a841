import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalDocumentStore } from '../../../core/adapters/local-document-store';
import { BlobStoreError } from '../../../core/adapters/s3-blob-store';
import { S3DocumentStore } from '../../../core/adapters/s3-document-store';
import { DocumentIntegrityError, DocumentNotFoundError } from '../../../core/ports/document-store';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

const notFound = () =>
  new S3ServiceException({ name: 'NotFound', $fault: 'client', $metadata: {}, message: '' });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'document-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LocalDocumentStore', () => {
  it('keeps a file under sha256/<hash>, reads it back and knows it exists', async () => {
    const root = join(dir, 'blobs-1');
    const file = join(dir, 'policy.txt');
    await writeFile(file, 'security policy v3');
    const store = new LocalDocumentStore(root);
    const hash = sha('security policy v3');

    expect(await store.exists(hash)).toBe(false);
    await store.putFile(hash, file, 'text/plain');
    await store.putFile(hash, file, 'text/plain');

    expect(await store.exists(hash)).toBe(true);
    expect(await text(await store.openRead(hash))).toBe('security policy v3');
    expect(await readdir(join(root, 'sha256'))).toEqual([hash]);
  });

  it('refuses bytes that do not hash to the id and leaves nothing behind', async () => {
    const root = join(dir, 'blobs-2');
    const file = join(dir, 'changed.txt');
    await writeFile(file, 'edited after hashing');
    const store = new LocalDocumentStore(root);

    await expect(store.putFile(sha('original'), file, 'text/plain')).rejects.toBeInstanceOf(
      DocumentIntegrityError,
    );
    expect(await readdir(join(root, 'sha256'))).toEqual([]);
    await expect(store.openRead(sha('original'))).rejects.toBeInstanceOf(DocumentNotFoundError);
  });
});

describe('S3DocumentStore', () => {
  const s3 = mockClient(S3Client);
  const client = () =>
    new S3Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
  afterEach(() => {
    s3.reset();
  });

  it('puts a new document with its SHA-256 as the S3 checksum, under the prefix', async () => {
    const file = join(dir, 'baa.pdf');
    await writeFile(file, '%PDF-1.7 BAA');
    const hash = sha('%PDF-1.7 BAA');
    s3.on(HeadObjectCommand).rejects(notFound());
    s3.on(PutObjectCommand).resolves({});
    const store = new S3DocumentStore({
      bucket: 'evidence-docs',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k',
      client: client(),
    });

    await store.putFile(hash, file, 'application/pdf');

    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'evidence-docs',
      Key: `documents/sha256/${hash}`,
      ContentType: 'application/pdf',
      ContentLength: 12,
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: Buffer.from(hash, 'hex').toString('base64'),
      ServerSideEncryption: 'aws:kms',
    });
    expect(store.location).toBe('s3://evidence-docs/documents/sha256/');
  });

  it('does not upload a document that is already there', async () => {
    const file = join(dir, 'again.txt');
    await writeFile(file, 'again');
    s3.on(HeadObjectCommand).resolves({});
    await new S3DocumentStore({ bucket: 'b-docs', client: client() }).putFile(
      sha('again'),
      file,
      'text/plain',
    );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('streams a document back, and answers NotFound as a missing document', async () => {
    const hash = sha('x');
    s3.on(GetObjectCommand, { Key: `documents/sha256/${hash}` }).resolves({
      Body: Readable.from([Buffer.from('x')]) as never,
    });
    const store = new S3DocumentStore({ bucket: 'b-docs', client: client() });
    expect(await text(await store.openRead(hash))).toBe('x');

    s3.on(GetObjectCommand).rejects(
      new S3ServiceException({ name: 'NoSuchKey', $fault: 'client', $metadata: {}, message: '' }),
    );
    await expect(store.openRead(sha('y'))).rejects.toBeInstanceOf(DocumentNotFoundError);
    s3.on(HeadObjectCommand).rejects(notFound());
    expect(await store.exists(sha('y'))).toBe(false);
  });

  it('reports other S3 errors by bucket, key and code only', async () => {
    s3.on(HeadObjectCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: {},
        message: 'secret detail',
      }),
    );
    const err = await new S3DocumentStore({ bucket: 'b-docs', client: client() })
      .exists(sha('z'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlobStoreError);
    expect(String((err as Error).message)).toBe(
      `lookup of s3://b-docs/documents/sha256/${sha('z')} failed: AccessDenied`,
    );
  });
});
