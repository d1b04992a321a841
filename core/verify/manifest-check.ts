/**
 * The manifest check of the offline verifier: every file listed with its SHA-256 and size, nothing
 * listed twice or missing, nothing there but listed (bar the manifest, signature and key), and the
 * root hash over the list; for binders of any size.
 *
 * A million files make a manifest of about 230 MB: more than the verifier reads whole. The writer
 * lays it out one entry a line (binder-zip.ts), so a manifest in that layout is checked a line at a
 * time: read once to check the layout and every entry, then again to compare each entry with the
 * files. Any other valid manifest is parsed whole, up to the size the verifier parses. The files seen
 * are held packed by the SHA-256 of their path (`FileTable`), about 100 bytes a file.
 */
import {
  type BinderManifestFile,
  BinderManifestFileSchema,
  BinderManifestSchema,
} from '../../evidence-schemas';
import { EVIDENCE_DIR, MANIFEST_PATH, UNLISTED_PATHS } from '../domain/binder/layout';
import { RootHasher } from '../domain/binder/manifest';
import { sha256Bytes } from '../domain/hashing';
import { grown, KeyedEntries, PackedPaths } from './packed-entries';

const HASH_BYTES = 32;
const FIRST_LINE = '{"files":[';
const LIST_END = '],';
const ROOT_LINE = /^"rootHash":"([0-9a-f]{64})"\}$/;

const keyOf = (path: string) => sha256Bytes(path);

/** A file as read: its SHA-256 (hex) and size; `bytes` is -1 when it could not be read. */
export interface FileSeen {
  sha256: string;
  bytes: number;
}

/**
 * The files of a binder as read, keyed by the SHA-256 of their path (packed-entries.ts): per file the
 * key, its SHA-256, size, whether the manifest lists it, and its path's parts.
 */
export class FileTable {
  private readonly paths = new PackedPaths();
  private hashes = Buffer.alloc(0);
  private sizes = new Float64Array(0);
  private listed = new Uint8Array(0);
  private readonly entries = new KeyedEntries((capacity) => {
    this.paths.grow(capacity);
    const hashes = Buffer.alloc(capacity * HASH_BYTES);
    this.hashes.copy(hashes);
    this.hashes = hashes;
    this.sizes = grown(this.sizes, new Float64Array(capacity));
    this.listed = grown(this.listed, new Uint8Array(capacity));
  });

  get size(): number {
    return this.entries.count;
  }

  has(path: string): boolean {
    return this.entries.find(keyOf(path)) !== undefined;
  }

  /** Notes a file (one not yet noted). */
  add(path: string, seen: FileSeen): void {
    const at = this.entries.add(keyOf(path));
    if (seen.bytes >= 0) this.hashes.write(seen.sha256, at * HASH_BYTES, HASH_BYTES, 'hex');
    this.sizes[at] = seen.bytes;
    this.paths.set(at, path);
  }

  /** The file at `path` as read, marked as listed; `listed` says whether it was already. */
  list(path: string): { seen: FileSeen; listed: boolean } | undefined {
    const at = this.entries.find(keyOf(path));
    if (at === undefined) return undefined;
    const listed = this.listed[at] === 1;
    this.listed[at] = 1;
    const bytes = this.sizes[at]!;
    const sha256 = bytes < 0 ? '' : this.hashes.toString('hex', at * HASH_BYTES, (at + 1) * HASH_BYTES);
    return { seen: { sha256, bytes }, listed };
  }

  /** The paths of the files not listed, in the order they were noted. */
  *unlisted(): IterableIterator<string> {
    for (let at = 0; at < this.entries.count; at++) if (this.listed[at] === 0) yield this.paths.get(at);
  }
}

/** What the manifest said, once checked. */
export interface ManifestResult {
  rootHash: string;
  evidenceRootHash: string;
}

/** The manifest check of one binder: feed it the files and the manifest's lines, then `finish`. */
export class ManifestCheck {
  readonly files = new FileTable();
  /** entries listed before their file was read (a folder walk may read files after the manifest) */
  private readonly pending = new Map<string, BinderManifestFile>();
  /** problems with the entries, reported only when the manifest itself is valid */
  private readonly entryProblems: string[] = [];
  private readonly root = new RootHasher();
  private readonly evidenceRoot = new RootHasher();
  private state: 'none' | 'laid-out' | 'whole' = 'none';
  private rootHash: string | undefined;
  private invalid: string | undefined;
  // the layout check's state
  private line = 0;
  private entries = 0;
  private comma = false;
  private ended = false;

  /** Notes a file of the binder (the manifest too); false when a file of that path was noted before. */
  file(path: string, seen: FileSeen): boolean {
    if (this.files.has(path)) return false;
    this.files.add(path, seen);
    const listed = this.pending.get(path);
    if (listed) {
      this.pending.delete(path);
      this.files.list(path);
      this.compare(listed, seen);
    }
    return true;
  }

