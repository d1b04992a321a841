/**
 * The CloudTrail archive part of `evidence ingest`: when the inputs hold CloudTrail log files
 * (AWSLogs/<account>/CloudTrail/...), each gets its provenance from the digest files beside them
 * (core/domain/cloudtrail-digest.ts), checked with CloudTrail's public keys from a saved
 * `aws cloudtrail list-public-keys` answer or, with `aws`, from the API itself.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  fetchTrailPublicKeys,
  hashLogFile,
  isTrailLogFile,
  readDigestFile,
  trailPublicKeys,
} from '../core/adapters/cloudtrail-archive';
import {
  archiveKey,
  type LogFileInput,
  type LogProvenance,
  type TrailPublicKey,
  validateArchive,
} from '../core/domain/cloudtrail-digest';
import { UsageError } from '../core/ports/errors';
import { append } from '../core/support/arrays';
import { mapLimit } from '../core/support/concurrency';
import type { Provenance } from '../evidence-schemas';
import { bytesOf } from './input';
import { isS3Url, readS3Digest } from './s3-inputs';

/** What the archive check found, for the command's output. */
export interface ArchiveSummary {
  digests: number;
  validDigests: number;
  logFiles: { validated: number; notValidated: number; tampered: number };
  /** chain gaps, bad signatures, listed log files missing */
  findings: string[];
}

export interface TrailArchive {
  summary: ArchiveSummary;
  /** the provenance of a log file of the inputs (undefined for other files) */
  provenanceOf(file: string): LogProvenance | undefined;
}

/** Where the public keys come from: a file of ListPublicKeys output, or `aws` for the API. */
export type KeySource = string | undefined;

let clientFactory = (): CloudTrailClient => new CloudTrailClient({});

/** Tests replace the CloudTrail client `--trail-public-keys aws` uses; returns the previous factory. */
export function setTrailClientFactory(make: () => CloudTrailClient): () => CloudTrailClient {
  const before = clientFactory;
  clientFactory = make;
  return before;
}

/** The digests' time span, for asking ListPublicKeys for the keys of that span only. */
function spanOf(contents: Buffer[]): { start: Date; end: Date } {
  const times = contents.flatMap((c) => {
    try {
      const d = JSON.parse(c.toString('utf8')) as { digestStartTime?: string; digestEndTime?: string };
      return [d.digestStartTime, d.digestEndTime].flatMap((t) =>
        t && !Number.isNaN(Date.parse(t)) ? [t] : [],
      );
    } catch {
      return [];
    }
  });
  times.sort();
  const now = new Date();
  return { start: new Date(times[0] ?? now), end: new Date(times.at(-1) ?? now) };
}

async function publicKeys(source: string, span: { start: Date; end: Date }): Promise<TrailPublicKey[]> {
  if (source === 'aws') return fetchTrailPublicKeys(clientFactory(), span.start, span.end);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--trail-public-keys: cannot read ${source} (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  try {
    return trailPublicKeys(JSON.parse(text));
  } catch (error) {
    throw new UsageError(
      `--trail-public-keys: ${source} is not the output of aws cloudtrail list-public-keys: ${(error as Error).message}`,
    );
  }
}

/** The SHA-256 of an S3 log object's uncompressed content, as ingest reads it (streamed, gunzipped). */
async function hashObject(url: string): Promise<LogFileInput> {
  const hash = createHash('sha256');
  for await (const bytes of bytesOf(url)) hash.update(bytes);
  return { key: archiveKey(url), sha256: hash.digest('hex') };
}

/**
 * The provenance of every CloudTrail log file among `files`, from the digest files among them; undefined
 * when the inputs hold neither log files of an archive nor digests (and no keys were given).
 */
export async function checkTrailArchive(
  digestFiles: string[],
  files: string[],
  keySource: KeySource,
): Promise<TrailArchive | undefined> {
  const logFiles = files.filter(isTrailLogFile);
  if (logFiles.length === 0 && digestFiles.length === 0) {
    if (keySource)
      throw new UsageError(
        '--trail-public-keys: the inputs hold no CloudTrail archive (AWSLogs/.../CloudTrail/)',
      );
    return undefined;
  }
  const summary: ArchiveSummary = {
    digests: digestFiles.length,
    validDigests: 0,
    logFiles: { validated: 0, notValidated: 0, tampered: 0 },
    findings: [],
  };
  let provenance = new Map<string, LogProvenance>();
  const unchecked = (reason: string): LogProvenance => ({ status: 'not-validated', reason });
  if (digestFiles.length === 0) {
    for (const f of logFiles) provenance.set(archiveKey(f), unchecked('no digest files among the inputs'));
  } else if (!keySource) {
    const reason = "digests not checked: CloudTrail's public keys not given (--trail-public-keys FILE|aws)";
    for (const f of logFiles) provenance.set(archiveKey(f), unchecked(reason));
    summary.findings.push(reason);
  } else {
    const digests = await mapLimit(digestFiles, 4, async (f) =>
      isS3Url(f) ? readS3Digest(f) : readDigestFile(f),
    );
    const keys = await publicKeys(keySource, spanOf(digests.map((d) => d.content)));
    const hashes = await mapLimit(logFiles, 4, (f) => (isS3Url(f) ? hashObject(f) : hashLogFile(f)));
    const result = validateArchive(digests, hashes, keys);
    provenance = result.logs;
    summary.validDigests = result.validDigests;
    append(summary.findings, result.findings);
  }
  for (const p of provenance.values()) {
    if (p.status === 'digest-validated') summary.logFiles.validated++;
    else if (p.status === 'tampered') summary.logFiles.tampered++;
    else summary.logFiles.notValidated++;
  }
  return {
    summary,
    provenanceOf: (file) =>
      isTrailLogFile(file) ? provenance.get(archiveKey(file.replace(/\\/g, '/'))) : undefined,
  };
}

/** The provenance a record of a log file carries (a tampered file's events are quarantined instead). */
export function recordProvenance(file: string, p: LogProvenance): Provenance | undefined {
  const key = archiveKey(file.replace(/\\/g, '/'));
  if (p.status === 'digest-validated') return { file: key, status: 'digest-validated', digest: p.digest };
  if (p.status === 'not-validated') return { file: key, status: 'not-validated', reason: p.reason };
  return undefined;
}
