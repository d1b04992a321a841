import { join } from 'node:path';
import { LocalEd25519Signer } from '../../core/adapters/local-signer';
import { type CheckpointRunResult, checkpointDays } from '../../core/usecases/checkpoint';
import { type GlobalOptions, openContext } from '../context';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';

/**
 * `evidence checkpoint`: signs the Merkle root of every closed UTC day not yet checkpointed, with the
 * Ed25519 key in `<data-dir>/keys` (the binder's key). Deployed, the checkpoint function does this
 * daily with the KMS key.
 */
export async function checkpointCommand(opts: GlobalOptions, out: Output): Promise<number> {
  const ctx = await openContext(opts);
  try {
    const signer = LocalEd25519Signer.open(join(opts.dataDir, 'keys'));
    const result = await checkpointDays(ctx.store, signer);
    out.result(result, () => formatCheckpoints(result));
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

function formatCheckpoints(r: CheckpointRunResult): string {
  if (r.lastClosedDay === undefined) return 'No records yet: nothing to checkpoint.';
  const lines = [
    `${r.created.length} checkpoint(s) written, ${r.total} in all; days up to ${r.lastClosedDay} are anchored (today is checkpointed after it ends).`,
  ];
  for (const c of r.created)
    lines.push(`  ${c.day}  ${String(c.treeSize).padStart(7)} records  root ${c.rootHash}`);
  return lines.join('\n');
}
