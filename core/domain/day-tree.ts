/**
 * A day's checkpoint tree (checkpoint.ts: one leaf per record recorded that day, in tree order, hashed
 * as RFC 9162 leaves), held compactly so that a binder can prove its records against a day of
 * millions of them (a backfill records years of history in one day). Pure.
 *
 * `dayTree` keeps each leaf as an object with two strings and every level of the tree: several hundred
 * bytes a leaf. This keeps each leaf as 40 bytes (its observation time in milliseconds and its record
 * hash as binary, in tree order) and the nodes from the second level above the leaves up (16 bytes a
 * leaf in all); the leaf hashes and first-level nodes a proof needs (three and one) are recomputed
 * from the leaves. It is the same tree: a test holds its root, leaves and proofs to `dayTree`'s.
 * Once built, the leaf hashes (32 of the 56 bytes) can be moved out of memory (`moveLeafHashes`: a
 * binder export keeps them in a file of its work folder, read back a few leaves at a time), leaving
 * 24 bytes a leaf held while a day's records are proven.
 *
 * Only leaves as the store writes them pack: an observation time in the form `toISOString` gives
 * (24 characters, from 1970 on) and a lower-case hex SHA-256. The order of such leaves by time, then
 * hash bytes, is their tree order (`compareLeaves`): same-length ISO times sort as their instants, and
 * lower-case hex as its bytes. A day with any other leaf is refused with the reason.
 */
import { type DayLeaf, leafInput } from './checkpoint';
import { EMPTY_ROOT, leafHash, nodeHash } from './merkle';

const HASH_BYTES = 32;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The milliseconds of an observation time that packs; undefined for any other. */
function packedTime(observedAt: string): number | undefined {
  if (!ISO_TIME.test(observedAt)) return undefined;
  const ms = Date.parse(observedAt);
  // a time that does not round-trip (31 June) is not one the store writes
  return ms >= 0 && new Date(ms).toISOString() === observedAt ? ms : undefined;
}

const stringOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Leaves gathered in arrival order, packed, until they are sorted into a tree. */
class LeafBuffer {
  times = new Float64Array(1024);
  hashes = Buffer.alloc(1024 * HASH_BYTES);
  size = 0;

  add(leaf: DayLeaf): string | undefined {
    const ms = packedTime(leaf.observedAt);
    if (ms === undefined) return `a leaf's observation time is not an ISO 8601 UTC time (${leaf.observedAt})`;
    if (!HEX_SHA256.test(leaf.recordHash))
      return `a leaf's record hash is not a lower-case hex SHA-256 (${leaf.recordHash.slice(0, 80)})`;
    if (this.size === this.times.length) {
      const times = new Float64Array(this.size * 2);
      times.set(this.times);
      this.times = times;
      const hashes = Buffer.alloc(this.size * 2 * HASH_BYTES);
      this.hashes.copy(hashes);
      this.hashes = hashes;
    }
    this.times[this.size] = ms;
    this.hashes.write(leaf.recordHash, this.size * HASH_BYTES, HASH_BYTES, 'hex');
    this.size++;
    return undefined;
  }

  /** Sorts the leaves into tree order in place (one index per leaf while sorting). */
  sort(): void {
    const { times, hashes, size } = this;
    const order = new Uint32Array(size);
    for (let i = 0; i < size; i++) order[i] = i;
    order.sort(
      (a, b) =>
        times[a]! - times[b]! ||
        // leaf a's hash (the source) against leaf b's (the target)
        hashes.compare(hashes, b * HASH_BYTES, (b + 1) * HASH_BYTES, a * HASH_BYTES, (a + 1) * HASH_BYTES),
    );
    // apply the order in place, cycle by cycle: leaf i becomes the leaf that was at order[i]
    const hash = Buffer.alloc(HASH_BYTES);
    for (let start = 0; start < size; start++) {
      if (order[start] === start) continue;
      const time = times[start]!;
      hashes.copy(hash, 0, start * HASH_BYTES, (start + 1) * HASH_BYTES);
      let at = start;
      for (;;) {
        const from = order[at]!;
        order[at] = at;
        if (from === start) {
          times[at] = time;
          hash.copy(hashes, at * HASH_BYTES);
          break;
        }
        times[at] = times[from]!;
        hashes.copy(hashes, at * HASH_BYTES, from * HASH_BYTES, (from + 1) * HASH_BYTES);
        at = from;
      }
    }
  }
}

