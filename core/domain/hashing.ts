import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** RFC 8785 (JSON Canonicalization Scheme) text of a JSON value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be canonicalized as JSON');
  return text;
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

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
