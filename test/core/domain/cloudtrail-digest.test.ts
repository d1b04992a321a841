import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestSigningString, validateArchive } from '../../../core/domain/cloudtrail-digest';
import { archive, BUCKET, digestKey, keyPair, logKey, sha } from '../../helpers/trail-archive';

describe('CloudTrail digest validation', () => {
  it('validates every log file of an intact, signed chain', () => {
    const a = archive(3);
    const v = validateArchive(a.digests, a.logs, a.keys);
    expect(v.validDigests).toBe(3);
    expect(v.findings).toEqual([]);
    expect([...v.logs.values()].every((p) => p.status === 'digest-validated')).toBe(true);
  });

  it('reads older signatures from the chain when the copy on disk lost the S3 metadata', () => {
    const a = archive(3);
    const onDisk = a.digests.map(({ signature: _, ...d }) => d);
    const v = validateArchive(onDisk, a.logs, a.keys);
    // hours 1 and 2 are vouched for by the signatures their successors carry; the newest has none
    expect(v.validDigests).toBe(2);
    expect(v.logs.get(logKey(1))?.status).toBe('digest-validated');
    expect(v.logs.get(logKey(3))).toEqual({
      status: 'not-validated',
      reason: 'not listed in any digest that verifies',
    });
    expect(v.findings.join('\n')).toContain('no signature');
  });

  it('flags a log file whose content was changed after delivery', () => {
    const a = archive(2);
    const logs = a.logs.map((l, i) => (i === 0 ? { ...l, sha256: sha('{"Records":[]}') } : l));
    const v = validateArchive(a.digests, logs, a.keys);
    expect(v.logs.get(logKey(1))?.status).toBe('tampered');
    expect(v.logs.get(logKey(2))?.status).toBe('digest-validated');
  });

  it('rejects a digest rewritten by someone without CloudTrail’s key', () => {
    const a = archive(2);
    const forger = keyPair();
    // the attacker edits digest 2 to list a doctored log file and re-signs it with a key of their own
    const body = JSON.parse(a.digests[1]!.content.toString());
    body.logFiles[0].hashValue = sha('doctored');
    const content = Buffer.from(JSON.stringify(body));
    const toSign = digestSigningString({
      endTime: body.digestEndTime,
      path: `${BUCKET}/${digestKey(2)}`,
      content,
      previousSignature: body.previousDigestSignature,
    });
    const forged = {
      ...a.digests[1]!,
      content,
      signature: sign('sha256', Buffer.from(toSign), forger.privateKey).toString('hex'),
    };
    const logs = a.logs.map((l, i) => (i === 1 ? { ...l, sha256: sha('doctored') } : l));
    const v = validateArchive([a.digests[0]!, forged], logs, a.keys);
    expect(v.validDigests).toBe(1);
    expect(v.findings.join('\n')).toContain('signature does not verify');
    expect(v.logs.get(logKey(2))?.status).toBe('not-validated');
  });

  it('reports a deleted digest as a chain gap and a deleted log file as missing', () => {
    const a = archive(3);
    const v = validateArchive([a.digests[0]!, a.digests[2]!], [a.logs[0]!, a.logs[2]!].slice(0, 1), a.keys);
    expect(v.findings.some((f) => f.startsWith('chain gap:') && f.includes(digestKey(2)))).toBe(true);
    expect(v.findings.some((f) => f.includes(`log file ${logKey(3)}`) && f.includes('missing'))).toBe(true);
  });

  it('refuses a key outside its validity window', () => {
    const a = archive(1);
    const expired = a.keys.map((k) => ({ ...k, validityEndTime: new Date('2026-06-01T00:00:00Z') }));
    const v = validateArchive(a.digests, a.logs, expired);
    expect(v.validDigests).toBe(0);
    expect(v.findings[0]).toContain('no CloudTrail public key');
  });

  it('names a digest found somewhere other than where it says CloudTrail put it', () => {
    const a = archive(1);
    const moved = [{ ...a.digests[0]!, key: 'elsewhere/digest.json' }];
    const v = validateArchive(moved, a.logs, a.keys);
    // the content is still CloudTrail's (the signature covers the declared location), but the move is said
    expect(v.validDigests).toBe(1);
    expect(v.findings[0]).toBe(
      `digest found at elsewhere/digest.json declares itself ${BUCKET}/${digestKey(1)}`,
    );
  });
});