/**
 * A day's leaf hashes in tree order, 32 bytes each: in memory, or where `moveLeafHashes` put them. A
 * proof reads one run of at most four leaves (and a search a run of leaves with one observation time).
 */
export interface LeafHashes {
  /** The hashes of `count` leaves from leaf `first`, one after the other. */
  read(first: number, count: number): Buffer;
}

/** Leaf hashes held in one buffer. */
const inMemory = (hashes: Buffer): LeafHashes => ({
  read: (first, count) => hashes.subarray(first * HASH_BYTES, (first + count) * HASH_BYTES),
});

/** Ties in observation time searched in one read of their hashes; longer runs a leaf at a time. */
const TIES_READ_AT_ONCE = 4096;

/** Levels of the tree below this one are not kept: their nodes are recomputed from the leaves. */
const FIRST_KEPT_LEVEL = 2;

/** A day's tree over packed leaves; build it with `PackedDayTree.from`. */
export class PackedDayTree {
  /** nodes by level from FIRST_KEPT_LEVEL up; the last holds the root */
  private readonly levels: Buffer[] = [];
  /** nodes in each level of the tree, from the leaves (level 0) up to the root */
  private readonly counts: number[] = [];
  /** the leaf hashes; in this buffer until `moveLeafHashes` */
  private hashes: LeafHashes;
  private held: Buffer | undefined;

  private constructor(
    private readonly times: Float64Array,
    hashes: Buffer,
    readonly size: number,
  ) {
    this.held = hashes;
    this.hashes = inMemory(hashes);
    for (let count = size; ; count = Math.ceil(count / 2)) {
      this.counts.push(count);
      if (count <= 1) break;
    }
    for (let l = FIRST_KEPT_LEVEL; l < this.counts.length; l++) {
      const count = this.counts[l]!;
      const level = Buffer.alloc(count * HASH_BYTES);
      for (let j = 0; j < count; j++) {
        // the first kept level from the (up to) four leaves under each of its nodes, read once
        const group = l === FIRST_KEPT_LEVEL ? this.leafGroup(j) : undefined;
        const left = this.node(l - 1, 2 * j, group);
        // an unpaired last node moves up as it is (merkle.ts)
        level.set(
          2 * j + 1 < this.counts[l - 1]! ? nodeHash(left, this.node(l - 1, 2 * j + 1, group)) : left,
          j * HASH_BYTES,
        );
      }
      this.levels.push(level);
    }
  }

  /**
   * The tree of a day's leaves, read a batch at a time in any order; a problem instead when a leaf is
   * not as the store writes it. Only the packed leaves are held, never the batches.
   */
  static async from(
    batches: AsyncIterable<readonly DayLeaf[]>,
  ): Promise<PackedDayTree | { problem: string }> {
    const leaves = new LeafBuffer();
    for await (const batch of batches)
      for (const leaf of batch) {
        const problem = leaves.add(leaf);
        if (problem) return { problem };
      }
    leaves.sort();
    const { size, times, hashes } = leaves;
    // the gathering buffers grow by doubling: copied to the leaves' size when much larger
    const trim = times.length > size * 1.25;
    return new PackedDayTree(
      trim ? times.slice(0, size) : times.subarray(0, size),
      trim ? Buffer.from(hashes.subarray(0, size * HASH_BYTES)) : hashes.subarray(0, size * HASH_BYTES),
      size,
    );
  }

  /**
   * Hands the leaf hashes (tree order, 32 bytes each) to `store`, which keeps them and returns how to
   * read them back (returned); the tree then lets go of its own copy. Once only: the hashes are moved,
   * not copied.
   */
  moveLeafHashes<T extends LeafHashes>(store: (hashes: Buffer) => T): T {
    if (!this.held) throw new Error("the day tree's leaf hashes were moved already");
    const moved = store(this.held);
    this.held = undefined;
    this.hashes = moved;
    return moved;
  }

  /** MTH of the leaves. */
  root(): Buffer {
    if (this.size === 0) return Buffer.from(EMPTY_ROOT);
    return Buffer.from(this.node(this.counts.length - 1, 0));
  }

  /** The leaf at `index` in tree order. */
  leafAt(index: number): DayLeaf {
    this.checkIndex(index);
    return this.leafFrom(index, this.hashes.read(index, 1), 0);
  }

  /** Leaf `index`, its hash at position `at` of `run` (hashes read from the leaf store). */
  private leafFrom(index: number, run: Buffer, at: number): DayLeaf {
    return {
      observedAt: new Date(this.times[index]!).toISOString(),
      recordHash: run.toString('hex', at * HASH_BYTES, (at + 1) * HASH_BYTES),
    };
  }

