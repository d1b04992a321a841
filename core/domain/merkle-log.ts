/**
 * An append-only Merkle log (RFC 9162 2.1): the tree over every leaf in log order, extended without
 * re-reading old leaves, and consistency proofs between two sizes of it. Pure.
 *
 * A log of `size` leaves is kept as its frontier: the roots of the perfect subtrees that its size's
 * binary digits split it into, largest first (13 = 8 + 4 + 1). That is all a signer needs to append
 * (O(log n) per leaf), to compute the new root, and to prove the new tree extends the old one: every
 * node of a consistency proof lies either wholly inside the old tree, where it is a frontier node or a
 * run of them, or wholly among the appended leaves (RFC 9162 2.1.4.1 never splits a node across them).
 */
import { EMPTY_ROOT, nodeHash, splitPoint } from './merkle';

/** The first `size` leaves of a log, as the roots of their perfect subtrees, largest first. */
export interface Frontier {
  size: number;
  /** one 32-byte root per set bit of `size`, from the highest bit down */
  nodes: Buffer[];
}

export const EMPTY_FRONTIER: Frontier = Object.freeze({ size: 0, nodes: [] }) as Frontier;

/** The sizes of the frontier's subtrees, largest first: the set bits of `size`. */
function subtreeSizes(size: number): number[] {
  const sizes: number[] = [];
  for (let bit = 2 ** Math.floor(Math.log2(Math.max(size, 1))); bit >= 1; bit /= 2)
    if (Math.floor(size / bit) % 2 === 1) sizes.push(bit);
  return sizes;
}

/** Checks that a frontier has one node per set bit of its size (a frontier read from outside). */
export function isWellFormed(frontier: Frontier): boolean {
  return (
    Number.isSafeInteger(frontier.size) &&
    frontier.size >= 0 &&
    frontier.nodes.length === subtreeSizes(frontier.size).length &&
    frontier.nodes.every((n) => n.byteLength === 32)
  );
}

/**
 * A frontier being extended in place: its subtree roots stacked with their sizes, equal neighbours
 * merged like a binary carry (O(log n) per leaf, amortised O(1) hashes).
 */
class FrontierFold {
  private readonly nodes: Buffer[];
  private readonly sizes: number[];
  size: number;

  constructor(from: Frontier) {
    this.nodes = [...from.nodes];
    this.sizes = subtreeSizes(from.size);
    this.size = from.size;
  }

  push(leafHash: Uint8Array): void {
    if (leafHash.byteLength !== 32) throw new RangeError(`leaf hash ${this.size} is not 32 bytes`);
    this.nodes.push(Buffer.from(leafHash));
    this.sizes.push(1);
    this.size++;
    while (this.sizes.length > 1 && this.sizes.at(-1) === this.sizes.at(-2)) {
      const right = this.nodes.pop()!;
      const left = this.nodes.pop()!;
      this.nodes.push(nodeHash(left, right));
      this.sizes.push(this.sizes.pop()! + this.sizes.pop()!);
    }
  }

  frontier(): Frontier {
    return { size: this.size, nodes: [...this.nodes] };
  }
}

/** The frontier after appending `leafHashes` (each 32 bytes), in order. */
export function appendLeaves(frontier: Frontier, leafHashes: readonly Uint8Array[]): Frontier {
  const fold = new FrontierFold(frontier);
  for (const h of leafHashes) fold.push(h);
  return fold.frontier();
}

/** MTH of the leaves a frontier stands for: its subtrees folded from the smallest up. */
export function frontierRoot(frontier: Frontier): Buffer {
  return foldNodes(frontier.nodes, 0);
}

function foldNodes(nodes: readonly Buffer[], from: number): Buffer {
  if (nodes.length === from) return Buffer.from(EMPTY_ROOT);
  let root = nodes[nodes.length - 1]!;
  for (let i = nodes.length - 2; i >= from; i--) root = nodeHash(nodes[i]!, root);
  return Buffer.from(root);
}

