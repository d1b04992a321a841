/**
 * Redaction runs before hashing, so a secret never reaches the store, the hash or a binder.
 * Two rules: any key whose name looks like a secret, and every value under an `environment.variables`
 * object (Lambda and container environments routinely carry credentials).
 */
import { DEFAULT_EPHI_TAGS, type EphiTagRule } from './ephi';

export const REDACTED = '[REDACTED]';

export const DEFAULT_SECRET_KEY_PATTERNS = [
  'password',
  'passwd',
  'secret',
  'token',
  'credential',
  'privatekey',
  'private_key',
  'keymaterial',
  'key_material',
  'sessionkey',
  'apikey',
  'api_key',
  'masteruserpassword',
  // the RDS/Redshift/DocumentDB administrator's user name: half of the database's master credential
  'masterusername',
];

export interface RedactionPolicy {
  /** case-insensitive substrings of key names whose values are replaced */
  keyPatterns: string[];
  /**
   * ePHI scope rules: the only use ever made of tag values, before they are dropped (see ephi.ts).
   * Absent: the defaults.
   */
  ephiTags?: readonly EphiTagRule[];
}

export function redactionPolicy(
  extra: string[] = [],
  ephiTags: readonly EphiTagRule[] = DEFAULT_EPHI_TAGS,
): RedactionPolicy {
  return {
    keyPatterns: [...DEFAULT_SECRET_KEY_PATTERNS, ...extra.map((p) => p.toLowerCase()).filter(Boolean)],
    ephiTags,
  };
}

function isSecretKey(key: string, policy: RedactionPolicy): boolean {
  const k = key.toLowerCase();
  return policy.keyPatterns.some((p) => k.includes(p));
}

/** Keys under which AWS puts resource tags; their values are customer text and may be PHI. */
const TAG_KEYS = new Set(['tags', 'tagset', 'tagsets', 'taglist', 'tagslist', 'buckettaggingconfiguration']);

/** The tag keys in any of the shapes AWS uses: a map, [{key, value}], [{Key, Value}], tagSets. */
export function tagKeysOf(value: unknown): string[] {
  const keys = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      for (const item of v) {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
          const rec = item as Record<string, unknown>;
          // S3 and CloudTrail say key/Key, KMS says TagKey
          const k = rec.key ?? rec.Key ?? rec.TagKey;
          if (typeof k === 'string') keys.add(k);
          else walk(item);
        }
      }
    } else if (v !== null && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        if (
          TAG_KEYS.has(k.toLowerCase()) ||
          Array.isArray(inner) ||
          (inner !== null && typeof inner === 'object')
        )
          walk(inner);
        else keys.add(k);
      }
    }
  };
  walk(value);
  return [...keys].sort();
}

/**
 * A deep copy of `value` with secrets replaced and tag values removed (only tag keys are kept); never
 * mutates its input.
 */
export function redact(
  value: unknown,
  policy: RedactionPolicy,
  underEnvironment = false,
  keepTags = false,
): unknown {
  if (Array.isArray(value)) {
    // container definitions spell environments as [{name, value}]
    if (underEnvironment) {
      return value.map((v) => {
        const r = redact(v, policy, false, keepTags);
        return r !== null && typeof r === 'object' && !Array.isArray(r) && 'value' in r
          ? { ...r, value: REDACTED }
          : r;
      });
    }
    return value.map((v) => redact(v, policy, false, keepTags));
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const lower = k.toLowerCase();
    if (underEnvironment && lower === 'variables' && v !== null && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.keys(v).map((name) => [name, REDACTED]));
    } else if (!keepTags && TAG_KEYS.has(lower) && v !== null && typeof v === 'object') {
      out[k] = { tagKeys: tagKeysOf(v) };
    } else if (isSecretKey(k, policy) && v !== null && v !== undefined && typeof v !== 'boolean') {
      out[k] = REDACTED;
    } else {
      out[k] = redact(v, policy, lower === 'environment', keepTags);
    }
  }
  return out;
}

/** `redact` for an object, typed as one. */
export function redactObject(
  value: Record<string, unknown>,
  policy: RedactionPolicy,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(redact(value, policy) as object)) out[k] = v;
  return out;
}

/**
 * Secrets and environment values replaced, everything else (tags included) kept as it is: for input
 * that is kept for review rather than hashed into evidence (quarantine). It must still parse after a
 * fix, and the ePHI scope is read from tag values, so tags stay; a secret has no use in either.
 */
export function redactSecrets(value: unknown, policy: RedactionPolicy): unknown {
  return redact(value, policy, false, true);
}
