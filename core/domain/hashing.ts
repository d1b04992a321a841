import * as crypto from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a JSON value. For plain JSON (strings, finite
 * numbers, booleans, null, arrays and objects) JCS is JSON.stringify with every object's members in
 * the order of their names' UTF-16 code units, so such a value is serialized natively, its objects
 * copied in that order only where they are not already (a record parsed from canonical text never
 * is); anything else goes through the `canonicalize` package. A test holds the two to the same text.
 */
export function canonicalJson(value: unknown): string {
  const ordered = inJcsOrder(value);
  const text = ordered === NOT_PLAIN ? canonicalize(value) : JSON.stringify(ordered);
  if (text === undefined) throw new TypeError('value cannot be canonicalized as JSON');
  return text;
}

const NOT_PLAIN = Symbol('not plain JSON');
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/**
 * `value` itself when it is plain JSON whose objects list their members in JCS order; a copy in that
 * order when it is plain JSON otherwise (members whose value is undefined left out, as JCS does);
 * NOT_PLAIN when it holds anything else (a non-finite number, a function, a toJSON method...).
 */
function inJcsOrder(value: unknown): unknown {
  if (typeof value !== 'object') {
    const plain =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    return plain ? value : NOT_PLAIN;
  }
  if (value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = inJcsOrder(value[i]);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      if (item !== value[i]) {
        copy ??= value.slice();
        copy[i] = item;
      }
    }
    return copy ?? value;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
  const object = value as Record<string, unknown>;
  const names = Object.keys(object);
  let reorder = false;
  for (let i = 1; i < names.length && !reorder; i++) reorder = !(names[i - 1]! < names[i]!);
  if (reorder) {
    // an object lists array-index names first, in numeric order, whatever order they are added in
    if (names.some((n) => ARRAY_INDEX.test(n))) return NOT_PLAIN;
    names.sort();
  }
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const member = object[name];
    const item = member === undefined ? undefined : inJcsOrder(member);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (!copy && (reorder || item !== member)) {
      // from here on the object is rebuilt in order: the members before this one are kept as they are
      copy = {};
      for (let j = 0; j < i; j++) if (object[names[j]!] !== undefined) copy[names[j]!] = object[names[j]!];
    }
    if (copy && item !== undefined) copy[name] = item;
  }
  return copy ?? object;
}

export function sha256Hex(text: string | Uint8Array): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * SHA-256 of one buffer or UTF-8 string, as bytes: node:crypto's one-shot `hash` when the runtime has
 * it (Node >= 20.12), which spares the Hash object createHash makes per call, else createHash.
 */
export const sha256Bytes: (data: Uint8Array | string) => Buffer =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

/** SHA-256 over the RFC 8785 canonical JSON of a value. */
export function hashCanonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * RFC 8785 text of an object whose member values are already canonical JSON texts. JCS orders members
 * by the UTF-16 code units of their names, which is what `Array.prototype.sort` does for strings, and
 * serializes names as JSON.stringify does; so this equals `canonicalJson` of the object while letting a
 * caller reuse the canonical text of a large member (a snapshot) in more than one hash.
 */
export function canonicalFromMembers(members: Record<string, string | undefined>): string {
  const names = Object.keys(members)
    .filter((k) => members[k] !== undefined)
    .sort();
  return `{${names.map((k) => `${JSON.stringify(k)}:${members[k]}`).join(',')}}`;
}
