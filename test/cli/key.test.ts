import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/run-cli';
import { unwrappedOutput } from '../helpers/text';

unwrappedOutput();

describe('evidence key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evidence-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the local signing key and the SHA-256 fingerprint of its SPKI DER, keeping the key out of the data directory', async () => {
    const dataDir = join(dir, 'data');
    const res = await run('key', '--data-dir', dataDir, '--json');
    expect(res.code).toBe(0);
    const key = JSON.parse(res.stdout);
    const expected = createPublicKey(key.publicKeyPem).export({ format: 'der', type: 'spki' });
    const { createHash } = await import('node:crypto');
    expect(key.fingerprint).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(key.privateKeyPath).toBe(
      join(process.env.EVIDENCE_CONFIG_DIR!, 'keys', 'binder-signing-ed25519.pem'),
    );
    expect(statSync(key.privateKeyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(key.privateKeyPath, 'utf8')).not.toBe('');
    expect(existsSync(dataDir)).toBe(false);

    const text = await run('key', '--data-dir', dataDir);
    expect(text.stdout).toContain(`SHA-256 fingerprint: ${key.fingerprint.match(/.{8}/g).join(' ')}`);
  });

  it('uses the key given by --signing-key', async () => {
    const path = join(dir, 'elsewhere', 'team.pem');
    const res = await run('key', '--signing-key', path, '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).privateKeyPath).toBe(path);
    expect(existsSync(join(dir, 'elsewhere', 'team.pub.pem'))).toBe(true);
  });
});