/** PROOF(m, D[n]) of RFC 9162 2.1.4.1, where `hashOf(lo, hi)` answers MTH(D[lo:hi]). */
function consistencyProofWith(m: number, n: number, hashOf: (lo: number, hi: number) => Buffer): Buffer[] {
  if (m < 0 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n} leaves`);
  if (m === 0 || m === n) return [];
  const proof: Buffer[] = [];
  const sub = (m2: number, lo: number, hi: number, complete: boolean): void => {
    if (m2 === hi - lo) {
      if (!complete) proof.push(hashOf(lo, hi));
      return;
    }
    const k = splitPoint(hi - lo);
    if (m2 <= k) {
      sub(m2, lo, lo + k, complete);
      proof.push(hashOf(lo + k, hi));
    } else {
      sub(m2 - k, lo + k, hi, false);
      proof.push(hashOf(lo, lo + k));
    }
  };
  sub(m, 0, n, true);
  return proof;
}

/**
 * A log being extended: leaves appended one at a time to an old frontier, with what it takes to prove
 * the new tree extends the old one, in O(log n) memory however many leaves are appended (a signer reads
 * the new entries a page at a time and never holds them all).
 *
 * The appended nodes a consistency proof names (RFC 9162 2.1.4.1) are the right siblings of the last
 * old leaf's ancestors, cut at the new size: consecutive runs of 1, 2, 4... leaves from the old size on
 * (which of those sizes, the old size's bits say). Each run's root is folded as its leaves arrive; only
 * the last, unfinished run depends on where the log ends.
 */
export class LogExtension {
  readonly old: Frontier;
  private readonly fold: FrontierFold;
  /** the runs finished, by first leaf: their end and root */
  private readonly runs = new Map<number, { end: number; root: Buffer }>();
  /** the run being filled: [start, end) in leaf indexes, and its leaves folded so far */
  private run: { start: number; end: number; fold: FrontierFold } | undefined;
  /** the level of the last old leaf's ancestor whose right sibling `run` is */
  private runLevel = -1;

  constructor(old: Frontier) {
    this.old = old;
    this.fold = new FrontierFold(old);
  }

  /** The number of leaves appended so far. */
  get appended(): number {
    return this.fold.size - this.old.size;
  }

  /** Appends leaf hashes (each 32 bytes), in order. */
  append(leafHashes: Iterable<Uint8Array>): void {
    for (const h of leafHashes) {
      const index = this.fold.size;
      this.fold.push(h);
      if (this.old.size > 0) this.addToRun(index, h);
    }
  }

  /** The frontier of the old leaves and every leaf appended. */
  frontier(): Frontier {
    return this.fold.frontier();
  }

  /** PROOF(old size, new size) of RFC 9162 2.1.4.1: the new tree extends the old one. */
  consistencyProof(): Buffer[] {
    const m = this.old.size;
    const n = this.fold.size;
    const oldSizes = subtreeSizes(m);
    const starts: number[] = [];
    let at = 0;
    for (const s of oldSizes) {
      starts.push(at);
      at += s;
    }
    const hashOf = (lo: number, hi: number): Buffer => {
      if (lo >= m) {
        const run = this.run?.start === lo ? this.run : undefined;
        if (run && hi === Math.min(run.end, n)) return frontierRoot(run.fold.frontier());
        const done = this.runs.get(lo);
        if (done && hi === done.end) return Buffer.from(done.root);
        throw new RangeError(`[${lo}, ${hi}) is not a run of the appended leaves`);
      }
      const first = starts.indexOf(lo);
      if (first < 0 || hi > m) throw new RangeError(`[${lo}, ${hi}) is not a run of the old frontier`);
      if (hi === m) return foldNodes(this.old.nodes, first);
      if (hi - lo === oldSizes[first]) return Buffer.from(this.old.nodes[first]!);
      throw new RangeError(`[${lo}, ${hi}) is not a run of the old frontier`);
    };
    return consistencyProofWith(m, n, hashOf);
  }

  /** Folds leaf `index` into the run it belongs to, starting the next run when one is full. */
  private addToRun(index: number, h: Uint8Array): void {
    if (!this.run || index >= this.run.end) {
      if (this.run)
        this.runs.set(this.run.start, { end: this.run.end, root: frontierRoot(this.run.fold.frontier()) });
      // the next ancestor of the last old leaf that is a left child: its right sibling starts here
      let level = this.runLevel + 1;
      while (Math.floor((this.old.size - 1) / 2 ** level) % 2 === 1) level++;
      this.runLevel = level;
      this.run = { start: index, end: index + 2 ** level, fold: new FrontierFold(EMPTY_FRONTIER) };
    }
    this.run.fold.push(h);
  }
}

/**
 * The proof that the log of `old.size` leaves is a prefix of the log after appending `appended`
 * (leaf hashes): RFC 9162 2.1.4.1, answered from the old frontier and the new leaves alone.
 */
export function consistencyProof(old: Frontier, appended: readonly Uint8Array[]): Buffer[] {
  const extension = new LogExtension(old);
  extension.append(appended);
  return extension.consistencyProof();
}

/**
 * Verifies a consistency proof (RFC 9162 2.1.4.2): true when the tree of `first` leaves with root
 * `firstRoot` is a prefix of the tree of `second` leaves with root `secondRoot`.
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second)
    return false;
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
  if (first === 0) return proof.length === 0;
  if (first === second) return proof.length === 0 && same(firstRoot, secondRoot);
  const path = [...proof];
  // a first tree that is a complete subtree is a node of the proof itself
  if (2 ** Math.floor(Math.log2(first)) === first) path.unshift(firstRoot);
  if (path.length === 0) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && same(fr, firstRoot) && same(sr, secondRoot);
}
