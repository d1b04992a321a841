/**
 * CloudTrail log file integrity validation, as `aws cloudtrail validate-logs` does it, so that a
 * CloudTrail archive imported from S3 carries AWS's own proof (or its absence) into the evidence.
 *
 * CloudTrail delivers, every hour and per trail and region, a digest file listing the log files it
 * delivered with the SHA-256 of each (uncompressed), the previous digest's signature, and the
 * fingerprint of the key it signed with. The digest's own signature (RSA, SHA-256, hex) is the digest
 * object's `x-amz-meta-signature` metadata, over the string
 * `digestEndTime \n bucket/key \n hex(SHA-256(uncompressed digest)) \n previousDigestSignature`.
 * The public keys come from CloudTrail's ListPublicKeys (DER, PKCS#1, with a validity window).
 *
 * A digest whose signature verifies under AWS's key is authentic wherever the signature was read
 * from: the object's metadata, or the next digest's `previousDigestSignature` (a copy of an archive on
 * disk keeps no S3 metadata, so there only the newest digest of each chain lacks one). Who can defeat
 * this: only the holder of CloudTrail's private key. An archive writer can delete digests or log
 * files; deletions show as gaps in the chain and as listed log files missing.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * A digest file as read: its key (under AWSLogs/, as in the bucket or a copy of it on disk), its
 * uncompressed bytes, and its signature when known.
 */
export interface DigestInput {
  key: string;
  /** the uncompressed digest JSON */
  content: Buffer;
  /** hex, from the object's x-amz-meta-signature metadata; absent in a copy on disk */
  signature?: string;
}

/** A CloudTrail public key as ListPublicKeys returns it. */
export interface TrailPublicKey {
  fingerprint: string;
  /** DER-encoded PKCS#1 RSAPublicKey */
  value: Uint8Array;
  validityStartTime: Date;
  validityEndTime: Date;
}

/** A log file of the archive: its key and the SHA-256 (hex) of its uncompressed content. */
export interface LogFileInput {
  key: string;
  sha256: string;
}

/** What the validation says of one log file. */
export type LogProvenance =
  | { status: 'digest-validated'; digest: string }
  | { status: 'not-validated'; reason: string }
  | { status: 'tampered'; reason: string };

/** The outcome for the archive: each log file's provenance, and what is wrong with the chain. */
export interface ArchiveValidation {
  logs: Map<string, LogProvenance>;
  /** digests that verified */
  validDigests: number;
  /** findings an investigator must read: bad signatures, chain gaps, listed log files missing */
  findings: string[];
}

interface Digest {
  input: DigestInput;
  /** bucket/key as the digest declares it: what CloudTrail signed */
  path: string;
  endTime: string;
  previousPath?: string;
  previousSignature?: string;
  fingerprint: string;
  logFiles: { key: string; sha256: string }[];
}

/**
 * A key from `AWSLogs/` on: the part a copy of the bucket on disk keeps whatever the bucket's name and
 * the trail's optional prefix, so archive files are matched by it.
 */
export function archiveKey(key: string): string {
  const at = key.indexOf('AWSLogs/');
  return at >= 0 ? key.slice(at) : key;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function parseDigest(input: DigestInput): Digest {
  const path = input.key;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(input.content.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`digest ${path} is not JSON: ${(error as Error).message}`);
  }
  const endTime = str(json.digestEndTime);
  const fingerprint = str(json.digestPublicKeyFingerprint);
  const bucket = str(json.digestS3Bucket);
  const key = str(json.digestS3Object);
  if (!endTime || !fingerprint || !bucket || !key)
    throw new Error(`digest ${path} lacks digestEndTime, its S3 location or its key fingerprint`);
  const previousBucket = str(json.previousDigestS3Bucket);
  const previousKey = str(json.previousDigestS3Object);
  const previousSignature = str(json.previousDigestSignature);
  const logFiles = (Array.isArray(json.logFiles) ? json.logFiles : []).flatMap((f) => {
    const r = f as Record<string, unknown>;
    const logKey = str(r.s3Object);
    const sha256 = str(r.hashValue);
    return logKey && sha256 ? [{ key: archiveKey(logKey), sha256: sha256.toLowerCase() }] : [];
  });
  return {
    input,
    path: `${bucket}/${key}`,
    endTime,
    ...(previousBucket && previousKey ? { previousPath: `${previousBucket}/${previousKey}` } : {}),
    ...(previousSignature && previousSignature !== 'null' ? { previousSignature } : {}),
    fingerprint,
    logFiles,
  };
}

