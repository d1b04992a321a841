/**
 * What the anchors hold, and how the table's copies compare with it. The anchors, not the table, are
 * the record of what was signed: the signers restore or refuse from this comparison, and verify-store
 * reports it.
 */
import type { z } from 'zod';
import { canonicalJson } from '../domain/hashing';
import type { AnchorStore } from '../ports/anchor-store';
import { append } from '../support/arrays';

/** One kind of anchored document: its folder, its schema, and the name each document must be kept under. */
export interface AnchorKind<T> {
  prefix: string;
  schema: z.ZodType<T>;
  nameOf(item: T): string;
}

/** A document read from an anchor; undefined when it is not one of `kind`. */
export function parseAnchor<T>(kind: AnchorKind<T>, body: string | undefined): T | undefined {
  if (body === undefined) return undefined;
  try {
    const parsed = kind.schema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The anchored documents of `kind` in name order (after `startAfter` when given); a name that holds no
 * such document, or one kept under another name, is returned apart.
 */
export async function readAnchored<T>(
  anchors: AnchorStore,
  kind: AnchorKind<T>,
  startAfter?: string,
): Promise<{ items: T[]; unreadable: string[] }> {
  const items: T[] = [];
  const unreadable: string[] = [];
  for (const name of await anchors.list(kind.prefix, startAfter)) {
    const item = parseAnchor(kind, await anchors.get(name));
    if (item && kind.nameOf(item) === name) items.push(item);
    else unreadable.push(name);
  }
  return { items, unreadable };
}

/** The table's copies against the anchored documents, matched by `keyOf`. */
export interface AnchorComparison<T, K> {
  /** anchored, and not in the table */
  missing: T[];
  /** anchored, and different in the table */
  differing: T[];
  /** in the table, and not anchored */
  unanchored: K[];
}

export function compareWithAnchors<T, K>(
  table: readonly T[],
  anchored: readonly T[],
  keyOf: (item: T) => K,
): AnchorComparison<T, K> {
  const inTable = new Map(table.map((t) => [keyOf(t), t]));
  const out: AnchorComparison<T, K> = { missing: [], differing: [], unanchored: [] };
  for (const item of anchored) {
    const key = keyOf(item);
    const copy = inTable.get(key);
    if (copy === undefined) out.missing.push(item);
    else if (canonicalJson(copy) !== canonicalJson(item)) out.differing.push(item);
    inTable.delete(key);
  }
  append(out.unanchored, inTable.keys());
  return out;
}
