/**
 * Where each file is in a binder (zip and folder alike). Pure. The writer (core/usecases/export-binder)
 * and the offline verifier (core/verify) both read the layout from here, so the verifier depends on no
 * exporter code and the two cannot disagree on a name.
 */
import { sha256Hex } from '../hashing';

export const MANIFEST_PATH = 'manifest.json';
export const SIGNATURE_PATH = 'manifest.sig';
export const PUBLIC_KEY_PATH = 'public-key.pem';
export const OSCAL_PATH = 'oscal/assessment-results.json';
export const HTML_PATH = 'index.html';
export const EVIDENCE_DIR = 'evidence';
/** The JSON file of the ePHI inventory. */
export const EPHI_INVENTORY_PATH = 'ephi-inventory.json';
/** Folder of the uploaded documents. */
export const MANUAL_DIR = 'manual';

/** Folder of the integrity anchors (see core/usecases/export-binder/anchors.ts). */
export const INTEGRITY_DIR = 'integrity';
/** The period and, per checkpointed day, the run of leaves it covers. */
export const ANCHORS_PATH = `${INTEGRITY_DIR}/anchors.json`;
/** The public key of the checkpoints. */
export const CHECKPOINT_KEY_PATH = `${INTEGRITY_DIR}/checkpoint-key.pem`;
/** The signed checkpoints, one per line, consecutive days. */
export const CHECKPOINTS_PATH = `${INTEGRITY_DIR}/checkpoints.jsonl`;
/** One inclusion proof per anchored evidence file, in evidence order. */
export const PROOFS_PATH = `${INTEGRITY_DIR}/proofs.jsonl`;

/** Files a binder may hold beside those its manifest lists. */
export const UNLISTED_PATHS: ReadonlySet<string> = new Set([MANIFEST_PATH, SIGNATURE_PATH, PUBLIC_KEY_PATH]);

/** `binder-<from>-<to>` for a period given as dates (YYYY-MM-DD) or times (the date part is used). */
export function binderBaseName(fromIso: string, toIso: string): string {
  return `binder-${fromIso.slice(0, 10)}-${toIso.slice(0, 10)}`;
}

/**
 * A directory name for a subject: its key with every character outside `[A-Za-z0-9._-]` turned into
 * `_`, cut to 80 characters, plus the first 8 hex digits of the key's SHA-256, so two keys that
 * differ only in replaced characters never share a directory.
 */
export function subjectDirName(subjectKey: string): string {
  const safe = subjectKey
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[.]+/, '_')
    .slice(0, 80);
  return `${safe}-${sha256Hex(subjectKey).slice(0, 8)}`;
}

/** Where a record goes in the binder: `evidence/<subject dir>/<sequence, 10 digits>-<evidenceId>.json`. */
export function evidencePath(subjectKey: string, sequence: number, evidenceId: string): string {
  return `${EVIDENCE_DIR}/${subjectDirName(subjectKey)}/${String(sequence).padStart(10, '0')}-${evidenceId}.json`;
}

/** Parses an evidence path back into its parts; undefined when it is not one. */
export function parseEvidencePath(
  path: string,
): { subjectDir: string; sequence: number; evidenceId: string } | undefined {
  const m = /^evidence\/([^/]+)\/(\d{10})-(ev_[0-9a-f]{32})\.json$/.exec(path);
  if (!m) return undefined;
  return { subjectDir: m[1]!, sequence: Number(m[2]), evidenceId: m[3]! };
}

/** The zip path of an uploaded document: its hash, then its name made safe for any file system. */
export function manualPath(sha256: string, fileName: string): string {
  const safe = fileName.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'document';
  return `${MANUAL_DIR}/${sha256}-${safe}`;
}
