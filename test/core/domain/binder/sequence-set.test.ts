import { describe, expect, it } from 'vitest';
import { SequenceSet } from '../../../../core/domain/binder/sequence-set';

describe('SequenceSet', () => {
  it('tells a sequence seen before, small or past the bitmap, without aliasing large ones onto small', () => {
    // Prepare
    const set = new SequenceSet();
    const added = [1, 2, 9, 1000, 2 ** 24, 2 ** 32 + 1, 9_999_999_999];
    // Act
    const first = added.map((s) => set.add(s));
    const again = added.map((s) => set.add(s));
    // Assess
    expect(first.every(Boolean)).toBe(true);
    expect(again.some(Boolean)).toBe(false);
    expect(set.size).toBe(added.length);
    for (const s of added) expect(set.has(s)).toBe(true);
    for (const s of [0, 3, 8, 999, 2 ** 24 + 1, 2 ** 32]) expect(set.has(s)).toBe(false);
  });

  it('carries its sequences through its partial form (bitmap and the list past it), telling overlaps', () => {
    // Prepare
    const slice = new SequenceSet();
    for (const s of [0, 5, 70_000, 2 ** 24 + 3]) slice.add(s);
    const merged = new SequenceSet();
    merged.add(1);
    // Act
    const disjoint = merged.addAll(slice.toBase64(), slice.beyondBitmap());
    const overlapping = merged.addAll(slice.toBase64(), []);
    // Assess
    expect(disjoint).toBe(true);
    expect(overlapping).toBe(false);
    expect(merged.size).toBe(5);
    for (const s of [0, 1, 5, 70_000, 2 ** 24 + 3]) expect(merged.has(s)).toBe(true);
    expect(merged.has(2 ** 24 + 4)).toBe(false);
  });
});
