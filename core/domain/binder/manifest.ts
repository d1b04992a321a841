/**
 * The binder's manifest and root hash. Pure. (Where each file is in a binder: layout.ts.)
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
