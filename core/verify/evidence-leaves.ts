/**
 * The evidence records of a binder awaiting their inclusion proofs, by leaf hash, packed
 * (packed-entries.ts): per record its leaf hash, path parts and recorded day, about 70 bytes, so that
 * a binder of a million records is checked in tens of megabytes.
 */
import { grown, KeyedEntries, PackedPaths } from './packed-entries';

/** A record as the anchors need it: where it is in the binder and the day it was recorded. */
export interface HeldRecord {
  path: string;
  day: string;
}

export class EvidenceLeaves {
  private readonly paths = new PackedPaths();
  private days = new Uint32Array(0);
  private taken = new Uint8Array(0);
  private readonly dayNames: string[] = [];
  private readonly dayIndex = new Map<string, number>();
  private readonly entries = new KeyedEntries((capacity) => {
    this.paths.grow(capacity);
    this.days = grown(this.days, new Uint32Array(capacity));
    this.taken = grown(this.taken, new Uint8Array(capacity));
  });
  private live = 0;

  /** Records held and not yet taken. */
  get size(): number {
    return this.live;
  }

  /** Holds a record under its leaf hash (a later record with the same leaf replaces it). */
  add(leaf: Buffer, path: string, day: string): void {
    let at = this.entries.find(leaf);
    if (at === undefined) at = this.entries.add(leaf);
    else if (this.taken[at] === 0) this.live--;
    this.live++;
    this.taken[at] = 0;
    this.paths.set(at, path);
    let d = this.dayIndex.get(day);
    if (d === undefined) {
      d = this.dayNames.push(day) - 1;
      this.dayIndex.set(day, d);
    }
    this.days[at] = d;
  }

  /** The record held under `leaf`; undefined when there is none. */
  get(leaf: Buffer): HeldRecord | undefined {
    const at = this.entries.find(leaf);
    return at === undefined || this.taken[at] === 1 ? undefined : this.record(at);
  }

  /** No longer holds the record under `leaf`. */
  delete(leaf: Buffer): void {
    const at = this.entries.find(leaf);
    if (at === undefined || this.taken[at] === 1) return;
    this.taken[at] = 1;
    this.live--;
  }

  /** The records still held, in the order they were added. */
  *remaining(): IterableIterator<HeldRecord> {
    for (let at = 0; at < this.entries.count; at++) if (this.taken[at] === 0) yield this.record(at);
  }

  private record(at: number): HeldRecord {
    return { path: this.paths.get(at), day: this.dayNames[this.days[at]!]! };
  }
}
