import { type CheckpointRunResult, checkpointDays } from '../../core/usecases/checkpoint';
import type { SignTreeHeadResult } from '../../core/usecases/tree-heads';
import type { Composition, GlobalOptions } from '../composition';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';

/**
 * `evidence checkpoint`: signs a tree head over everything new in the evidence log and the Merkle root
 * of every closed UTC day not yet checkpointed, with the local signing key, and anchors both outside
 * the data directory. Deployed, the checkpoint function does this every 15 minutes with the KMS key.
 * A problem (the table and the anchors disagree) is reported and nothing is signed past it: exit 4.
 */
export async function checkpointCommand(
  _opts: GlobalOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  const ctx = await app.open();
  try {
    const signer = app.localKey.signer();
    const days = await checkpointDays(ctx.store, signer, undefined, { anchors: ctx.anchors });
    const head = await ctx.sealLog();
    const result = { ...days, treeHead: head ?? null };
    out.result(result, () => formatCheckpoints(days, head));
    return head && head.problems.length > 0 ? EXIT.integrity : EXIT.ok;
  } finally {
    await ctx.close();
  }
}

function formatCheckpoints(r: CheckpointRunResult, head: SignTreeHeadResult | undefined): string {
  const lines: string[] = [];
  if (head?.signed)
    lines.push(
      `Tree head ${head.signed.sequence} signed: ${head.signed.treeSize} entries up to ${head.signed.upTo} (${head.appended} new).`,
    );
  for (const p of head?.problems ?? []) lines.push(`PROBLEM: ${p}`);
  if (r.restored.length > 0) lines.push(`${r.restored.length} checkpoint(s) restored from their anchors.`);
  if (r.lastClosedDay === undefined) return [...lines, 'No records yet: no day to checkpoint.'].join('\n');
  lines.push(
    `${r.created.length} checkpoint(s) written, ${r.total} in all; days up to ${r.lastClosedDay} are anchored (today is checkpointed after it ends).`,
  );
  for (const c of r.created)
    lines.push(`  ${c.day}  ${String(c.treeSize).padStart(7)} records  root ${c.rootHash}`);
  return lines.join('\n');
}
