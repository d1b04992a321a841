/** Small, total readers over untyped configuration JSON: they never throw, they answer undefined. */

export function field(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    // Config spells the same field in several cases (sSEDescription, SSEDescription, ssedescription)
    const rec = cur as Record<string, unknown>;
    if (key in rec) {
      cur = rec[key];
      continue;
    }
    const lower = key.toLowerCase();
    const match = Object.keys(rec).find((k) => k.toLowerCase() === lower);
    cur = match === undefined ? undefined : rec[match];
  }
  return cur;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True' || value === 'TRUE') return true;
  if (value === 'false' || value === 'False' || value === 'FALSE') return false;
  return undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
