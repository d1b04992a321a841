import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  leafHash,
  MerkleTree,
  nodeHash,
  splitPoint,
  verifyInclusion,
} from '../../../core/domain/merkle';

// An independent, literal reading of RFC 9162 2.1.1 and 2.1.3.1, used as the reference.
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.of(0), d[0]!);
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return sha(Buffer.of(1), mth(d.slice(0, k)), mth(d.slice(k)));
}
function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}
const leaves = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`, 'utf8'));

describe('Merkle tree (RFC 9162)', () => {
  it('hashes leaves and nodes with their domain-separation prefixes', () => {
    expect(leafHash('abc')).toEqual(sha(Buffer.of(0), Buffer.from('abc')));
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 2);
    expect(nodeHash(a, b)).toEqual(sha(Buffer.of(1), a, b));
    expect(splitPoint(2)).toBe(1);
    expect(splitPoint(5)).toBe(4);
    expect(splitPoint(8)).toBe(4);
    expect(splitPoint(9)).toBe(8);
  });

  it('has the hash of the empty string as the root of no leaves', () => {
    expect(MerkleTree.fromLeaves([]).root()).toEqual(sha());
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('computes the same root and audit paths as the recursive definition for 1..64 leaves', () => {
    for (let n = 1; n <= 64; n++) {
      const d = leaves(n);
      const tree = MerkleTree.fromLeaves(d);
      expect(tree.root().toString('hex'), `root of ${n}`).toBe(mth(d).toString('hex'));
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m);
        expect(
          proof.map((h) => h.toString('hex')),
          `path ${m} of ${n}`,
        ).toEqual(path(m, d).map((h) => h.toString('hex')));
        expect(verifyInclusion(leafHash(d[m]!), m, n, proof, tree.root()), `proof ${m} of ${n}`).toBe(true);
      }
    }
  });

  it('rejects a tampered leaf, path, index or size', () => {
    for (const n of [1, 2, 3, 7, 8, 13, 64]) {
      const d = leaves(n);
      const tree = MerkleTree.fromLeaves(d);
      const root = tree.root();
      const bigger = MerkleTree.fromLeaves(leaves(n + 1)).root();
      const smaller = MerkleTree.fromLeaves(leaves(n - 1)).root();
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m);
        const leaf = leafHash(d[m]!);
        expect(verifyInclusion(leafHash(Buffer.from('other')), m, n, proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(leaf, (m + 1) % n, n, proof, root)).toBe(false);
        // the size a checkpoint signs goes with its root: a path of this tree fails against another size's
        expect(verifyInclusion(leaf, m, n + 1, proof, bigger)).toBe(false);
        if (m < n - 1) expect(verifyInclusion(leaf, m, n - 1, proof, smaller)).toBe(false);
        expect(verifyInclusion(leaf, n, n, proof, root)).toBe(false);
        expect(verifyInclusion(leaf, -1, n, proof, root)).toBe(false);
        for (let i = 0; i < proof.length; i++) {
          const bad = proof.map((h) => Buffer.from(h));
          bad[i]![0]! ^= 1;
          expect(verifyInclusion(leaf, m, n, bad, root)).toBe(false);
        }
        expect(verifyInclusion(leaf, m, n, [...proof, Buffer.alloc(32)], root)).toBe(false);
        if (proof.length > 0) expect(verifyInclusion(leaf, m, n, proof.slice(0, -1), root)).toBe(false);
      }
    }
  });

  it('refuses leaf hashes of the wrong length and indexes outside the tree', () => {
    expect(() => MerkleTree.fromLeafHashes([Buffer.alloc(31)])).toThrow(/not 32 bytes/);
    expect(() => MerkleTree.fromLeaves(leaves(3)).inclusionProof(3)).toThrow(/outside a tree of 3/);
  });
});
