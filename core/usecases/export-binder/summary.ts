import type { BinderModel } from '../../domain/binder/model';
import type { AnchorWriter } from './anchors';
import type { SealedZip } from './binder-zip';
import type { BinderExportSummary } from './types';

/** What an export (one, or the merge of a sharded one) tells about the binder it sealed. */
export function exportSummary(
  model: BinderModel,
  binder: { sealed: SealedZip; evidenceRootHash: string; pages: number; zipBytes: number; signed: boolean },
  anchors: AnchorWriter,
): BinderExportSummary {
  const { sealed } = binder;
  return {
    rootHash: sealed.rootHash,
    evidenceRootHash: binder.evidenceRootHash,
    files: sealed.files,
    records: model.counts.records,
    subjects: model.counts.subjects,
    drifts: model.counts.drifts,
    resolved: model.counts.resolved,
    uncommitted: model.counts.uncommitted,
    pages: binder.pages,
    zipBytes: binder.zipBytes,
    signed: binder.signed,
    ...(sealed.publicKeyFingerprint ? { publicKeyFingerprint: sealed.publicKeyFingerprint } : {}),
    anchors: {
      checkpoints: anchors.checkpointCount,
      anchored: anchors.anchored,
      unanchored: anchors.unanchored,
      mismatches: anchors.mismatches,
    },
    model,
  };
}
