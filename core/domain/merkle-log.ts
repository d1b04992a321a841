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
import { EMPTY_ROOT, MerkleTree, nodeHash, splitPoint } from './merkle';

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

/** The frontier after appending `leafHashes` (each 32 bytes), in order. */
export function appendLeaves(frontier: Frontier, leafHashes: readonly Uint8Array[]): Frontier {
  const nodes = [...frontier.nodes];
  // sizes of the stacked subtrees, kept alongside so equal neighbours can be merged like a carry
  const sizes = subtreeSizes(frontier.size);
  let size = frontier.size;
  for (const h of leafHashes) {
    if (h.byteLength !== 32) throw new RangeError(`leaf hash ${size} is not 32 bytes`);
    nodes.push(Buffer.from(h));
    sizes.push(1);
    size++;
    while (sizes.length > 1 && sizes[sizes.length - 1] === sizes[sizes.length - 2]) {
      const right = nodes.pop()!;
      const left = nodes.pop()!;
      nodes.push(nodeHash(left, right));
      sizes.push(sizes.pop()! + sizes.pop()!);
    }
  }
  return { size, nodes };
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
 * The proof that the log of `old.size` leaves is a prefix of the log after appending `appended`
 * (leaf hashes): RFC 9162 2.1.4.1, answered from the old frontier and the new leaves alone.
 */
export function consistencyProof(old: Frontier, appended: readonly Uint8Array[]): Buffer[] {
  const m = old.size;
  const starts: number[] = [];
  let at = 0;
  for (const s of subtreeSizes(m)) {
    starts.push(at);
    at += s;
  }
  const hashOf = (lo: number, hi: number): Buffer => {
    if (lo >= m) return MerkleTree.fromLeafHashes(appended.slice(lo - m, hi - m)).root();
    const first = starts.indexOf(lo);
    if (first < 0 || hi > m) throw new RangeError(`[${lo}, ${hi}) is not a run of the old frontier`);
    if (hi === m) return foldNodes(old.nodes, first);
    if (hi - lo === subtreeSizes(m)[first]) return Buffer.from(old.nodes[first]!);
    throw new RangeError(`[${lo}, ${hi}) is not a run of the old frontier`);
  };
  return consistencyProofWith(m, m + appended.length, hashOf);
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
