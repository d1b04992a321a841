/**
 * The binder's manifest and root hash, and the names of the files in a binder. Pure.
 *
 * rootHash = SHA-256 (lower-case hex) of the RFC 8785 canonical JSON of the manifest's `files` array,
 * exactly as listed (each entry `{"bytes":N,"path":"…","sha256":"…"}`). Because JCS of an array is `[`,
 * the members' canonical texts joined by `,`, and `]`, the writer can hash the list as it streams the
 * files, without holding it. `manifest.sig` (optional) is the Ed25519 signature of the 64 ASCII
 * characters of rootHash; the manifest schema admits no other member, so the signature covers every
 * file, its size and its path.
 */
import { createHash, type Hash } from 'node:crypto';
import type { BinderManifestFile } from '../../../evidence-schemas';
import { canonicalJson, sha256Hex } from '../hashing';

export const MANIFEST_PATH = 'manifest.json';
export const SIGNATURE_PATH = 'manifest.sig';
export const PUBLIC_KEY_PATH = 'public-key.pem';
export const OSCAL_PATH = 'oscal/assessment-results.json';
export const HTML_PATH = 'index.html';
export const EVIDENCE_DIR = 'evidence';

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

/** The canonical text of one manifest entry (what the root hash covers). */
export function manifestEntryText(file: BinderManifestFile): string {
  return canonicalJson({ path: file.path, sha256: file.sha256, bytes: file.bytes });
}

/** The root hash of a whole files list (what `verify` recomputes). */
export function rootHashOf(files: BinderManifestFile[]): string {
  return sha256Hex(canonicalJson(files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes }))));
}

/** Computes a root hash one entry at a time; equal to `rootHashOf` over the same entries in order. */
export class RootHasher {
  private readonly hash: Hash = createHash('sha256').update('[');
  private count = 0;

  add(file: BinderManifestFile): void {
    this.hash.update(`${this.count++ > 0 ? ',' : ''}${manifestEntryText(file)}`);
  }

  get size(): number {
    return this.count;
  }

  digest(): string {
    return this.hash.update(']').digest('hex');
  }
}

/** The bytes `manifest.sig` signs: the root hash's 64 ASCII hex characters. */
export function signedMessage(rootHash: string): Buffer {
  return Buffer.from(rootHash, 'ascii');
}