  /**
   * First read of the manifest, a line at a time: whether it is laid out a line an entry, each entry
   * valid. Returns false once it is not (the caller then parses it whole).
   */
  layoutLine(text: string): boolean {
    if (this.invalid !== undefined) return false;
    const n = this.line++;
    if (n === 0) return this.layout(text === FIRST_LINE);
    if (this.ended) return this.layout(text === '');
    if (this.rootHash === undefined && text === LIST_END) {
      this.rootHash = '';
      return this.layout(!this.comma);
    }
    if (this.rootHash === '') {
      const m = ROOT_LINE.exec(text);
      this.ended = true;
      if (m) this.rootHash = m[1]!;
      return this.layout(m !== null);
    }
    if (text === '') return this.layout(this.entries === 0 && this.line === 2);
    if (this.entries > 0 && !this.comma) return this.layout(false);
    this.comma = text.endsWith(',');
    const entry = this.entry(this.comma ? text.slice(0, -1) : text);
    if (entry) this.entries++;
    return entry !== undefined;
  }

  /** Whether the first read found the manifest laid out a line an entry, complete and valid. */
  laidOut(): boolean {
    const ok =
      this.invalid === undefined && this.ended && this.rootHash !== undefined && this.rootHash !== '';
    if (ok) this.state = 'laid-out';
    return ok;
  }

  /** Second read of a laid-out manifest: each entry compared with the files. */
  entryLine(text: string): void {
    if (text === FIRST_LINE || text === LIST_END || text === '' || ROOT_LINE.test(text)) return;
    const entry = this.entry(text.endsWith(',') ? text.slice(0, -1) : text);
    if (entry) this.listEntry(entry);
  }

  /** A manifest not laid out a line an entry, parsed whole (why it is invalid, when it is, in `finish`). */
  whole(text: string): void {
    this.state = 'whole';
    this.invalid = undefined;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      this.invalid = `${MANIFEST_PATH} is not JSON: ${(error as Error).message}`;
      return;
    }
    const parsed = BinderManifestSchema.safeParse(doc);
    if (!parsed.success) {
      this.invalid = `${MANIFEST_PATH} is not a binder manifest: ${parsed.error.issues[0]?.message ?? ''}`;
      return;
    }
    this.rootHash = parsed.data.rootHash;
    for (const f of parsed.data.files) this.listEntry(f);
  }

  /** A manifest not laid out a line an entry and too large to parse whole. */
  tooLarge(limit: number): void {
    this.state = 'whole';
    this.invalid = `${MANIFEST_PATH} is larger than ${limit} bytes and not laid out one entry a line as a binder writes it: it cannot be checked`;
  }

  /** Gives up on a manifest that cannot be read (its reason is reported by the caller). */
  unreadable(): void {
    this.state = 'none';
  }

  /**
   * The check's outcome, its problems added to `problems`: undefined (and why) when the manifest is
   * missing or invalid, so nothing it lists could be checked.
   */
  finish(problems: string[]): ManifestResult | undefined {
    if (this.state === 'none' || this.invalid !== undefined || this.rootHash === undefined) {
      problems.push(this.invalid ?? `${MANIFEST_PATH} is missing`);
      return undefined;
    }
    // one by one: a binder tampered in every entry has more problems than push(...) takes arguments
    for (const problem of this.entryProblems) problems.push(problem);
    for (const path of this.pending.keys()) problems.push(`${path}: listed in the manifest but missing`);
    for (const path of this.files.unlisted())
      if (!UNLISTED_PATHS.has(path)) problems.push(`${path}: not listed in the manifest (added)`);
    const root = this.root.digest();
    if (root !== this.rootHash)
      problems.push(
        `root hash does not match the listed files (computed ${root}, manifest says ${this.rootHash})`,
      );
    return { rootHash: this.rootHash, evidenceRootHash: this.evidenceRoot.digest() };
  }

  private layout(ok: boolean): boolean {
    if (!ok) this.invalid ??= 'layout';
    return ok;
  }

  /** One entry's JSON, checked; undefined (the manifest invalid) when it is not a manifest entry. */
  private entry(text: string): BinderManifestFile | undefined {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      this.layout(false);
      return undefined;
    }
    const parsed = BinderManifestFileSchema.safeParse(doc);
    if (!parsed.success) {
      this.layout(false);
      return undefined;
    }
    return parsed.data;
  }

  private listEntry(f: BinderManifestFile): void {
    if (UNLISTED_PATHS.has(f.path))
      this.entryProblems.push(`${MANIFEST_PATH} lists ${f.path}, which it cannot cover`);
    this.root.add(f);
    if (f.path.startsWith(`${EVIDENCE_DIR}/`)) this.evidenceRoot.add(f);
    const found = this.files.list(f.path);
    if (found?.listed || (!found && this.pending.has(f.path)))
      this.entryProblems.push(`${MANIFEST_PATH} lists ${f.path} twice`);
    if (!found) this.pending.set(f.path, f);
    else this.compare(f, found.seen);
  }

  private compare(f: BinderManifestFile, actual: FileSeen): void {
    if (actual.bytes >= 0 && (actual.sha256 !== f.sha256 || actual.bytes !== f.bytes))
      this.entryProblems.push(
        `${f.path}: does not match the manifest (SHA-256 ${actual.sha256.slice(0, 16)}…, ${actual.bytes} bytes; manifest says ${f.sha256.slice(0, 16)}…, ${f.bytes} bytes)`,
      );
  }
}
