/**
 * A sharded binder's zip put together in S3: one multipart upload whose parts are the slices' zip
 * parts copied server-side (UploadPartCopy, no byte through the function) followed by the merge's
 * file uploaded. S3 wants every part but the last to be at least 5 MiB and at most 5 GiB, and at most
 * 10,000 parts: `planAssembly` (pure) cuts the sources into such parts, copying a source's bytes
 * wherever a run of at least 5 MiB can be copied alone, and uploading the rest combined with what
 * follows (a small slice part is read and uploaded with its neighbours).
 */
import { createReadStream } from 'node:fs';
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  type S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';

export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_COPY_BYTES = 5 * 1024 * 1024 * 1024;
export const MAX_PARTS = 10_000;
/** Bytes uploaded per part from the function (held in memory while sent). */
export const UPLOAD_CHUNK_BYTES = 64 * 1024 * 1024;

/** Where the bytes of the zip come from, in order: objects (copied) and a local file (uploaded). */
export type AssemblySource =
  | { kind: 'object'; key: string; bytes: number }
  | { kind: 'file'; path: string; bytes: number };

/** A byte range [start, end) of source `source`. */
export interface SourceRange {
  source: number;
  start: number;
  end: number;
}

/** One part of the upload: a range copied by S3, or ranges read here and uploaded together. */
export type AssemblyPart = { copy: SourceRange } | { upload: SourceRange[] };

export interface AssemblyLimits {
  minPart?: number;
  maxCopy?: number;
  uploadChunk?: number;
}

/** The parts of the upload, in order; every part but the last is within S3's size limits. */
export function planAssembly(sources: AssemblySource[], limits: AssemblyLimits = {}): AssemblyPart[] {
  const minPart = limits.minPart ?? MIN_PART_BYTES;
  const maxCopy = limits.maxCopy ?? MAX_COPY_BYTES;
  const chunk = Math.max(minPart, limits.uploadChunk ?? UPLOAD_CHUNK_BYTES);
  const parts: AssemblyPart[] = [];
  let pending: SourceRange[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pendingBytes === 0) return;
    parts.push({ upload: pending });
    pending = [];
    pendingBytes = 0;
  };
  for (const [source, s] of sources.entries()) {
    let at = 0;
    while (at < s.bytes) {
      const left = s.bytes - at;
      if (s.kind === 'object' && pendingBytes === 0 && left >= minPart) {
        const take = Math.min(left, maxCopy);
        parts.push({ copy: { source, start: at, end: at + take } });
        at += take;
        continue;
      }
      // uploaded: an object's bytes only up to the minimum (the rest may be copied), a file's by chunk
      const goal = s.kind === 'object' ? minPart : chunk;
      const take = Math.min(left, goal - pendingBytes);
      pending.push({ source, start: at, end: at + take });
      pendingBytes += take;
      at += take;
      if (pendingBytes >= goal) flush();
    }
  }
  flush();
  if (parts.length > MAX_PARTS)
    throw new RangeError(`the zip needs ${parts.length} parts, more than S3's ${MAX_PARTS}`);
  return parts;
}

export interface AssembleRequest {
  /** where the zip goes */
  bucket: string;
  key: string;
  kmsKeyArn: string;
  contentType: string;
  /** the bucket the `object` sources are in */
  sourceBucket: string;
  sources: AssemblySource[];
}

/** Parts in flight at once (copies run in S3; an upload holds one chunk in memory). */
const CONCURRENCY = 4;

/**
 * Writes the object `request.key` from its sources in one multipart upload (SSE-KMS with the given
 * key, CRC-32 checksums, which Object Lock buckets require of every part). A failure aborts the upload:
 * no part and no object is left. Returns the object's size.
 */
export async function assembleObject(
  client: S3Client,
  request: AssembleRequest,
  limits: AssemblyLimits = {},
): Promise<number> {
  const { bucket, key, sources } = request;
  const plan = planAssembly(sources, limits);
  const created = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      ContentType: request.contentType,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: request.kmsKeyArn,
      BucketKeyEnabled: true,
      ChecksumAlgorithm: 'CRC32',
    }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error(`S3 gave no upload id for s3://${bucket}/${key}`);
  const common = { Bucket: bucket, Key: key, UploadId: uploadId };
  const readRange = async (r: SourceRange): Promise<Buffer> => {
    const s = sources[r.source]!;
    const chunks: Buffer[] = [];
    if (s.kind === 'file') {
      for await (const c of createReadStream(s.path, { start: r.start, end: r.end - 1 }))
        chunks.push(c as Buffer);
    } else {
      const res = await client.send(
        new GetObjectCommand({
          Bucket: request.sourceBucket,
          Key: s.key,
          Range: `bytes=${r.start}-${r.end - 1}`,
        }),
      );
      for await (const c of res.Body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
    }
    const data = Buffer.concat(chunks);
    if (data.length !== r.end - r.start)
      throw new Error(`read ${data.length} bytes of a ${r.end - r.start}-byte range of source ${r.source}`);
    return data;
  };
  const sendPart = async (part: AssemblyPart, PartNumber: number): Promise<CompletedPart> => {
    if ('copy' in part) {
      const s = sources[part.copy.source]!;
      if (s.kind !== 'object') throw new TypeError('only an object is copied');
      const res = await client.send(
        new UploadPartCopyCommand({
          ...common,
          PartNumber,
          CopySource: `${request.sourceBucket}/${encodeURIComponent(s.key)}`,
          CopySourceRange: `bytes=${part.copy.start}-${part.copy.end - 1}`,
        }),
      );
      return { PartNumber, ETag: res.CopyPartResult?.ETag, ChecksumCRC32: res.CopyPartResult?.ChecksumCRC32 };
    }
    const body = Buffer.concat(await Promise.all(part.upload.map(readRange)));
    const res = await client.send(
      new UploadPartCommand({ ...common, PartNumber, Body: body, ChecksumAlgorithm: 'CRC32' }),
    );
    return { PartNumber, ETag: res.ETag, ChecksumCRC32: res.ChecksumCRC32 };
  };
  try {
    const done: CompletedPart[] = new Array(plan.length);
    let next = 0;
    const worker = async () => {
      while (next < plan.length) {
        const i = next++;
        done[i] = await sendPart(plan[i]!, i + 1);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, plan.length) }, worker));
    await client.send(new CompleteMultipartUploadCommand({ ...common, MultipartUpload: { Parts: done } }));
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand(common)).catch(() => undefined);
    throw error;
  }
  return sources.reduce((n, s) => n + s.bytes, 0);
}
