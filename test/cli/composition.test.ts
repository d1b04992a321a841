import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compose, DEFAULT_TABLE_NAME, setSweepClientFactory } from '../../cli/composition';
import { SWEEP_SERVICES } from '../../core/adapters/sweep';
import { UsageError } from '../../core/ports/errors';
import { run } from '../helpers/run-cli';

describe('the CLI composition root', () => {
  let dir: string;
  let dataDir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-compose-'));
    dataDir = join(dir, 'data');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds nothing until a command asks: composing touches no file', () => {
    const app = compose({ dataDir, table: DEFAULT_TABLE_NAME });

    expect(app.localKey.publicKeyFilePem()).toBeUndefined();
    expect(existsSync(dataDir)).toBe(false);
  });

  it('gives the binder the local checkpoints on the embedded store only when asked, and signs only when asked', async () => {
    const ctx = await compose({ dataDir, table: DEFAULT_TABLE_NAME }).open();
    try {
      const unsigned = ctx.binder({ sign: false, anchorClosedDays: true });
      expect(unsigned.signer).toBeUndefined();
      expect(unsigned.checkpoints?.store).toBe(ctx.store);
      // no key was made by an unsigned export, so there is none to find
      expect(await unsigned.checkpoints?.existingKeyPem()).toBeUndefined();
      expect(existsSync(join(dataDir, 'keys'))).toBe(false);

      const signed = ctx.binder({ sign: true });
      expect(signed.checkpoints).toBeUndefined();
      expect(await signed.signer?.publicKeyPem()).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(await ctx.binder({ sign: false, anchorClosedDays: true }).checkpoints?.existingKeyPem()).toBe(
        await signed.signer?.publicKeyPem(),
      );
      expect(ctx.documents({}).location).toBe(join(dataDir, 'blobs', 'sha256'));
      expect(ctx.documents({ documentsBucket: 'docs-bucket' }).location).toBe(
        's3://docs-bucket/documents/sha256/',
      );
    } finally {
      await ctx.close();
    }
  });

  it("names every service the sweep can read in sweep's help (main.ts lists them without loading them)", async () => {
    const help = (await run('sweep', '--help')).stdout.replace(/\s+/g, ' ');
    const listed = /only these services: ([a-z0-9, ]+)/
      .exec(help)?.[1]
      ?.split(', ')
      .map((s) => s.trim());
    expect(listed).toEqual([...SWEEP_SERVICES]);
  });

  it('checks the sweep services before it makes any AWS client', () => {
    let made = 0;
    const restore = setSweepClientFactory(() => {
      made++;
      throw new Error('no client expected');
    });
    try {
      const app = compose({ dataDir, table: DEFAULT_TABLE_NAME });
      expect(() => app.sweep({ services: ['logs,route53'] })).toThrow(UsageError);
      expect(() => app.sweep({ services: ['logs,route53'] })).toThrow(
        `--services: unknown service "route53" (one of ${SWEEP_SERVICES.join(', ')})`,
      );
      expect(made).toBe(0);
    } finally {
      restore();
    }
  });
});
