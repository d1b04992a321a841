import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

/** A request body (bytes, text or a stream) whole. */
export async function bytesOf(body: unknown): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function range(data: Buffer, header: string | undefined): Buffer {
  if (!header) return data;
  const m = /^bytes=(\d+)-(\d+)$/.exec(header);
  if (!m) throw new Error(`fake S3: bad range ${header}`);
  return data.subarray(Number(m[1]), Number(m[2]) + 1);
}

/**
 * S3 as aws-sdk-client-mock answers it, kept in memory: objects by `bucket/key`, and multipart
 * uploads (UploadPart, UploadPartCopy with ranges) put together on completion. `calls` lists every
 * part of every upload, to see which were copied and which uploaded. Call `restore` after the test.
 */
export function fakeS3() {
  const mock = mockClient(S3Client);
  const objects = new Map<string, { data: Buffer; sse?: string; kms?: string; checksum?: string }>();
  const uploads = new Map<
    string,
    { bucket: string; key: string; sse?: string; kms?: string; parts: Map<number, Buffer> }
  >();
  const parts: { kind: 'copy' | 'upload'; bytes: number; partNumber: number }[] = [];
  let ids = 0;
  mock.on(PutObjectCommand).callsFake(async (input) => {
    objects.set(`${input.Bucket}/${input.Key}`, {
      data: await bytesOf(input.Body),
      sse: input.ServerSideEncryption,
      kms: input.SSEKMSKeyId,
    });
    return {};
  });
  mock.on(GetObjectCommand).callsFake((input) => {
    const o = objects.get(`${input.Bucket}/${input.Key}`);
    if (!o) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
    return { Body: Readable.from([range(o.data, input.Range)]) };
  });
  mock.on(ListObjectsV2Command).callsFake((input) => ({
    Contents: [...objects.keys()]
      .filter((k) => k.startsWith(`${input.Bucket}/${input.Prefix ?? ''}`))
      .map((k) => ({ Key: k.slice(`${input.Bucket}/`.length) })),
    IsTruncated: false,
  }));
  mock.on(DeleteObjectsCommand).callsFake((input) => {
    for (const o of input.Delete?.Objects ?? []) objects.delete(`${input.Bucket}/${o.Key}`);
    return {};
  });
  mock.on(CreateMultipartUploadCommand).callsFake((input) => {
    const id = `upload-${++ids}`;
    uploads.set(id, {
      bucket: input.Bucket,
      key: input.Key,
      sse: input.ServerSideEncryption,
      kms: input.SSEKMSKeyId,
      parts: new Map(),
    });
    return { UploadId: id };
  });
  mock.on(UploadPartCommand).callsFake(async (input) => {
    const data = await bytesOf(input.Body);
    uploads.get(input.UploadId!)!.parts.set(input.PartNumber!, data);
    parts.push({ kind: 'upload', bytes: data.length, partNumber: input.PartNumber! });
    return { ETag: `"u${input.PartNumber}"`, ChecksumCRC32: 'AAAAAA==' };
  });
  mock.on(UploadPartCopyCommand).callsFake((input) => {
    const source = decodeURIComponent(input.CopySource!);
    const o = objects.get(source);
    if (!o) throw new NoSuchKey({ message: `no ${source}`, $metadata: {} });
    const data = range(o.data, input.CopySourceRange);
    uploads.get(input.UploadId!)!.parts.set(input.PartNumber!, data);
    parts.push({ kind: 'copy', bytes: data.length, partNumber: input.PartNumber! });
    return { CopyPartResult: { ETag: `"c${input.PartNumber}"`, ChecksumCRC32: 'AAAAAA==' } };
  });
  mock.on(CompleteMultipartUploadCommand).callsFake((input) => {
    const u = uploads.get(input.UploadId!)!;
    const listed = input.MultipartUpload?.Parts ?? [];
    const data = Buffer.concat(listed.map((p: { PartNumber?: number }) => u.parts.get(p.PartNumber!)!));
    objects.set(`${u.bucket}/${u.key}`, { data, sse: u.sse, kms: u.kms });
    uploads.delete(input.UploadId!);
    return {};
  });
  mock.on(AbortMultipartUploadCommand).callsFake((input) => {
    uploads.delete(input.UploadId!);
    return {};
  });
  return {
    mock,
    objects,
    uploads,
    parts,
    client: () =>
      new S3Client({
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      }),
    restore: () => mock.restore(),
  };
}
