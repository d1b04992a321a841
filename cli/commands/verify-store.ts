import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_PUBLIC_KEY_FILE } from '../../core/adapters/local-signer';
import { UsageError } from '../../core/ports/errors';
import { verifyStore } from '../../core/usecases/verify-store';
import { type GlobalOptions, openContext } from '../context';
import { EXIT } from '../exit-codes';
import { formatVerify } from '../format';
import type { Output } from '../output';

export interface VerifyStoreCommandOptions extends GlobalOptions {
  /** the public key (PEM) that signs the daily checkpoints */
  key?: string;
}

/**
 * The key that checks the daily checkpoints: --key, else the local key's public half in
 * `<data-dir>/keys` (which `evidence checkpoint` signs with); none when neither exists.
 */
function checkpointKey(opts: VerifyStoreCommandOptions): string | undefined {
  if (opts.key) {
    try {
      return readFileSync(opts.key, 'utf8');
    } catch (error) {
      throw new UsageError(`--key cannot be read: ${(error as Error).message}`);
    }
  }
  const local = join(opts.dataDir, 'keys', LOCAL_PUBLIC_KEY_FILE);
  return existsSync(local) ? readFileSync(local, 'utf8') : undefined;
}

export async function verifyStoreCommand(opts: VerifyStoreCommandOptions, out: Output): Promise<number> {
  const key = checkpointKey(opts);
  const ctx = await openContext(opts);
  try {
    const report = await verifyStore(ctx.store, key === undefined ? {} : { checkpointPublicKeyPem: key });
    out.result(report, () => formatVerify(report));
    return report.ok ? EXIT.ok : EXIT.integrity;
  } finally {
    await ctx.close();
  }
}
