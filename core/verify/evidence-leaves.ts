/**
 * The evidence records of a binder awaiting their inclusion proofs, by leaf hash, packed so that a
 * binder of a million records is checked in tens of megabytes: per record its leaf hash (32 bytes),
 * evidence id (16), resource folder (an index), sequence and recorded day (an index), and two slots of
 * an open-addressed table, instead of a string key and an object with two strings.
 *
 * A record's path is not kept: it is `evidence/<folder>/<sequence, 10 digits>-<evidence id>.json`,
 * which is all `parseEvidencePath` accepts, so it is rebuilt exactly when it is asked for.
 */
import { EVIDENCE_DIR } from '../domain/binder/layout';

const HASH_BYTES = 32;
const ID_BYTES = 16;
const ID_PREFIX = 'ev_';

/** A record as the anchors need it: where it is in the binder and the day it was recorded. */
export interface HeldRecord {
  path: string;
  day: string;
}

export class EvidenceLeaves {
  private capacity = 1024;
  private count = 0;
  private live = 0;
  private leaves = Buffer.alloc(this.capacity * HASH_BYTES);
  private ids = Buffer.alloc(this.capacity * ID_BYTES);
  private sequences = new Float64Array(this.capacity);
  private folders = new Uint32Array(this.capacity);
  private days = new Uint32Array(this.capacity);
  private taken = new Uint8Array(this.capacity);
  /** entry index + 1 per slot, 0 when empty; twice the capacity, so at most half full */
  private slots = new Int32Array(this.capacity * 2);
  private readonly folderNames: string[] = [];
  private readonly folderIndex = new Map<string, number>();
  private readonly dayNames: string[] = [];
  private readonly dayIndex = new Map<string, number>();

  /** Records held and not yet taken. */
  get size(): number {
    return this.live;
  }

  /** Holds a record under its leaf hash (a later record with the same leaf replaces it). */
  add(leaf: Buffer, folder: string, sequence: number, evidenceId: string, day: string): void {
    const existing = this.find(leaf);
    let at: number;
    if (existing !== undefined) {
      at = existing;
      if (this.taken[at] === 1) this.live++;
    } else {
      if (this.count === this.capacity) this.grow();
      at = this.count++;
      this.live++;
      leaf.copy(this.leaves, at * HASH_BYTES, 0, HASH_BYTES);
      this.slots[this.slotOf(leaf)] = at + 1;
    }
    this.taken[at] = 0;
    this.ids.write(evidenceId.slice(ID_PREFIX.length), at * ID_BYTES, ID_BYTES, 'hex');
    this.sequences[at] = sequence;
    this.folders[at] = intern(folder, this.folderNames, this.folderIndex);
    this.days[at] = intern(day, this.dayNames, this.dayIndex);
  }

  /** The record held under `leaf`; undefined when there is none. */
  get(leaf: Buffer): HeldRecord | undefined {
    const at = this.find(leaf);
    return at === undefined || this.taken[at] === 1 ? undefined : this.record(at);
  }

  /** No longer holds the record under `leaf`. */
  delete(leaf: Buffer): void {
    const at = this.find(leaf);
    if (at === undefined || this.taken[at] === 1) return;
    this.taken[at] = 1;
    this.live--;
  }

  /** The records still held, in the order they were added. */
  *remaining(): IterableIterator<HeldRecord> {
    for (let at = 0; at < this.count; at++) if (this.taken[at] === 0) yield this.record(at);
  }

  private record(at: number): HeldRecord {
    const id = this.ids.toString('hex', at * ID_BYTES, (at + 1) * ID_BYTES);
    const sequence = String(this.sequences[at]).padStart(10, '0');
    return {
      path: `${EVIDENCE_DIR}/${this.folderNames[this.folders[at]!]}/${sequence}-${ID_PREFIX}${id}.json`,
      day: this.dayNames[this.days[at]!]!,
    };
  }

  /** The entry index of `leaf`; undefined when it is not held. */
  private find(leaf: Buffer): number | undefined {
    const mask = this.slots.length - 1;
    for (let slot = leaf.readUInt32LE(0) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return undefined;
      if (this.leaves.compare(leaf, 0, HASH_BYTES, (entry - 1) * HASH_BYTES, entry * HASH_BYTES) === 0)
        return entry - 1;
    }
  }

  /** The empty slot where `leaf` goes. */
  private slotOf(leaf: Uint8Array): number {
    const mask = this.slots.length - 1;
    let slot = Buffer.from(leaf.buffer, leaf.byteOffset, 4).readUInt32LE(0) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const leaves = Buffer.alloc(capacity * HASH_BYTES);
    this.leaves.copy(leaves);
    this.leaves = leaves;
    const ids = Buffer.alloc(capacity * ID_BYTES);
    this.ids.copy(ids);
    this.ids = ids;
    this.sequences = grown(this.sequences, new Float64Array(capacity));
    this.folders = grown(this.folders, new Uint32Array(capacity));
    this.days = grown(this.days, new Uint32Array(capacity));
    this.taken = grown(this.taken, new Uint8Array(capacity));
    this.capacity = capacity;
    this.slots = new Int32Array(capacity * 2);
    for (let at = 0; at < this.count; at++)
      this.slots[this.slotOf(this.leaves.subarray(at * HASH_BYTES, (at + 1) * HASH_BYTES))] = at + 1;
  }
}

function grown<T extends Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function intern(name: string, names: string[], index: Map<string, number>): number {
  let i = index.get(name);
  if (i === undefined) {
    i = names.length;
    names.push(name);
    index.set(name, i);
  }
  return i;
}
