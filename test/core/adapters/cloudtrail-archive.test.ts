import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fetchTrailPublicKeys,
  hashLogFile,
  isDigestFile,
  isTrailLogFile,
  readDigestFile,
  trailPublicKeys,
} from '../../../core/adapters/cloudtrail-archive';
import { validateArchive } from '../../../core/domain/cloudtrail-digest';
import { archive, logContent, logKey } from '../../helpers/trail-archive';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'trail-archive-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes the archive as `aws s3 sync` would copy it under a trail prefix: gzipped, no metadata. */
function writeArchive(a: ReturnType<typeof archive>, prefix = 'hipaa-trail'): string[] {
  const paths: string[] = [];
  const put = (key: string, bytes: Buffer) => {
    const path = join(root, prefix, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, gzipSync(bytes));
    paths.push(path);
  };
  for (const d of a.digests) put(d.key, d.content);
  a.logs.forEach((l, i) => {
    put(l.key, logContent(i + 1));
  });
  return paths;
}

describe('a CloudTrail archive on disk', () => {
  it('tells digest files from log files by where CloudTrail puts them', () => {
    const a = archive(1);
    const [digest, log] = writeArchive(a);
    expect(isDigestFile(digest!)).toBe(true);
    expect(isTrailLogFile(digest!)).toBe(false);
    expect(isTrailLogFile(log!)).toBe(true);
    expect(isDigestFile(log!)).toBe(false);
    expect(isTrailLogFile(join(root, 'events.json'))).toBe(false);
  });

  it('validates the copied log files through the chain of digests', async () => {
    const a = archive(3);
    const paths = writeArchive(a);
    const digests = paths.filter(isDigestFile).map(readDigestFile);
    const logs = await Promise.all(paths.filter(isTrailLogFile).map(hashLogFile));
    const v = validateArchive(digests, logs, a.keys);
    // a copy keeps no S3 metadata: the newest digest has no signature, the two before it verify
    expect(v.validDigests).toBe(2);
    expect(v.logs.get(logKey(1))?.status).toBe('digest-validated');
    expect(v.logs.get(logKey(2))?.status).toBe('digest-validated');
    expect(v.logs.get(logKey(3))?.status).toBe('not-validated');
  });

  it('finds a log file edited on disk', async () => {
    const a = archive(2);
    const paths = writeArchive(a);
    const edited = paths.find((p) => p.endsWith(logKey(1)))!;
    writeFileSync(edited, gzipSync(Buffer.from('{"Records":[]}')));
    const digests = paths.filter(isDigestFile).map(readDigestFile);
    const logs = await Promise.all(paths.filter(isTrailLogFile).map(hashLogFile));
    const v = validateArchive(digests, logs, a.keys);
    expect(v.logs.get(logKey(1))?.status).toBe('tampered');
  });
});

describe('CloudTrail public keys', () => {
  it('reads the output of `aws cloudtrail list-public-keys` saved to a file', () => {
    const a = archive(1);
    const key = a.keys[0]!;
    const saved = JSON.parse(
      JSON.stringify({
        PublicKeyList: [
          {
            Value: Buffer.from(key.value).toString('base64'),
            ValidityStartTime: key.validityStartTime.getTime() / 1000,
            ValidityEndTime: key.validityEndTime.toISOString(),
            Fingerprint: key.fingerprint,
          },
        ],
      }),
    );
    const keys = trailPublicKeys(saved);
    expect(keys[0]?.validityStartTime.toISOString()).toBe(key.validityStartTime.toISOString());
    const v = validateArchive(a.digests, a.logs, keys);
    expect(v.validDigests).toBe(1);
  });

  it('names what a saved key lacks', () => {
    expect(() => trailPublicKeys({ PublicKeyList: [{ Fingerprint: 'ab' }] })).toThrow(
      'public key 1 lacks Value, Fingerprint or its validity times',
    );
    expect(() => trailPublicKeys({})).toThrow('no PublicKeyList');
  });

  it('pages through ListPublicKeys', async () => {
    const a = archive(1);
    const k = a.keys[0]!;
    const entry = {
      Value: Buffer.from(k.value),
      ValidityStartTime: k.validityStartTime,
      ValidityEndTime: k.validityEndTime,
      Fingerprint: k.fingerprint,
    };
    const mock = mockClient(CloudTrailClient);
    mock
      .on(ListPublicKeysCommand)
      .resolvesOnce({ PublicKeyList: [entry], NextToken: 'next' })
      .resolvesOnce({ PublicKeyList: [{ ...entry, Fingerprint: 'second' }] });
    const keys = await fetchTrailPublicKeys(
      new CloudTrailClient({ region: 'us-east-1' }),
      new Date('2026-10-01T00:00:00Z'),
      new Date('2026-10-31T00:00:00Z'),
    );
    expect(keys.map((x) => x.fingerprint)).toEqual([k.fingerprint, 'second']);
    expect(mock.commandCalls(ListPublicKeysCommand)[1]?.args[0].input.NextToken).toBe('next');
    mock.restore();
  });
});
