/**
 * A CloudTrail archive built and signed the way CloudTrail builds and signs one, with an RSA key the
 * test generates: hourly digests chained by their signatures, each listing one log file.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  type DigestInput,
  digestSigningString,
  type LogFileInput,
  type TrailPublicKey,
} from '../../core/domain/cloudtrail-digest';

export const BUCKET = 'org-trail-archive';
export const ACCOUNT = '111122223333';
export const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function keyPair(): { privateKey: KeyObject; publicKey: TrailPublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'pkcs1' });
  return {
    privateKey,
    publicKey: {
      // the test's own fingerprint; CloudTrail's comes with the key from ListPublicKeys
      fingerprint: createHash('md5').update(der).digest('hex'),
      value: der,
      validityStartTime: new Date('2026-01-01T00:00:00Z'),
      validityEndTime: new Date('2027-01-01T00:00:00Z'),
    },
  };
}

export const logKey = (hour: number) =>
  `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/10/05/${ACCOUNT}_CloudTrail_us-east-1_20261005T${String(hour).padStart(2, '0')}05Z_a1b2.json.gz`;
export const digestKey = (hour: number) =>
  `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2026/10/05/${ACCOUNT}_CloudTrail-Digest_us-east-1_trail_us-east-1_20261005T${String(hour).padStart(2, '0')}3000Z.json.gz`;
export const logContent = (hour: number) =>
  Buffer.from(JSON.stringify({ Records: [{ eventID: `e-${hour}` }] }));

/**
 * An archive of `hours` hourly digests, each listing one log file, chained and signed the way CloudTrail
 * signs them, with the signature kept beside each digest as S3 metadata would hold it.
 */
export function archive(hours: number, signer = keyPair(), logOf: (hour: number) => Buffer = logContent) {
  const digests: DigestInput[] = [];
  let previous: { key: string; signature: string } | undefined;
  for (let h = 1; h <= hours; h++) {
    const endTime = `2026-10-05T${String(h).padStart(2, '0')}:30:00Z`;
    const body = {
      awsAccountId: ACCOUNT,
      digestStartTime: `2026-10-05T${String(h - 1).padStart(2, '0')}:30:00Z`,
      digestEndTime: endTime,
      digestS3Bucket: BUCKET,
      digestS3Object: digestKey(h),
      digestPublicKeyFingerprint: signer.publicKey.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      previousDigestS3Bucket: previous ? BUCKET : null,
      previousDigestS3Object: previous?.key ?? null,
      previousDigestHashAlgorithm: 'SHA-256',
      previousDigestSignature: previous?.signature ?? null,
      logFiles: [
        { s3Bucket: BUCKET, s3Object: logKey(h), hashValue: sha(logOf(h)), hashAlgorithm: 'SHA-256' },
      ],
    };
    const content = Buffer.from(JSON.stringify(body));
    const toSign = digestSigningString({
      endTime,
      path: `${BUCKET}/${digestKey(h)}`,
      content,
      ...(previous ? { previousSignature: previous.signature } : {}),
    });
    const signature = sign('sha256', Buffer.from(toSign), signer.privateKey).toString('hex');
    digests.push({ key: digestKey(h), content, signature });
    previous = { key: digestKey(h), signature };
  }
  const logs: LogFileInput[] = Array.from({ length: hours }, (_, i) => ({
    key: logKey(i + 1),
    sha256: sha(logOf(i + 1)),
  }));
  return { digests, logs, keys: [signer.publicKey] };
}

/** The keys as `aws cloudtrail list-public-keys` prints them (base64 values, ISO times), for a file. */
export function listPublicKeysOutput(keys: readonly TrailPublicKey[]): string {
  return JSON.stringify({
    PublicKeyList: keys.map((k) => ({
      Value: Buffer.from(k.value).toString('base64'),
      ValidityStartTime: k.validityStartTime.toISOString(),
      ValidityEndTime: k.validityEndTime.toISOString(),
      Fingerprint: k.fingerprint,
    })),
  });
}
