import { type CheckpointRunResult, checkpointDays } from '../../core/usecases/checkpoint';
import type { Composition, GlobalOptions } from '../composition';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';

/**
 * `evidence checkpoint`: signs the Merkle root of every closed UTC day not yet checkpointed, with the
 * Ed25519 key in `<data-dir>/keys` (the binder's key). Deployed, the checkpoint function does this
 * daily with the KMS key.
 */
export async function checkpointCommand(
  _opts: GlobalOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  const ctx = await app.open();
  try {
    const signer = app.localKey.signer();
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
