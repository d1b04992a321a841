import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DayLeaf, dayTree, lowerBound } from '../../../core/domain/checkpoint';
import { type LeafHashes, PackedDayTree } from '../../../core/domain/day-tree';

const hashOf = (s: string) => createHash('sha256').update(s).digest('hex');

/** `n` leaves as the store holds them: some share an observation time, in no particular order. */
function leaves(n: number, seed = 1): DayLeaf[] {
  let x = seed;
  const next = (m: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % m;
  };
  return Array.from({ length: n }, (_, i) => ({
    observedAt: new Date(Date.UTC(2026, 9, 1) + next(50) * 60_000 + next(3)).toISOString(),
    recordHash: hashOf(`record ${seed} ${i}`),
  }));
}

async function* inBatches(all: DayLeaf[], size: number): AsyncIterable<DayLeaf[]> {
  for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
}

async function packed(all: DayLeaf[]): Promise<PackedDayTree> {
  const tree = await PackedDayTree.from(inBatches(all, 7));
  if (!(tree instanceof PackedDayTree)) throw new Error(tree.problem);
  return tree;
}

describe('PackedDayTree', () => {
  it('is the tree dayTree builds: same root, leaves in the same order, same audit paths', async () => {
    for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 100]) {
      // Prepare
      const all = leaves(n, n + 1);
      const reference = dayTree([...all]);
      // Act
      const tree = await packed(all);
      // Assess
      expect(tree.size).toBe(n);
      expect(tree.root().toString('hex')).toBe(reference.tree.root().toString('hex'));
      for (let i = 0; i < n; i++) {
        expect(tree.leafAt(i)).toEqual(reference.leaves[i]);
        expect(tree.inclusionProof(i).map((h) => h.toString('hex'))).toEqual(
          reference.tree.inclusionProof(i).map((h) => h.toString('hex')),
        );
        expect(tree.indexOf(reference.leaves[i]!)).toBe(i);
      }
    }
  });

  it('finds bounds as lowerBound does, for keys that are not leaves (period bounds, other hashes)', async () => {
    // Prepare
    const all = leaves(60, 5);
    const reference = dayTree([...all]);
    const tree = await packed(all);
    const times = [...new Set(all.map((l) => l.observedAt))];
    const keys: DayLeaf[] = [
      ...times.flatMap((t) => [
        { observedAt: t, recordHash: '' },
        { observedAt: t, recordHash: '~' },
        { observedAt: t, recordHash: hashOf(t) },
      ]),
      { observedAt: '2026-09-30T23:59:59.999Z', recordHash: '' },
      { observedAt: '2026-10-01T00:25:00.000Z', recordHash: '~' },
      { observedAt: '2026-10-01T00:25', recordHash: '' },
      { observedAt: '2027', recordHash: '' },
    ];
    // Act / Assess
    for (const key of keys) {
      expect(tree.lowerBound(key)).toBe(lowerBound(reference.leaves, key));
      expect(tree.indexOf(key)).toBeUndefined();
    }
  });

  it('proves and searches the same once its leaf hashes are moved, reading them only from where they went', async () => {
    // Prepare
    const all = leaves(101, 9);
    const reference = dayTree([...all]);
    const tree = await packed(all);
    const reads: number[] = [];
    let given: Buffer | undefined;
    // Act
    const moved = tree.moveLeafHashes((hashes) => {
      given = hashes;
      const copy = Buffer.from(hashes);
      return {
        read(first, count) {
          reads.push(count);
          return copy.subarray(first * 32, (first + count) * 32);
        },
      } satisfies LeafHashes;
    });
    // what the tree held is no longer read: spoiling it changes nothing
    given!.fill(0);
    // Assess
    expect(moved.read(0, 1).toString('hex')).toBe(reference.leaves[0]!.recordHash);
    reads.length = 0;
    expect(tree.root().toString('hex')).toBe(reference.tree.root().toString('hex'));
    for (let i = 0; i < all.length; i++) {
      reads.length = 0;
      expect(tree.inclusionProof(i).map((h) => h.toString('hex'))).toEqual(
        reference.tree.inclusionProof(i).map((h) => h.toString('hex')),
      );
      // one run of the (up to) four leaves under the proof's lowest kept node
      expect(reads).toEqual([i < 100 ? 4 : 1]);
      expect(tree.leafAt(i)).toEqual(reference.leaves[i]);
      expect(tree.indexOf(reference.leaves[i]!)).toBe(i);
      expect(tree.lowerBound({ observedAt: reference.leaves[i]!.observedAt, recordHash: '' })).toBe(
        lowerBound(reference.leaves, { observedAt: reference.leaves[i]!.observedAt, recordHash: '' }),
      );
    }
    expect(() => tree.moveLeafHashes((h) => ({ read: () => h }))).toThrow(/moved already/);
  });

  it('finds leaves among thousands that share one observation time (a run too long to read at once)', async () => {
    // Prepare: a Config snapshot's items are all captured at one time
    const at = '2026-10-01T00:00:00.000Z';
    const all = Array.from({ length: 5000 }, (_, i) => ({ observedAt: at, recordHash: hashOf(`item ${i}`) }));
    all.push({ observedAt: '2026-10-01T00:00:00.001Z', recordHash: hashOf('later') });
    const reference = dayTree([...all]);
    const tree = await packed(all);
    // Act / Assess
    for (let i = 0; i < all.length; i += 97) expect(tree.indexOf(reference.leaves[i]!)).toBe(i);
    expect(tree.indexOf(reference.leaves[all.length - 1]!)).toBe(all.length - 1);
    for (const key of [
      { observedAt: at, recordHash: '' },
      { observedAt: at, recordHash: '~' },
      { observedAt: at, recordHash: hashOf('not there') },
    ])
      expect(tree.lowerBound(key)).toBe(lowerBound(reference.leaves, key));
  });

  it('refuses a day whose leaves are not as the store writes them, naming the leaf', async () => {
    // Prepare
    const bad: [DayLeaf, string][] = [
      [{ observedAt: '2026-10-01T00:00:00Z', recordHash: hashOf('a') }, 'observation time'],
      [{ observedAt: '2026-06-31T00:00:00.000Z', recordHash: hashOf('a') }, 'observation time'],
      [{ observedAt: '2026-10-01T00:00:00.000Z', recordHash: hashOf('a').toUpperCase() }, 'record hash'],
    ];
    for (const [leaf, what] of bad) {
      // Act
      const tree = await PackedDayTree.from(inBatches([...leaves(3), leaf], 2));
      // Assess
      const named = what === 'record hash' ? leaf.recordHash : leaf.observedAt;
      expect(tree).toEqual({ problem: expect.stringMatching(what) });
      expect(tree).toEqual({ problem: expect.stringContaining(named) });
    }
  });
});
