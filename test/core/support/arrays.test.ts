import { describe, expect, it } from 'vitest';
import { columnWidths } from '../../../core/adapters/binder/table-text';
import { expandDocument } from '../../../core/domain/normalize';
import { append, maxOf } from '../../../core/support/arrays';
import { compareWithAnchors } from '../../../core/usecases/anchored';

/** Past the ~120,000 arguments at which V8's `push(...items)` and `Math.max(...values)` overflow the stack. */
const MANY = 300_000;

describe('arrays of any length', () => {
  it('appends and finds the largest where spreading the arguments overflows the stack', () => {
    // Arrange
    const items = Array.from({ length: MANY }, (_, i) => i);
    expect(() => [].push(...(items as never[]))).toThrow(RangeError);
    // Act and assert
    expect(append([-1], items)).toHaveLength(MANY + 1);
    expect(maxOf(items)).toBe(MANY - 1);
    expect(maxOf([], 7)).toBe(7);
    expect(maxOf([3, 9, 4], 5)).toBe(9);
  });

  it('sizes the columns of a table of 300,000 rows (a large inventory or drift table)', () => {
    // Arrange
    const rows = Array.from({ length: MANY }, (_, i) => [
      `bucket-${i}`,
      i % 2 ? 'COMPLIANT' : 'NON_COMPLIANT',
    ]);
    // Act
    const { widths } = columnWidths(['resource', 'status'], rows, 60, [3, 1]);
    // Assert
    expect(widths[0]).toBeGreaterThanOrEqual(`bucket-${MANY - 1}`.length);
    expect(widths[1]).toBeGreaterThanOrEqual('NON_COMPLIANT'.length);
  });

  it('expands a Config snapshot of 300,000 configuration items', () => {
    // Arrange
    const snapshot = {
      fileVersion: '1.0',
      configSnapshotId: 'test',
      configurationItems: Array.from({ length: MANY }, (_, i) => ({ resourceId: `r-${i}` })),
    };
    // Act
    const events = expandDocument(snapshot);
    // Assert
    expect(events).toHaveLength(MANY);
    expect(events[MANY - 1]).toEqual({ resourceId: `r-${MANY - 1}` });
  });

  it('lists 300,000 items of the table that no anchor holds', () => {
    // Arrange
    const table = Array.from({ length: MANY }, (_, i) => ({ id: i }));
    // Act
    const out = compareWithAnchors(table, [], (t) => t.id);
    // Assert
    expect(out.unanchored).toHaveLength(MANY);
  });
});
