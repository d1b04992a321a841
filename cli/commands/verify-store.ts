import { readFileSync } from 'node:fs';
import { UsageError } from '../../core/ports/errors';
import { verifyStore } from '../../core/usecases/verify-store';
import type { Composition, GlobalOptions, LocalKey } from '../composition';
import { EXIT } from '../exit-codes';
import { formatVerify } from '../format';
import type { Output } from '../output';

export interface VerifyStoreCommandOptions extends GlobalOptions {
  /** the public key (PEM) that signs the daily checkpoints */
  key?: string;
}

/**
 * The trusted key that checks the signed tree heads and daily checkpoints: --key, else the public half
 * of the local signing key (kept apart from the data directory); none when neither exists. Never a key
 * found in the data directory: whoever can write it could have put their own there.
 */
function checkpointKey(opts: VerifyStoreCommandOptions, localKey: LocalKey): string | undefined {
  if (opts.key) {
    try {
      return readFileSync(opts.key, 'utf8');
    } catch (error) {
      throw new UsageError(`--key cannot be read: ${(error as Error).message}`);
    }
  }
  return localKey.publicKeyFilePem();
}

export async function verifyStoreCommand(
  opts: VerifyStoreCommandOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  const key = checkpointKey(opts, app.localKey);
  const ctx = await app.open({ existing: true });
  try {
    const report = await verifyStore(ctx.store, {
      ...(key === undefined ? {} : { checkpointPublicKeyPem: key }),
      log: ctx.store,
      anchors: ctx.anchors,
    });
    out.result(report, () => formatVerify(report));
    return report.ok ? EXIT.ok : EXIT.integrity;
  } finally {
    await ctx.close();
  }
}