  /** Index of the first leaf (in tree order) not before `key`, which need not be a leaf that packs. */
  lowerBound(key: DayLeaf): number {
    const ms = packedTime(key.observedAt);
    if (ms === undefined) return this.search(0, this.size, this.comparator(key));
    // by time alone first (held), then among the leaves of that time by hash (read at once when few)
    const first = this.search(0, this.size, (i) => this.times[i]! - ms);
    const end = this.search(first, this.size, (i) => (this.times[i]! > ms ? 1 : -1));
    if (first === end || end - first > TIES_READ_AT_ONCE)
      return this.search(first, end, this.comparator(key));
    const run = this.hashes.read(first, end - first);
    const hashAt = this.hashComparator(key.recordHash, (i) => run.subarray(i * HASH_BYTES));
    return first + this.search(0, end - first, hashAt);
  }

  /** The first index in [lo, hi) where `compare` is not negative (it is negative before it, only). */
  private search(lo: number, hi: number, compare: (index: number) => number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(mid) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index of exactly this leaf; undefined when the day has no such leaf. */
  indexOf(leaf: DayLeaf): number | undefined {
    const index = this.lowerBound(leaf);
    return index < this.size && this.comparator(leaf)(index) === 0 ? index : undefined;
  }

  /** The audit path of leaf `index` (RFC 9162 2.1.3.1), as `MerkleTree.inclusionProof` gives it. */
  inclusionProof(index: number): Buffer[] {
    this.checkIndex(index);
    // the nodes below the kept levels come from the four leaves under index's level-2 node: one read
    const group = this.leafGroup(index >>> FIRST_KEPT_LEVEL);
    const path: Buffer[] = [];
    let i = index;
    for (let l = 0; l < this.counts.length - 1; l++) {
      const sibling = i ^ 1;
      if (sibling < this.counts[l]!) path.push(Buffer.from(this.node(l, sibling, group)));
      i >>= 1;
    }
    return path;
  }

  /** The leaves under node `index` of level 2 (up to four), read at once. */
  private leafGroup(index: number): { first: number; run: Buffer } {
    const first = index << FIRST_KEPT_LEVEL;
    const count = Math.min(1 << FIRST_KEPT_LEVEL, this.size - first);
    return { first, run: this.hashes.read(first, count) };
  }

  /**
   * Node `index` of `level` (0: the leaves' hashes): kept, or recomputed from the leaves below it,
   * which are read unless `group` (a leafGroup) holds them.
   */
  private node(level: number, index: number, group?: { first: number; run: Buffer }): Buffer {
    if (level >= FIRST_KEPT_LEVEL)
      return this.levels[level - FIRST_KEPT_LEVEL]!.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
    const under = group ?? this.leafGroup((index << level) >>> FIRST_KEPT_LEVEL);
    if (level === 0) return leafHash(leafInput(this.leafFrom(index, under.run, index - under.first)));
    const left = this.node(level - 1, 2 * index, under);
    return 2 * index + 1 < this.counts[level - 1]!
      ? nodeHash(left, this.node(level - 1, 2 * index + 1, under))
      : left;
  }

  /**
   * The leaf at an index compared with `key` in tree order (`compareLeaves`): as numbers and bytes
   * where the key packs, else as the strings.
   */
  private comparator(key: DayLeaf): (index: number) => number {
    const ms = packedTime(key.observedAt);
    const hashAt = this.hashComparator(key.recordHash, (index) => this.hashes.read(index, 1));
    if (ms !== undefined) return (index) => Math.sign(this.times[index]! - ms) || hashAt(index);
    return (index) =>
      stringOrder(new Date(this.times[index]!).toISOString(), key.observedAt) || hashAt(index);
  }

  /** A leaf's hash (`hashOf` gives it at the start of a buffer) compared with `recordHash`. */
  private hashComparator(recordHash: string, hashOf: (index: number) => Buffer): (index: number) => number {
    const hash = HEX_SHA256.test(recordHash) ? Buffer.from(recordHash, 'hex') : undefined;
    return (index) => {
      const leaf = hashOf(index);
      return hash
        ? leaf.compare(hash, 0, HASH_BYTES, 0, HASH_BYTES)
        : stringOrder(leaf.toString('hex', 0, HASH_BYTES), recordHash);
    };
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      throw new RangeError(`leaf index ${index} is outside a tree of ${this.size} leaves`);
  }
}
