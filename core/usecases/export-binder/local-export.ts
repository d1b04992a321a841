/**
 * A binder exported by a process that also keeps its store's daily checkpoints with a local key (the
 * CLI on the embedded store). The binder proves its records against those checkpoints, so:
 * - signed, every closed day not yet checkpointed is checkpointed first, with the binder's signer (the
 *   key that signs the checkpoints locally); today is never checkpointed: its records are "not yet
 *   anchored" in the binder;
 * - unsigned, the binder still carries the checkpoints, so it needs their public key: the local key's,
 *   when one exists (never made here).
 * A deployed table's checkpoints are signed daily by the KMS key and a local key must never write into
 * that chain: without `checkpoints` this is exportBinderTo and nothing else.
 */

import type { AnchorStore } from '../../ports/anchor-store';
import type { BinderTarget } from '../../ports/binder-target';
import type { EvidenceStore } from '../../ports/evidence-store';
import { checkpointDays } from '../checkpoint';
import { exportBinderTo } from './export-binder';
import type { BinderExportDeps, BinderExportSummary, BinderRequest } from './types';

/** The daily checkpoints of the store the binder is read from, kept by this process. */
export interface LocalCheckpoints {
  store: EvidenceStore;
  /** where the checkpoints are anchored (outside the data directory) */
  anchors?: AnchorStore;
  /** the public key (SPKI PEM) of the local checkpoint key when it exists; never creates one */
  existingKeyPem(): Promise<string | undefined>;
}

export interface LocalExportDeps extends BinderExportDeps {
  /** present only when this process keeps the store's daily checkpoints (the embedded store) */
  checkpoints?: LocalCheckpoints;
}

/** Anchors the closed days (signed export) or finds the checkpoints' key (unsigned), then exports. */
export async function exportBinderLocally<Location>(
  target: BinderTarget<Location>,
  request: BinderRequest,
  deps: LocalExportDeps,
): Promise<Location & BinderExportSummary> {
  const { checkpoints, ...exportDeps } = deps;
  if (checkpoints && exportDeps.signer)
    await checkpointDays(checkpoints.store, exportDeps.signer, exportDeps.now, {
      ...(checkpoints.anchors ? { anchors: checkpoints.anchors } : {}),
    });
  const checkpointKey =
    checkpoints && !exportDeps.signer && exportDeps.checkpointPublicKeyPem === undefined
      ? await checkpoints.existingKeyPem()
      : undefined;
  return exportBinderTo(target, request, {
    ...exportDeps,
    ...(checkpointKey ? { checkpointPublicKeyPem: checkpointKey } : {}),
  });
}
