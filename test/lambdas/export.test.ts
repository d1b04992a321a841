import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoEvents } from '../../cli/demo/scenario';
import { DynamoDbEvidenceReader } from '../../core/adapters/dynamodb/evidence-reader';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { KmsEd25519Signer } from '../../core/adapters/kms-signer';
import { S3BlobStore } from '../../core/adapters/s3-blob-store';
import { S3DocumentStore } from '../../core/adapters/s3-document-store';
import { defaultEvidenceConfig } from '../../core/usecases/config';
import type { ExportToBucketDeps } from '../../core/usecases/export-binder/to-bucket';
import { ingest } from '../../core/usecases/ingest';
import { uploadDocument } from '../../core/usecases/upload';
import { readBinderFile, verifyBinder } from '../../core/verify/verify-binder';
import { ExportResultSchema } from '../../evidence-schemas/export-request';
import { ExportFailedError, ExportRequestError, exportRequest, readExportEnv } from '../../lambdas/export';
import { startTestStore } from '../helpers/store';

const BUCKET = 'hipaa-binders-111111111111';
const BUCKET_KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555';
const SIGNING_KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/66666666-7777-8888-9999-000000000000';
const GENERATED_AT = '2026-11-02T10:00:00.000Z';
const PREFIX = `binders/2026-10-01T00:00:00.000Z_2026-10-31T23:59:59.999Z/${GENERATED_AT}/`;

const s3 = mockClient(S3Client);
const kms = mockClient(KMSClient);
const region = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
};

/** The request a caller sends; cloned per test. */
const REQUEST = Object.freeze({ from: '2026-10-01', to: '2026-10-31', title: 'October binder' });

