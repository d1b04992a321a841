/**
 * Packed tables for the verifier, so that what it holds per file of a binder of a million is tens of
 * bytes, not an object and strings: entries numbered in the order added and found by a 32-byte key
 * (a hash) through an open-addressed index, and binder paths kept as an evidence file's parts.
 */
import { EVIDENCE_DIR, parseEvidencePath } from '../domain/binder/layout';

const KEY_BYTES = 32;
const ID_BYTES = 16;
const ID_PREFIX = 'ev_';

/** A typed array `to` holding `from`'s values first. */
export function grown<T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Entries keyed by a 32-byte hash, numbered 0, 1, … in the order added; `onGrow` is told each new
 * capacity, to grow the caller's own per-entry arrays.
 */
export class KeyedEntries {
  private capacity = 1024;
  private keys = Buffer.alloc(this.capacity * KEY_BYTES);
  /** entry number + 1 per slot, 0 when empty; twice the capacity, so at most half full */
  private slots = new Int32Array(this.capacity * 2);
  count = 0;

  constructor(private readonly onGrow: (capacity: number) => void) {
    onGrow(this.capacity);
  }

  /** The entry of `key`; undefined when there is none. */
  find(key: Buffer): number | undefined {
    const mask = this.slots.length - 1;
    for (let slot = key.readUInt32LE(0) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return undefined;
      if (this.keys.compare(key, 0, KEY_BYTES, (entry - 1) * KEY_BYTES, entry * KEY_BYTES) === 0)
        return entry - 1;
    }
  }

  /** A new entry for `key` (which has none): its number. */
  add(key: Buffer): number {
    if (this.count === this.capacity) this.grow();
    const at = this.count++;
    key.copy(this.keys, at * KEY_BYTES, 0, KEY_BYTES);
    this.index(at);
    return at;
  }

  private index(at: number): void {
    const mask = this.slots.length - 1;
    let slot = this.keys.readUInt32LE(at * KEY_BYTES) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = at + 1;
  }

  private grow(): void {
    this.capacity *= 2;
    const keys = Buffer.alloc(this.capacity * KEY_BYTES);
    this.keys.copy(keys);
    this.keys = keys;
    this.slots = new Int32Array(this.capacity * 2);
    for (let at = 0; at < this.count; at++) this.index(at);
    this.onGrow(this.capacity);
  }
}

/**
 * Binder paths by entry number: an evidence file's path as its folder (an index), sequence and
 * evidence id, rebuilt exactly (it is all `parseEvidencePath` accepts); any other path as it is.
 */
export class PackedPaths {
  private ids = Buffer.alloc(0);
  private sequences = new Float64Array(0);
  /** the folder's index (evidence), or the path's in `others` */
  private names = new Int32Array(0);
  private readonly folders: string[] = [];
  private readonly folderIndex = new Map<string, number>();
  private readonly others: string[] = [];

  grow(capacity: number): void {
    const ids = Buffer.alloc(capacity * ID_BYTES);
    this.ids.copy(ids);
    this.ids = ids;
    this.sequences = grown(this.sequences, new Float64Array(capacity));
    this.names = grown(this.names, new Int32Array(capacity));
  }

  set(at: number, path: string): void {
    const evidence = parseEvidencePath(path);
    if (!evidence) {
      this.names[at] = this.others.push(path) - 1;
      this.sequences[at] = -1;
      return;
    }
    let folder = this.folderIndex.get(evidence.subjectDir);
    if (folder === undefined) {
      folder = this.folders.push(evidence.subjectDir) - 1;
      this.folderIndex.set(evidence.subjectDir, folder);
    }
    this.names[at] = folder;
    this.sequences[at] = evidence.sequence;
    this.ids.write(evidence.evidenceId.slice(ID_PREFIX.length), at * ID_BYTES, ID_BYTES, 'hex');
  }

  get(at: number): string {
    if (this.sequences[at]! < 0) return this.others[this.names[at]!]!;
    const sequence = String(this.sequences[at]).padStart(10, '0');
    const id = this.ids.toString('hex', at * ID_BYTES, (at + 1) * ID_BYTES);
    return `${EVIDENCE_DIR}/${this.folders[this.names[at]!]}/${sequence}-${ID_PREFIX}${id}.json`;
  }
}
