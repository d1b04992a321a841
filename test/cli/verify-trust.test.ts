import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalEd25519Signer } from '../../core/adapters/local-signer';
import type { BinderExportResult } from '../../core/usecases/export-binder/export-binder';
import { tempSigner } from '../helpers/checkpoints';
import { run } from '../helpers/run-cli';
import { unwrappedOutput } from '../helpers/text';
import { anchoredBinder, editReport, rewrittenBinder } from '../helpers/trust-binder';

unwrappedOutput();

describe('evidence verify: exit 0 only with a trusted key, 6 when only the binder vouches for itself', () => {
  let work: string;
  let config: string;
  let signer: LocalEd25519Signer;
  let binder: BinderExportResult;
  let close: () => Promise<void>;
  let fp: string;
  const publicKeyFile = () => signer.keyPath.replace(/\.pem$/, '.pub.pem');

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'verify-trust-cli-'));
    config = join(work, 'config');
    vi.stubEnv('EVIDENCE_CONFIG_DIR', config);
    signer = tempSigner();
    ({ binder, close } = await anchoredBinder(signer, work));
    fp = binder.publicKeyFingerprint!;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await close();
    rmSync(work, { recursive: true, force: true });
  });

  it('exits 6 for an intact binder without a trusted key, printing its key and how to verify', async () => {
    const res = await run('verify', binder.zipPath);
    expect(res.code).toBe(6);
    expect(res.stdout).toMatch(/^UNTRUSTED: /);
    expect(res.stdout).not.toMatch(/^OK/m);
    expect(res.stdout).toContain('its signature matches only the key shipped inside the binder');
    expect(res.stdout).toContain(`the binder's own key: SHA-256 ${fp}`);
    expect(res.stdout).toContain(`evidence verify ${binder.zipPath} --fingerprint <trusted fingerprint>`);
    expect(res.stdout).toContain('BinderSigningKeyArn');
    const json = JSON.parse((await run('verify', binder.zipPath, '--json')).stdout);
    expect(json.trust).toEqual({ status: 'untrusted', fingerprint: fp });
  });

  it('exits 0 with --key, with --fingerprint however it is written, and with --trust-list', async () => {
    const byKey = await run('verify', binder.zipPath, '--key', publicKeyFile());
    expect(byKey.code).toBe(0);
    expect(byKey.stdout).toMatch(/^OK: /);
    expect(byKey.stdout).toContain('signing key        trusted (by key)');
    const colons = fp.toUpperCase().match(/../g)!.join(':');
    expect((await run('verify', binder.zipPath, '--fingerprint', colons)).code).toBe(0);
    const list = join(work, 'list');
    writeFileSync(list, `# the organisation's binder key\n${fp}\n`);
    const byList = await run('verify', binder.zipPath, '--trust-list', list, '--json');
    expect(byList.code).toBe(0);
    expect(JSON.parse(byList.stdout).trust).toMatchObject({ status: 'trusted', by: 'trust-list' });
  });

  it('exits 0 with the configured trust list or the user’s own key, and 6 when they hold another key', async () => {
    mkdirSync(join(config, 'keys'), { recursive: true });
    writeFileSync(join(config, 'trusted-keys'), `${'0'.repeat(64)}\n`);
    expect((await run('verify', binder.zipPath)).code).toBe(6);
    writeFileSync(join(config, 'trusted-keys'), `${fp}\n`);
    const listed = await run('verify', binder.zipPath, '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).trust).toMatchObject({ status: 'trusted', by: 'trust-list' });
    rmSync(join(config, 'trusted-keys'));
    writeFileSync(join(config, 'keys', 'binder-signing-ed25519.pub.pem'), readFileSync(publicKeyFile()));
    const own = await run('verify', binder.zipPath, '--json');
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout).trust).toMatchObject({ status: 'trusted', by: 'own-key' });
    rmSync(join(config, 'keys'), { recursive: true });
  });

  it('attack 4: a re-signed binder with its key swapped exits 6 without a trusted key and 4 against it', async () => {
    const resigned = await rewrittenBinder(binder.zipPath, editReport, tempSigner());
    const plain = await run('verify', resigned);
    expect(plain.code).toBe(6);
    expect(plain.stdout).not.toContain(fp);
    const trusted = await run('verify', resigned, '--fingerprint', fp);
    expect(trusted.code).toBe(4);
    expect(trusted.stdout).toMatch(/^FAILED: /);
    expect(trusted.stdout).toContain(
      'is not a trusted key: it matches no fingerprint given with --fingerprint',
    );
    expect((await run('verify', resigned, '--key', publicKeyFile())).code).toBe(4);
  });

  it('refuses a fingerprint or trust list it cannot read with exit 2', async () => {
    expect((await run('verify', binder.zipPath, '--fingerprint', 'abc')).code).toBe(2);
    const list = join(work, 'bad-list');
    writeFileSync(list, 'not a fingerprint\n');
    expect((await run('verify', binder.zipPath, '--trust-list', list)).code).toBe(2);
    expect((await run('verify', binder.zipPath, '--key', list)).code).toBe(2);
  });
});
