import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEd25519Signer } from '../../../core/adapters/local-signer';
import { CHECKPOINTS_PATH, PUBLIC_KEY_PATH, SIGNATURE_PATH } from '../../../core/domain/binder/layout';
import type { BinderExportResult } from '../../../core/usecases/export-binder/export-binder';
import { normaliseFingerprint, parseTrustList, type TrustSource } from '../../../core/verify/trust';
import { readBinderFile, verifyBinder } from '../../../core/verify/verify-binder';
import type { EvidenceRecord } from '../../../evidence-schemas';
import { tempSigner } from '../../helpers/checkpoints';
import {
  anchoredBinder,
  editReport,
  forgeRecord,
  rewrittenBinder,
  stripIntegrity,
} from '../../helpers/trust-binder';

const byFingerprint = (fp: string): TrustSource[] => [
  { by: 'fingerprint', fingerprints: [fp], required: true },
];

describe('verify: a binder is trusted by a key from outside it, not by its own contents', () => {
  let work: string;
  let signer: LocalEd25519Signer;
  let attacker: LocalEd25519Signer;
  let binder: BinderExportResult;
  let target: EvidenceRecord;
  let close: () => Promise<void>;
  let genuineFp: string;
  let genuinePem: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'verify-trust-'));
    signer = tempSigner();
    attacker = tempSigner();
    ({ binder, target, close } = await anchoredBinder(signer, work));
    genuineFp = binder.publicKeyFingerprint!;
    genuinePem = await signer.publicKeyPem();
  });
  afterAll(async () => {
    await close();
    rmSync(work, { recursive: true, force: true });
  });

  it('trusts the genuine binder by its fingerprint, by key and by a listed key, with its checkpoints', async () => {
    for (const [options, by] of [
      [{ trust: byFingerprint(genuineFp) }, 'fingerprint'],
      [{ trustedPublicKeyPem: genuinePem }, 'key'],
      [
        { trust: [{ by: 'trust-list', fingerprints: [genuineFp], required: false }] as TrustSource[] },
        'trust-list',
      ],
      [
        { trust: [{ by: 'own-key', fingerprints: [genuineFp], required: false }] as TrustSource[] },
        'own-key',
      ],
    ] as const) {
      const report = await verifyBinder(binder.zipPath, options);
      expect(report.problems).toEqual([]);
      expect(report.trust).toEqual({
        status: 'trusted',
        by,
        fingerprint: genuineFp,
        checkpointFingerprint: genuineFp,
      });
      expect(report.anchors.checkpoints).toBe(2);
    }
  });

  it('prints the signing key fingerprint whole, in groups of 8, in index.html', async () => {
    const html = (await readBinderFile(binder.zipPath, 'index.html'))!.toString('utf8');
    expect(html).toContain(genuineFp.match(/.{8}/g)!.join(' '));
    expect(html).toContain('BinderSigningKeyArn');
  });

  it('leaves an intact binder untrusted when no key from outside vouches for it', async () => {
    const report = await verifyBinder(binder.zipPath, {
      trust: [{ by: 'trust-list', fingerprints: ['0'.repeat(64)], required: false }],
    });
    expect(report.ok).toBe(true);
    expect(report.signature).toBe('valid');
    expect(report.trust).toEqual({ status: 'untrusted', fingerprint: genuineFp });
  });

  it('attack 4: a binder re-signed with another key and its public key swapped fails against the trusted fingerprint, and without a trusted key exits 6, never 0', async () => {
    const resigned = await rewrittenBinder(binder.zipPath, editReport, attacker);
    const attackerFp = (await verifyBinder(resigned)).publicKeyFingerprint;
    // every hash and the signature check out against the shipped key: intact, but not trusted
    const plain = await verifyBinder(resigned);
    expect(plain.problems).toEqual([]);
    expect(plain.signature).toBe('valid');
    expect(plain.trust.status).toBe('untrusted');
    expect(plain.trust.fingerprint).not.toBe(genuineFp);

    const trusted = await verifyBinder(resigned, { trust: byFingerprint(genuineFp) });
    expect(trusted.ok).toBe(false);
    expect(trusted.trust.status).toBe('mismatch');
    expect(trusted.problems).toContain(
      `${PUBLIC_KEY_PATH} (SHA-256 ${attackerFp}) is not a trusted key: it matches no fingerprint given with --fingerprint`,
    );
    const byKey = await verifyBinder(resigned, { trustedPublicKeyPem: genuinePem });
    expect(byKey.ok).toBe(false);
    expect(byKey.problems).toContain(`${SIGNATURE_PATH}: the signature of the root hash does not verify`);
  });

  it('attack 4: a binder with manifest.sig and the key removed fails when a trusted key is given', async () => {
    const unsigned = await rewrittenBinder(binder.zipPath, editReport, undefined);
    const plain = await verifyBinder(unsigned);
    expect(plain.problems).toEqual([]);
    expect(plain.trust).toEqual({ status: 'unsigned' });

    const byFp = await verifyBinder(unsigned, { trust: byFingerprint(genuineFp) });
    expect(byFp.ok).toBe(false);
    expect(byFp.trust.status).toBe('mismatch');
    expect(byFp.problems).toEqual(
      expect.arrayContaining([
        `${PUBLIC_KEY_PATH} is missing: the binder's key cannot be matched to the trusted fingerprint`,
        `${SIGNATURE_PATH} is missing (a signature by the trusted key is required)`,
      ]),
    );
    const byKey = await verifyBinder(unsigned, { trustedPublicKeyPem: genuinePem });
    expect(byKey.ok).toBe(false);
    expect(byKey.problems).toContain(
      `${SIGNATURE_PATH} is missing (a signature by the trusted key is required)`,
    );
  });

  it('attack 4: a binder with integrity/ stripped and a record forged consistently fails with the trusted key', async () => {
    // an insider who can also use the signing key: the manifest is re-signed with the genuine key
    const stripped = await rewrittenBinder(
      binder.zipPath,
      (files) => {
        stripIntegrity(files);
        forgeRecord(files, target);
      },
      signer,
    );
    const plain = await verifyBinder(stripped);
    expect(plain.problems).toEqual([]);
    for (const options of [
      { trust: byFingerprint(genuineFp) },
      { trustedPublicKeyPem: genuinePem },
      { trustedCheckpointKeyPem: genuinePem },
    ]) {
      const report = await verifyBinder(stripped, options);
      expect(report.ok).toBe(false);
      expect(report.problems).toContain(
        'integrity/ is missing: the records are not anchored in signed daily checkpoints (required when verifying against a trusted key)',
      );
    }
  });

  it('names missing checkpoints when a trusted key is given', async () => {
    const dir = await rewrittenBinder(binder.zipPath, (files) => files.delete(CHECKPOINTS_PATH), signer);
    const report = await verifyBinder(dir, { trust: byFingerprint(genuineFp) });
    expect(report.ok).toBe(false);
    expect(report.problems).toContain(
      `${CHECKPOINTS_PATH} is missing: the signed daily checkpoints (required when verifying against a trusted key)`,
    );
  });

  it('checks the checkpoints against the trusted key, not against a checkpoint key swapped in', async () => {
    const dir = await rewrittenBinder(
      binder.zipPath,
      (files) =>
        files.set(
          'integrity/checkpoint-key.pem',
          Buffer.from(readFileSync(attacker.keyPath.replace(/\.pem$/, '.pub.pem'))),
        ),
      signer,
    );
    const report = await verifyBinder(dir, { trust: byFingerprint(genuineFp) });
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.startsWith('integrity/checkpoint-key.pem (SHA-256 '))).toBe(true);
  });
});

describe('fingerprints as people copy them', () => {
  const fp = 'ab'.repeat(32);
  it('normalises upper case, colons and spaces, and refuses what is not a SHA-256', () => {
    expect(normaliseFingerprint(fp.toUpperCase())).toBe(fp);
    expect(normaliseFingerprint(fp.match(/../g)!.join(':'))).toBe(fp);
    expect(normaliseFingerprint(fp.match(/.{8}/g)!.join(' '))).toBe(fp);
    expect(normaliseFingerprint(fp.slice(1))).toBeUndefined();
    expect(normaliseFingerprint(`${fp.slice(1)}g`)).toBeUndefined();
  });
  it('reads a trust list: one per line, # comments, blank lines; names the bad lines', () => {
    expect(
      parseTrustList(`# security officer, 2026\n${fp.toUpperCase()}  # deployed\n\nnot-a-key\n`),
    ).toEqual({
      fingerprints: [fp],
      bad: [4],
    });
  });
});
