import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { unzip } from '../helpers/binder';
import { run } from '../helpers/run-cli';

describe('evidence binder and evidence verify', () => {
  let dir: string;
  let dataDir: string;
  let demo: {
    binder: { zip: string; pdf: string; rootHash: string; records: number; publicKeyFingerprint: string };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-binder-cli-'));
    // no trust list and no own key from the user running the tests
    vi.stubEnv('EVIDENCE_CONFIG_DIR', join(dir, 'config'));
    dataDir = join(dir, 'data');
    const res = await run('demo', '--data-dir', dataDir, '--json');
    expect(res.code).toBe(0);
    demo = JSON.parse(res.stdout);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });
  /** `evidence binder` of the demo's data dir for a period, written to `out` */
  const binder = (from: string, to: string, out: string, ...more: string[]) =>
    run('binder', '--data-dir', dataDir, '--from', from, '--to', to, '--out', out, ...more);

  it('the demo ends by writing the month’s binder into the data dir', () => {
    expect(demo.binder.zip).toBe(join(dataDir, 'binders', 'binder-2026-10-01-2026-10-31.zip'));
    expect(demo.binder.pdf).toBe(join(dataDir, 'binders', 'binder-2026-10-01-2026-10-31.pdf'));
    expect(statSync(demo.binder.zip).size).toBeGreaterThan(0);
    expect(demo.binder.records).toBeGreaterThan(15);
  });

  it('writes a signed binder for a period and prints paths, counts and the root hash', async () => {
    const out = join(dir, 'out');
    const res = await binder('2026-10-01', '2026-10-31', out, '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const result = JSON.parse(res.stdout);
    expect(result).toMatchObject({
      zip: join(out, 'binder-2026-10-01-2026-10-31.zip'),
      pdf: join(out, 'binder-2026-10-01-2026-10-31.pdf'),
      records: demo.binder.records,
      signed: true,
    });
    expect(result.rootHash).toMatch(/^[0-9a-f]{64}$/);
    // the signing key lives in the user's configuration directory, never in the data directory
    const keysDir = join(process.env.EVIDENCE_CONFIG_DIR!, 'keys');
    const key = statSync(join(keysDir, 'binder-signing-ed25519.pem'));
    expect(key.mode & 0o777).toBe(0o600);
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);

    // the user's own signing key is trusted on this machine
    const own = await run('verify', result.zip, '--json');
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout)).toMatchObject({ trust: { status: 'trusted', by: 'own-key' } });
    // elsewhere (an auditor's machine, no key of theirs): intact and signed, but only by the key it
    // ships, so not verified without a trusted key
    const home = process.env.EVIDENCE_CONFIG_DIR;
    process.env.EVIDENCE_CONFIG_DIR = join(dir, 'auditor-config');
    let verified: Awaited<ReturnType<typeof run>>;
    try {
      verified = await run('verify', result.zip, '--json');
    } finally {
      process.env.EVIDENCE_CONFIG_DIR = home;
    }
    expect(verified.code).toBe(6);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      ok: true,
      signature: 'valid',
      rootHash: result.rootHash,
      trust: { status: 'untrusted', fingerprint: result.publicKeyFingerprint },
    });
    const byFingerprint = await run(
      'verify',
      result.zip,
      '--fingerprint',
      result.publicKeyFingerprint,
      '--json',
    );
    expect(byFingerprint.code).toBe(0);
    expect(JSON.parse(byFingerprint.stdout)).toMatchObject({
      ok: true,
      signature: 'valid',
      rootHash: result.rootHash,
      trust: { status: 'trusted', by: 'fingerprint', fingerprint: result.publicKeyFingerprint },
    });

    const trusted = await run('verify', result.zip, '--key', join(keysDir, 'binder-signing-ed25519.pub.pem'));
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toMatch(/^OK: /);
  });

  it('counts, for a few days, the resources with records among those the binder holds, and one drift as one', async () => {
    // Act: three days of the demo month, most resources only carrying their posture in
    const res = await binder('2026-10-10', '2026-10-12', join(dir, 'days'));
    // Assert
    expect(res.code).toBe(0);
    expect(res.stdout.replace(/\s+/g, ' ')).toContain(
      '3 evidence records: 2 about 1 of the 19 resources, 1 on collection health and sign-offs; 1 drift (0 remediated)',
    );
  });

  it('holds the uploaded documents and sign-offs the demo’s own binder holds (no --account: every account)', async () => {
    const out = join(dir, 'out-documents');
    const res = await binder('2026-10-01', '2026-10-31', out);
    expect(res.code).toBe(0);
    const manual = (files: Map<string, Buffer>) =>
      [...files.keys()].filter((k) => k.startsWith('manual/')).sort();
    const demoFiles = await unzip(demo.binder.zip);
    const cliFiles = await unzip(join(out, 'binder-2026-10-01-2026-10-31.zip'));
    expect(manual(demoFiles)).toHaveLength(1);
    expect(manual(cliFiles)).toEqual(manual(demoFiles));
    const html = cliFiles.get('index.html')!.toString('utf8');
    expect(html).toContain('AWS Business Associate Addendum');
    expect(html).toContain('implemented (COMPLIANT)');
  });

  it('exits 4 naming the failure when a binder was altered', async () => {
    const zip = readFileSync(demo.binder.zip);
    const pdf = readFileSync(demo.binder.pdf);
    const at = zip.indexOf(pdf.subarray(0, 64)) + 2000;
    zip[at] = zip[at]! ^ 0x20;
    const altered = join(dir, 'altered.zip');
    writeFileSync(altered, zip);
    const res = await run('verify', altered);
    expect(res.code).toBe(4);
    // a trusted key does not make an altered binder pass
    const trusted = await run('verify', altered, '--fingerprint', demo.binder.publicKeyFingerprint);
    expect(trusted.code).toBe(4);
    expect(res.stdout).toMatch(/^FAILED: /);
    expect(res.stdout).toContain('binder-2026-10-01-2026-10-31.pdf: does not match the manifest');
  });

  it('writes an unsigned binder for one account with --no-sign', async () => {
    const res = await binder(
      '2026-10-10',
      '2026-10-20',
      join(dir, 'unsigned'),
      '--account',
      '111122223333',
      '--no-sign',
      '--json',
    );
    expect(res.code).toBe(0);
    const result = JSON.parse(res.stdout);
    expect(result.signed).toBe(false);
    const verified = await run('verify', result.zip, '--json');
    expect(JSON.parse(verified.stdout).problems).toEqual([]);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, signature: 'absent' });
    // intact, but nothing shows who made it: not verified
    expect(verified.code).toBe(6);
    expect(JSON.parse(verified.stdout).trust).toEqual({ status: 'unsigned' });
  });

  it('rejects bad periods and missing binders with exit code 2', async () => {
    expect((await run('binder', '--data-dir', dataDir, '--to', '2026-10-31')).code).toBe(2);
    expect(
      (await run('binder', '--data-dir', dataDir, '--from', '2026-02-30', '--to', '2026-10-31')).code,
    ).toBe(2);
    expect(
      (await run('binder', '--data-dir', dataDir, '--from', '2026-10-31', '--to', '2026-10-01')).code,
    ).toBe(2);
    expect(
      (
        await run(
          'binder',
          '--data-dir',
          dataDir,
          '--from',
          '2026-10-01',
          '--to',
          '2026-10-31',
          '--account',
          'abc',
        )
      ).code,
    ).toBe(2);
    expect((await run('verify', join(dir, 'no-such.zip'))).code).toBe(2);
  });
});
