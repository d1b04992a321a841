/**
 * The shape of input before any event is parsed: splitting a document into its events, and refusing
 * hostile nesting before anything recurses into it.
 */

/** The value as a JSON object, or undefined when it is not one (arrays and null included). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  // a plain check, not a schema parse: this runs on every event of every input
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Splits an input document into the events it holds: a JSON array is its elements, a CloudTrail log
 * file is its `Records`, an AWS Config snapshot or history file its `configurationItems`, anything else
 * is one event.
 */
export function expandDocument(doc: unknown): unknown[] {
  // iterative, in document order: an array nested thousands deep must not overflow the stack
  const out: unknown[] = [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const d = stack.pop();
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push(d[i]);
      continue;
    }
    const rec = asRecord(d);
    const items = rec && !('detail-type' in rec) ? (rec.Records ?? rec.configurationItems) : undefined;
    // one by one: a Config snapshot can hold more items than push(...) takes arguments (~120,000)
    if (Array.isArray(items)) for (const item of items) out.push(item);
    else out.push(d);
  }
  return out;
}

/** Deeper than any AWS event or configuration item; deeper input is refused before anything recurses. */
export const MAX_EVENT_DEPTH = 64;

/** Whether a JSON value nests deeper than `max` levels (checked without recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