async function bytesOf(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('export handler', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let tmpRoot: string;
  let uploads: Map<string, Buffer>;
  const keys = generateKeyPairSync('ed25519');

  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
    await ingest(
      demoEvents().map((raw, i) => ({ raw, origin: `demo#${i}` })),
      { store },
    );
  });
  afterAll(async () => {
    await dynamo.close();
  });

  beforeEach(async () => {
    tmpRoot = await mkdtemp(join(tmpdir(), 'export-handler-'));
    uploads = new Map();
    s3.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: unknown }) => {
      uploads.set(input.Key, await bytesOf(input.Body));
      return { VersionId: 'v1' };
    });
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({
      KeyId: SIGNING_KEY_ARN,
      Signature: new Uint8Array(sign(null, Buffer.from(input.Message), keys.privateKey)),
    }));
    kms.on(GetPublicKeyCommand).resolves({
      KeyId: SIGNING_KEY_ARN,
      KeySpec: 'ECC_NIST_EDWARDS25519',
      SigningAlgorithms: ['ED25519_SHA_512'],
      PublicKey: new Uint8Array(keys.publicKey.export({ format: 'der', type: 'spki' })),
    });
  });
  afterEach(async () => {
    s3.reset();
    kms.reset();
    await rm(tmpRoot, { recursive: true, force: true });
  });

  const deps = (): ExportToBucketDeps => ({
    reader: new DynamoDbEvidenceReader({ store }),
    signer: new KmsEd25519Signer({ keyId: SIGNING_KEY_ARN, client: new KMSClient(region) }),
    blobs: new S3BlobStore({ client: new S3Client(region) }),
    bucket: BUCKET,
    bucketKeyArn: BUCKET_KEY_ARN,
    generator: { name: 'test', version: '9.9.9' },
    tmpRoot,
    now: () => new Date(GENERATED_AT),
  });

  it('writes the signed binder to the bucket with SSE-KMS and returns its keys, link and root hash', async () => {
    // Act
    const result = await exportRequest(structuredClone(REQUEST), deps());

    // Assess: the keys
    expect(ExportResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({
      bucket: BUCKET,
      zipKey: `${PREFIX}binder-2026-10-01-2026-10-31.zip`,
      pdfKey: `${PREFIX}binder-2026-10-01-2026-10-31.pdf`,
      generatedAt: GENERATED_AT,
      expiresAt: '2026-11-02T11:00:00.000Z',
      signed: true,
    });
    expect(result.records).toBeGreaterThan(10);
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Key).sort()).toEqual([result.pdfKey, result.zipKey].sort());
    for (const put of puts) {
      expect(put).toMatchObject({
        Bucket: BUCKET,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: BUCKET_KEY_ARN,
      });
      expect(put).not.toHaveProperty('ObjectLockMode');
    }
    expect(puts.find((p) => p.Key === result.zipKey)?.ContentType).toBe('application/zip');
    expect(puts.find((p) => p.Key === result.pdfKey)?.ContentType).toBe('application/pdf');

    // the link: a one-hour presigned GET of the zip
    const url = new URL(result.url);
    expect(url.origin).toBe(`https://${BUCKET}.s3.eu-west-1.amazonaws.com`);
    expect(decodeURIComponent(url.pathname)).toBe(`/${result.zipKey}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);

    // the uploaded zip verifies offline, with the returned root hash and the KMS key's signature
    const zip = join(tmpRoot, 'downloaded.zip');
    await writeFile(zip, uploads.get(result.zipKey)!);
    const report = await verifyBinder(zip, {
      trustedPublicKeyPem: keys.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, rootHash: result.rootHash, signature: 'valid' });
    expect(uploads.get(result.pdfKey)?.subarray(0, 5).toString()).toBe('%PDF-');

    // nothing is left in /tmp
    expect((await readdir(tmpRoot)).filter((name) => name !== 'downloaded.zip')).toEqual([]);
  });

  it('narrows to accounts and keeps exact times', async () => {
    const result = await exportRequest(
      { from: '2026-10-01T00:00:00Z', to: '2026-10-15T12:00:00+02:00', accounts: ['111122223333'] },
      deps(),
    );

    expect(result.zipKey).toBe(
      `binders/2026-10-01T00:00:00.000Z_2026-10-15T10:00:00.000Z/${GENERATED_AT}/binder-2026-10-01-2026-10-15.zip`,
    );
  });

  it.each([
    [{ to: '2026-10-31' }, /^invalid export request: from: /],
    [{ from: '2026-13-01', to: '2026-10-31' }, /from: expected a date such as 2026-10-01/],
    [{ from: '2026-10-01', to: 'yesterday' }, /to: expected a date/],
    [
      { from: '2026-10-31', to: '2026-10-01' },
      /to: the period ends \(2026-10-01T23:59:59.999Z\) before it starts/,
    ],
    [{ from: '2016-01-01', to: '2026-10-31' }, /to: the period is longer than 2562 days/],
    [{ from: '2026-10-01', to: '2026-10-31', accounts: ['12ab'] }, /accounts\.0: /],
    [{ from: '2026-10-01', to: '2026-10-31', title: '  ' }, /title: title must not be empty/],
    [{ from: '2026-10-01', to: '2026-10-31', bucket: 'other' }, /\(request\): Unrecognized key: "bucket"/],
    ['not an object', /invalid export request: \(request\): /],
  ])('rejects a bad request %j naming the field', async (event, message) => {
    const error = await exportRequest(event, deps()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExportRequestError);
    expect((error as Error).message).toMatch(message);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(kms.calls()).toHaveLength(0);
  });

  it('copies uploaded documents from the bucket into the binder, and the binder verifies', async () => {
    // Prepare: a BAA uploaded the way `evidence upload --documents-bucket` does (S3 holds what was put)
    const documents = new S3DocumentStore({ bucket: BUCKET, client: new S3Client(region) });
    s3.on(HeadObjectCommand).callsFake((input: { Key: string }) => {
      if (!uploads.has(input.Key)) throw new NotFound({ message: 'Not Found', $metadata: {} });
      return { ContentLength: uploads.get(input.Key)!.length };
    });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
      const body = uploads.get(input.Key);
      if (!body) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
      return { Body: Readable.from([body]), ContentLength: body.length };
    });
    const file = join(tmpRoot, 'aws-baa.txt');
    await writeFile(file, 'Business Associate Addendum between the clinic and AWS, signed 2026-10-02\n');
    const uploaded = await uploadDocument(
      { accountId: '111122223333', target: '164.308(b)(1)', path: file, title: 'AWS BAA' },
      { store, documents, config: defaultEvidenceConfig(), at: '2026-10-02T12:00:00.000Z' },
    );
    await rm(file);

    // Act
    const result = await exportRequest(structuredClone(REQUEST), { ...deps(), documents });

    // Assess: the document is in the zip under manual/, listed in the manifest, and the zip verifies
    const zip = join(tmpRoot, 'downloaded.zip');
    await writeFile(zip, uploads.get(result.zipKey)!);
    const report = await verifyBinder(zip, {
      trustedPublicKeyPem: keys.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    });
    expect(report.problems).toEqual([]);
    const copied = await readBinderFile(zip, `manual/${uploaded.sha256}-aws-baa.txt`);
    expect(copied?.toString()).toMatch(/^Business Associate Addendum/);
  });

  it('replaces an unexpected failure with a message that leaks no internals, and cleans /tmp', async () => {
    s3.on(PutObjectCommand).rejects(new Error('socket hang up at 10.0.0.1'));

    const error = await exportRequest(structuredClone(REQUEST), deps()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExportFailedError);
    expect((error as Error).message).toBe(
      'the binder export failed; the export function log has the details',
    );
    expect(await readdir(tmpRoot)).toEqual([]);
  });
});

describe('export function configuration', () => {
  const env = {
    TABLE_NAME: 'evidence',
    BINDER_BUCKET: BUCKET,
    BUCKET_KEY_ARN,
    SIGNING_KEY_ARN,
  };

  it('reads the four variables, and the documents prefix by default', () => {
    expect(readExportEnv({ ...env, OTHER: 'x' })).toEqual({ ...env, DOCUMENTS_PREFIX: 'documents/' });
    expect(readExportEnv({ ...env, DOCUMENTS_BUCKET: BUCKET })).toMatchObject({ DOCUMENTS_BUCKET: BUCKET });
  });

  it.each(['TABLE_NAME', 'BINDER_BUCKET', 'BUCKET_KEY_ARN', 'SIGNING_KEY_ARN'])(
    'names a missing %s',
    (name) => {
      const { [name as keyof typeof env]: _, ...rest } = env;
      expect(() => readExportEnv(rest)).toThrow(
        new RegExp(`^export function configuration: ${name} is not set`),
      );
    },
  );

  it('rejects a signing key that is not an ARN', () => {
    expect(() => readExportEnv({ ...env, SIGNING_KEY_ARN: 'alias/binder' })).toThrow(
      /SIGNING_KEY_ARN must be the ARN of the KMS Ed25519 key that signs binders/,
    );
  });
});
