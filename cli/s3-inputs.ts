/**
 * `evidence ingest s3://bucket/prefix`: the objects AWS Config and CloudTrail deliver to S3, listed
 * (every page) and streamed object by object, as files on disk are. Digest files are read with their
 * `x-amz-meta-signature` metadata, so every digest of a trail's chain can be checked, the newest too.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { archiveKey, type DigestInput } from '../core/domain/cloudtrail-digest';
import { UsageError } from '../core/ports/errors';

const EVENT_OBJECT = /\.(json|jsonl|ndjson)(\.gz)?$/i;

let clientFactory = (): S3Client => new S3Client({ followRegionRedirects: true });

/** Tests replace the S3 client; returns the previous factory. */
export function setS3InputClientFactory(make: () => S3Client): () => S3Client {
  const before = clientFactory;
  clientFactory = make;
  return before;
}

let shared: S3Client | undefined;
const client = () => {
  shared ??= clientFactory();
  return shared;
};

/** Releases the client, when one was made. */
export function closeS3Inputs(): void {
  shared?.destroy();
  shared = undefined;
}

export const isS3Url = (path: string) => path.startsWith('s3://');

function parse(url: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) throw new UsageError(`not an S3 URL (s3://bucket/prefix): ${url}`);
  return { bucket: m[1]!, key: m[2] ?? '' };
}

/**
 * The event objects under an S3 URL, as s3:// URLs in key order: the object itself, or those under the
 * prefix taken as a folder (`.../2026/1` does not take in `.../2026/10`). No object is a usage error.
 */
export async function listS3Inputs(url: string): Promise<string[]> {
  const { bucket, key } = parse(url);
  const folder = key === '' || key.endsWith('/') ? key : `${key}/`;
  const out: string[] = [];
  try {
    for await (const page of paginateListObjectsV2({ client: client() }, { Bucket: bucket, Prefix: key }))
      for (const o of page.Contents ?? [])
        if (o.Key && (o.Key === key || o.Key.startsWith(folder)) && EVENT_OBJECT.test(o.Key))
          out.push(`s3://${bucket}/${o.Key}`);
  } catch (error) {
    throw new UsageError(`cannot list ${url}: ${(error as Error).name}: ${(error as Error).message}`);
  }
  if (out.length === 0) throw new UsageError(`no .json, .jsonl or .gz objects at ${url}`);
  return out.sort();
}

/** An object's bytes, as they stream, and its user metadata. */
async function open(
  url: string,
): Promise<{ body: AsyncIterable<Uint8Array>; metadata: Record<string, string> }> {
  const { bucket, key } = parse(url);
  const res = await client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!res.Body) throw new Error(`${url}: no body`);
  return { body: res.Body as AsyncIterable<Uint8Array>, metadata: res.Metadata ?? {} };
}

/** The bytes of an object, for cli/input.ts. */
export async function* s3Bytes(url: string): AsyncGenerator<Buffer> {
  const { body } = await open(url);
  for await (const chunk of body) yield Buffer.from(chunk);
}

const isGzip = (b: Uint8Array) => b[0] === 0x1f && b[1] === 0x8b;

/** A digest object, uncompressed, with the signature CloudTrail put in its metadata. */
export async function readS3Digest(url: string): Promise<DigestInput> {
  const { body, metadata } = await open(url);
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(Buffer.from(chunk));
  const bytes = Buffer.concat(parts);
  return {
    key: archiveKey(parse(url).key),
    content: isGzip(bytes) ? gunzipSync(bytes) : bytes,
    ...(metadata.signature ? { signature: metadata.signature } : {}),
  };
}
