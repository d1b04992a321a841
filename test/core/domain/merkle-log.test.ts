import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leafHash, MerkleTree } from '../../../core/domain/merkle';
import {
  appendLeaves,
  consistencyProof,
  EMPTY_FRONTIER,
  frontierRoot,
  isWellFormed,
  LogExtension,
  verifyConsistency,
} from '../../../core/domain/merkle-log';

// An independent, literal reading of RFC 9162 2.1.1 and 2.1.4.1 over every leaf, used as the reference.
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return d[0]!;
  const k = split(d.length);
  return sha(Buffer.of(1), mth(d.slice(0, k)), mth(d.slice(k)));
}
function subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}
const hashes = (n: number, salt = '') => Array.from({ length: n }, (_, i) => leafHash(`${salt}leaf ${i}`));

describe('append-only Merkle log (RFC 9162)', () => {
  it('keeps a frontier whose root is the tree hash, appended one leaf or many at a time', () => {
    for (let n = 0; n <= 70; n++) {
      const all = hashes(n);
      const oneByOne = all.reduce((f, h) => appendLeaves(f, [h]), EMPTY_FRONTIER);
      const atOnce = appendLeaves(EMPTY_FRONTIER, all);
      expect(frontierRoot(oneByOne)).toEqual(mth(all));
      expect(frontierRoot(atOnce)).toEqual(mth(all));
      expect(MerkleTree.fromLeafHashes(all).root()).toEqual(mth(all));
      expect(oneByOne.size).toBe(n);
      expect(isWellFormed(atOnce)).toBe(true);
    }
  });

  it('proves consistency from the old frontier exactly as the RFC does from every leaf', () => {
    for (let n = 1; n <= 40; n++) {
      const all = hashes(n);
      for (let m = 1; m < n; m++) {
        const old = appendLeaves(EMPTY_FRONTIER, all.slice(0, m));
        const proof = consistencyProof(old, all.slice(m));
        expect(proof).toEqual(subproof(m, all, true));
        expect(verifyConsistency(m, n, mth(all.slice(0, m)), mth(all), proof)).toBe(true);
      }
    }
  });

  it('rejects a rewritten old leaf, another new tree, a tampered or truncated proof', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), (a, b) => {
        const m = Math.min(a, b);
        const n = Math.max(a, b) + 1;
        const all = hashes(n);
        const old = appendLeaves(EMPTY_FRONTIER, all.slice(0, m));
        const proof = consistencyProof(old, all.slice(m));
        const oldRoot = frontierRoot(old);
        const newRoot = mth(all);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        // history rewritten: the old tree's first leaf replaced, the new tree rebuilt over it
        const forged = [leafHash('forged'), ...all.slice(1)];
        expect(verifyConsistency(m, n, oldRoot, mth(forged), proof)).toBe(false);
        // a proof for n leaves does not prove the tree of n + 1 leaves
        expect(verifyConsistency(m, n + 1, oldRoot, mth(hashes(n + 1)), proof)).toBe(false);
        if (proof.length > 0) {
          const bad = proof.map((p, i) => (i === proof.length - 1 ? leafHash('x') : p));
          expect(verifyConsistency(m, n, oldRoot, newRoot, bad)).toBe(false);
          expect(verifyConsistency(m, n, oldRoot, newRoot, proof.slice(0, -1))).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('extends a log a page at a time to the same root and proof as the RFC over every leaf', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_500 }),
        fc.integer({ min: 0, max: 1_500 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }),
        (m, added, pages) => {
          const all = hashes(m + added, `${m}/${added}`);
          const extension = new LogExtension(appendLeaves(EMPTY_FRONTIER, all.slice(0, m)));
          // the new leaves arrive in pages of the sizes drawn, the last page whatever is left
          let at = m;
          for (let p = 0; at < all.length; p++) {
            const size = p < pages.length ? pages[p]! : all.length - at;
            extension.append(all.slice(at, at + size));
            at += size;
          }
          expect(extension.appended).toBe(added);
          expect(extension.frontier()).toEqual(appendLeaves(EMPTY_FRONTIER, all));
          expect(frontierRoot(extension.frontier())).toEqual(MerkleTree.fromLeafHashes(all).root());
          const proof = extension.consistencyProof();
          expect(proof).toEqual(m === 0 ? [] : subproof(m, all, true));
          if (m > 0)
            expect(verifyConsistency(m, m + added, mth(all.slice(0, m)), mth(all), proof)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('treats the empty and the identical tree as the RFC does', () => {
    const all = hashes(5);
    expect(consistencyProof(EMPTY_FRONTIER, all)).toEqual([]);
    expect(verifyConsistency(0, 5, mth([]), mth(all), [])).toBe(true);
    expect(verifyConsistency(5, 5, mth(all), mth(all), [])).toBe(true);
    expect(verifyConsistency(5, 5, mth(all), mth(hashes(5, 'other')), [])).toBe(false);
    expect(verifyConsistency(6, 5, mth(all), mth(all), [])).toBe(false);
  });

  it('refuses a leaf hash of the wrong length and reports a malformed frontier', () => {
    expect(() => appendLeaves(EMPTY_FRONTIER, [Buffer.alloc(31)])).toThrow(/not 32 bytes/);
    expect(isWellFormed({ size: 3, nodes: [Buffer.alloc(32)] })).toBe(false);
  });
});
