/**
 * A CloudTrail archive as CloudTrail delivers it to S3 (AWSLogs/<account>/CloudTrail/... log files and
 * AWSLogs/<account>/CloudTrail-Digest/... digest files), read from a copy on disk: the digests, and the
 * SHA-256 of each log file's uncompressed content, for core/domain/cloudtrail-digest.ts to validate.
 * CloudTrail's public keys come from its ListPublicKeys API, or from that API's output saved to a file
 * (`aws cloudtrail list-public-keys > keys.json`) for validation on a machine without AWS access.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { type CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import {
  archiveKey,
  type DigestInput,
  type LogFileInput,
  type TrailPublicKey,
} from '../domain/cloudtrail-digest';

const DIGEST_PATH = /(^|[/\\])AWSLogs[/\\].*[/\\]CloudTrail-Digest[/\\].*\.json(\.gz)?$/;
const LOG_PATH = /(^|[/\\])AWSLogs[/\\].*[/\\]CloudTrail[/\\].*\.json(\.gz)?$/;

/** Whether a file of an archive is a digest file (read for validation, not ingested as events). */
export function isDigestFile(path: string): boolean {
  return DIGEST_PATH.test(path);
}

/** Whether a file of an archive is a CloudTrail log file, which digests list. */
export function isTrailLogFile(path: string): boolean {
  return LOG_PATH.test(path) && !DIGEST_PATH.test(path);
}

const isGzip = (b: Buffer) => b[0] === 0x1f && b[1] === 0x8b;
const slashes = (path: string) => path.replace(/\\/g, '/');

/** A digest file on disk, uncompressed; a copy on disk has no S3 metadata, so no signature of its own. */
export function readDigestFile(path: string): DigestInput {
  const bytes = readFileSync(path);
  return { key: archiveKey(slashes(path)), content: isGzip(bytes) ? gunzipSync(bytes) : bytes };
}

/** The SHA-256 of a log file's uncompressed content, streamed (a log file can be large). */
export async function hashLogFile(path: string): Promise<LogFileInput> {
  const hash = createHash('sha256');
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  const source = createReadStream(path);
  if (isGzip(head)) await pipeline(source, createGunzip(), hash);
  else await pipeline(source, hash);
  return { key: archiveKey(slashes(path)), sha256: hash.digest('hex') };
}

const date = (v: unknown): Date | undefined => {
  if (typeof v === 'number') return new Date(v * 1000);
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  return v instanceof Date ? v : undefined;
};

/**
 * CloudTrail public keys from ListPublicKeys' response, as the SDK returns it or as the CLI saves it
 * (`Value` base64, times ISO or epoch seconds). A key lacking any field is an error naming it.
 */
export function trailPublicKeys(response: unknown): TrailPublicKey[] {
  const list = (response as { PublicKeyList?: unknown })?.PublicKeyList;
  if (!Array.isArray(list)) throw new Error('not a ListPublicKeys response: no PublicKeyList');
  return list.map((k: Record<string, unknown>, i) => {
    const value =
      k.Value instanceof Uint8Array
        ? k.Value
        : typeof k.Value === 'string'
          ? Buffer.from(k.Value, 'base64')
          : undefined;
    const start = date(k.ValidityStartTime);
    const end = date(k.ValidityEndTime);
    const fingerprint = typeof k.Fingerprint === 'string' ? k.Fingerprint : undefined;
    if (!value || !start || !end || !fingerprint)
      throw new Error(`public key ${i + 1} lacks Value, Fingerprint or its validity times`);
    return { fingerprint, value, validityStartTime: start, validityEndTime: end };
  });
}

/** CloudTrail's public keys valid at some time between `start` and `end`, every page. */
export async function fetchTrailPublicKeys(
  client: CloudTrailClient,
  start: Date,
  end: Date,
): Promise<TrailPublicKey[]> {
  const out: TrailPublicKey[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken: token }),
    );
    out.push(...trailPublicKeys({ PublicKeyList: page.PublicKeyList ?? [] }));
    token = page.NextToken;
  } while (token);
  return out;
}
