/** The export use case's request, ports and result (exportBinder and its targets share them). */
import type { BinderModel } from '../../domain/binder/model';
import type { DocumentStore } from '../../ports/document-store';
import type { EvidenceReader } from '../../ports/evidence-reader';
import type { Signer } from '../../ports/signer';

export type BinderPhase = 'heads' | 'aggregate' | 'chains' | 'evidence' | 'documents' | 'finish';

export interface BinderProgress {
  phase: BinderPhase;
  done: number;
  /** known for the evidence phase (the read of the period counted the records) */
  total?: number;
}

/** What binder to make: the period, the accounts, and what its cover says. */
export interface BinderRequest {
  /** first instant of the period, ISO 8601 UTC */
  from: string;
  /** last instant of the period, ISO 8601 UTC (included) */
  to: string;
  /** only these accounts (12 digits); every account when absent or empty */
  accounts?: string[];
  title?: string;
  organisation?: string;
  generator: { name: string; version: string };
}

/** A binder written to a local folder. */
export interface BinderExportOptions extends BinderRequest {
  outDir: string;
}

/** The ports an export reads and signs through (the target, where it goes, is given apart). */
export interface BinderExportDeps {
  reader: EvidenceReader;
  /** signs the root hash; the binder is unsigned without one */
  signer?: Signer;
  /** where uploaded documents are: each one on file goes into the zip under manual/ */
  documents?: DocumentStore;
  /** the public key of the daily checkpoints (default: the signer's, the key that signs them locally) */
  checkpointPublicKeyPem?: string;
  now?: () => Date;
  onProgress?: (progress: BinderProgress) => void;
}

export interface BinderAnchorSummary {
  /** checkpoints carried */
  checkpoints: number;
  /** records with an inclusion proof */
  anchored: number;
  /** records of days without a checkpoint yet (today, or the checkpoint has not run) */
  unanchored: number;
  /** days whose stored records no longer add up to their signed checkpoint: the binder will not verify */
  mismatches: string[];
}

/** What any export tells about its binder, wherever it went. */
export interface BinderExportSummary {
  rootHash: string;
  /** root hash over the evidence files only: the one printed on the PDF cover */
  evidenceRootHash: string;
  /** files listed in the manifest */
  files: number;
  records: number;
  subjects: number;
  drifts: number;
  resolved: number;
  /** records of the period left out because they were not committed when the export began */
  uncommitted: number;
  pages: number;
  zipBytes: number;
  signed: boolean;
  /** SHA-256 of the public key (SPKI DER), when signed */
  publicKeyFingerprint?: string;
  /** how the records are anchored in the signed daily checkpoints */
  anchors: BinderAnchorSummary;
  model: BinderModel;
}

/** Where a binder written to a local folder is. */
export interface LocalBinderFiles {
  zipPath: string;
  pdfPath: string;
}

/** A binder written to a local folder. */
export type BinderExportResult = LocalBinderFiles & BinderExportSummary;
