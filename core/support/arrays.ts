/**
 * Array helpers for inputs of any length. `target.push(...items)` and `Math.max(...values)` pass each
 * element as an argument, and V8 runs out of stack near 120,000 of them ("Maximum call stack size
 * exceeded"): a Config snapshot, a sweep's evaluation results, a binder's inventory or drift table and
 * the problems of a tampered binder can all be longer than that.
 */

/** Appends `items` to `target`, one by one; returns `target`. */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `floor` when none is larger (or there are none). */
export function maxOf(values: Iterable<number>, floor = Number.NEGATIVE_INFINITY): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}