/** The string CloudTrail signs for a digest. */
export function digestSigningString(d: {
  endTime: string;
  path: string;
  content: Buffer;
  previousSignature?: string;
}): string {
  const hash = createHash('sha256').update(d.content).digest('hex');
  return `${d.endTime}\n${d.path}\n${hash}\n${d.previousSignature ?? 'null'}`;
}

function signatureVerifies(
  d: Digest,
  signature: string,
  keys: readonly TrailPublicKey[],
): string | undefined {
  const at = Date.parse(d.endTime);
  const key = keys.find(
    (k) =>
      k.fingerprint === d.fingerprint &&
      k.validityStartTime.getTime() <= at &&
      at <= k.validityEndTime.getTime(),
  );
  if (!key) return `no CloudTrail public key with fingerprint ${d.fingerprint} valid at ${d.endTime}`;
  const publicKey = createPublicKey({ key: Buffer.from(key.value), format: 'der', type: 'pkcs1' });
  const data = Buffer.from(
    digestSigningString({
      endTime: d.endTime,
      path: d.path,
      content: d.input.content,
      ...(d.previousSignature ? { previousSignature: d.previousSignature } : {}),
    }),
  );
  const ok =
    /^[0-9a-f]+$/i.test(signature) && verify('sha256', data, publicKey, Buffer.from(signature, 'hex'));
  return ok ? undefined : `digest ${d.path}: signature does not verify under CloudTrail's key`;
}

/**
 * Validates an archive's log files against its digests. Every log file gets a provenance: validated by
 * a digest whose signature verifies, tampered (its hash differs from the one a valid digest lists), or
 * not validated, with the reason.
 */
export function validateArchive(
  digestInputs: readonly DigestInput[],
  logFiles: readonly LogFileInput[],
  keys: readonly TrailPublicKey[],
): ArchiveValidation {
  const findings: string[] = [];
  const digests = digestInputs.map(parseDigest).sort((a, b) => a.endTime.localeCompare(b.endTime));
  for (const d of digests)
    if (archiveKey(d.path) !== archiveKey(d.input.key))
      findings.push(`digest found at ${d.input.key} declares itself ${d.path}`);
  const byPath = new Map(digests.map((d) => [d.path, d]));
  // a digest's signature, read from its metadata or from the digest that follows it
  const signatureOf = new Map<string, string>();
  for (const d of digests) if (d.input.signature) signatureOf.set(d.path, d.input.signature.toLowerCase());
  for (const d of digests) {
    if (!d.previousPath || !d.previousSignature) continue;
    if (!byPath.has(d.previousPath)) {
      findings.push(`chain gap: ${d.path} follows ${d.previousPath}, which is not in the archive`);
      continue;
    }
    const known = signatureOf.get(d.previousPath);
    if (known && known !== d.previousSignature.toLowerCase())
      findings.push(`chain break: ${d.path} names a different signature for ${d.previousPath}`);
    else signatureOf.set(d.previousPath, d.previousSignature.toLowerCase());
  }

  // log files by key: a copy on disk keeps the keys under AWSLogs/, not the bucket's name
  const listed = new Map<string, { sha256: string; digest: string }>();
  let validDigests = 0;
  for (const d of digests) {
    const signature = signatureOf.get(d.path);
    if (!signature) {
      findings.push(`digest ${d.path}: no signature (the newest digest's S3 metadata was not read)`);
      continue;
    }
    const problem = signatureVerifies(d, signature, keys);
    if (problem) {
      findings.push(problem);
      continue;
    }
    validDigests++;
    for (const f of d.logFiles) listed.set(f.key, { sha256: f.sha256, digest: d.path });
  }

  const logs = new Map<string, LogProvenance>();
  const present = new Set<string>();
  for (const f of logFiles) {
    const path = archiveKey(f.key);
    present.add(path);
    const entry = listed.get(path);
    if (!entry) logs.set(path, { status: 'not-validated', reason: 'not listed in any digest that verifies' });
    else if (entry.sha256 !== f.sha256.toLowerCase())
      logs.set(path, {
        status: 'tampered',
        reason: `SHA-256 differs from the one digest ${entry.digest} lists`,
      });
    else logs.set(path, { status: 'digest-validated', digest: entry.digest });
  }
  for (const [path, entry] of listed)
    if (!present.has(path)) findings.push(`log file ${path}, listed in ${entry.digest}, is missing`);
  return { logs, validDigests, findings };
}
