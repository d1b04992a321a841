/**
 * Merkle Tree Hash, as RFC 9162 (Certificate Transparency 2.0) section 2.1 defines it. Pure.
 *
 * - leaf hash:  SHA-256(0x00 || leaf)
 * - node hash:  SHA-256(0x01 || left || right)
 * - MTH({}) = SHA-256(""); MTH of n > 1 leaves splits them at k, the largest power of two smaller than n.
 *
 * The tree is built level by level: adjacent nodes are paired and an unpaired last node is carried up
 * unchanged. That is the same tree as the recursive split (the left subtree is always the complete one
 * of size k), and it lets an audit path be read off the levels in O(log n) once the tree is built.
 */
import * as crypto from 'node:crypto';
import { sha256Bytes as sha256 } from './hashing';

const HASH_BYTES = 32;

/** 0x01 || left || right, reused: hashing is synchronous, so one buffer serves every call. */
const nodeInput = Buffer.alloc(1 + 2 * HASH_BYTES);

/** SHA-256(0x00 || leaf): the hash of one leaf's input. */
export function leafHash(leaf: Uint8Array | string): Buffer {
  // U+0000 is the single byte 0x00 in UTF-8
  return sha256(typeof leaf === 'string' ? `\u0000${leaf}` : Buffer.concat([Buffer.of(0), leaf]));
}

/** SHA-256(0x01 || left || right): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.byteLength !== HASH_BYTES || right.byteLength !== HASH_BYTES)
    return crypto.createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
  nodeInput[0] = 1;
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_BYTES);
  return sha256(nodeInput);
}

/** MTH of the empty list: the hash of the empty string. */
export const EMPTY_ROOT = crypto.createHash('sha256').digest();

/** The largest power of two smaller than n (n > 1), where RFC 9162 splits a list of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A tree over leaf hashes, every level kept (about 2n hashes in all, 32 bytes each, in one buffer per
 * level), so each audit path costs O(log n) to read.
 */
export class MerkleTree {
  /** levels[0] = leaf hashes; the last level holds the root */
  private readonly levels: Buffer[];
  readonly size: number;

  private constructor(levels: Buffer[], size: number) {
    this.levels = levels;
    this.size = size;
  }

  /** Builds the tree over leaf hashes (each 32 bytes), in order. */
  static fromLeafHashes(hashes: readonly Uint8Array[]): MerkleTree {
    const first = Buffer.alloc(hashes.length * HASH_BYTES);
    hashes.forEach((h, i) => {
      if (h.byteLength !== HASH_BYTES) throw new RangeError(`leaf hash ${i} is not ${HASH_BYTES} bytes`);
      first.set(h, i * HASH_BYTES);
    });
    const levels = [first];
    let level = first;
    let count = hashes.length;
    while (count > 1) {
      const nextCount = Math.ceil(count / 2);
      const next = Buffer.alloc(nextCount * HASH_BYTES);
      for (let i = 0; i + 1 < count; i += 2)
        next.set(nodeHash(at(level, i), at(level, i + 1)), (i / 2) * HASH_BYTES);
      // an unpaired last node moves up as it is
      if (count % 2 === 1) next.set(at(level, count - 1), (nextCount - 1) * HASH_BYTES);
      levels.push(next);
      level = next;
      count = nextCount;
    }
    return new MerkleTree(levels, hashes.length);
  }

  /** Builds the tree over leaf inputs (each hashed as a leaf first). */
  static fromLeaves(leaves: readonly (Uint8Array | string)[]): MerkleTree {
    return MerkleTree.fromLeafHashes(leaves.map((l) => leafHash(l)));
  }

  /** MTH of the leaves. */
  root(): Buffer {
    if (this.size === 0) return Buffer.from(EMPTY_ROOT);
    return Buffer.from(at(this.levels[this.levels.length - 1]!, 0));
  }

  /** The leaf hash at `index`. */
  leaf(index: number): Buffer {
    this.checkIndex(index);
    return Buffer.from(at(this.levels[0]!, index));
  }

  /**
   * The audit path of leaf `index` (RFC 9162 2.1.3.1, PATH(m, D[n])): sibling hashes from the leaf up.
   * A node carried up without a sibling adds nothing, as in the recursive definition.
   */
  inclusionProof(index: number): Buffer[] {
    this.checkIndex(index);
    const path: Buffer[] = [];
    let i = index;
    for (let l = 0; l < this.levels.length - 1; l++) {
      const level = this.levels[l]!;
      const count = level.length / HASH_BYTES;
      const sibling = i ^ 1;
      if (sibling < count) path.push(Buffer.from(at(level, sibling)));
      i >>= 1;
    }
    return path;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      throw new RangeError(`leaf index ${index} is outside a tree of ${this.size} leaves`);
  }
}

function at(level: Buffer, i: number): Buffer {
  return level.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES);
}

/**
 * Verifies an inclusion proof (RFC 9162 2.1.3.2): true when `path` proves that the leaf whose hash is
 * `leafHashValue` is leaf `index` of the tree of `treeSize` leaves with root `root`.
 */
export function verifyInclusion(
  leafHashValue: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize)
    return false;
  // 2.1.3.2 step 2: fn = leaf_index, sn = tree_size - 1, r = leaf hash
  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHashValue);
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      // fn === sn with LSB unset: this node was carried up without a sibling for these levels
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.compare(r, Buffer.from(root)) === 0;
}
