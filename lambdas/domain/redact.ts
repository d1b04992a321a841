/**
 * Redaction runs before hashing, so a secret never reaches the store, the hash or a binder.
 * Two rules: any key whose name looks like a secret, and every value under an `environment.variables`
 * object (Lambda and container environments routinely carry credentials).
 */
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
];

export interface RedactionPolicy {
  /** case-insensitive substrings of key names whose values are replaced */
  keyPatterns: string[];
}

export function redactionPolicy(extra: string[] = []): RedactionPolicy {
  return { keyPatterns: [...DEFAULT_SECRET_KEY_PATTERNS, ...extra.map((p) => p.toLowerCase()).filter(Boolean)] };
}

function isSecretKey(key: string, policy: RedactionPolicy): boolean {
  const k = key.toLowerCase();
  return policy.keyPatterns.some((p) => k.includes(p));
}

/** A deep copy of `value` with secrets replaced; never mutates its input. */
export function redact(value: unknown, policy: RedactionPolicy, underEnvironment = false): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, policy, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (underEnvironment && k.toLowerCase() === 'variables' && v !== null && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.keys(v).map((name) => [name, REDACTED]));
    } else if (isSecretKey(k, policy) && v !== null && v !== undefined && typeof v !== 'boolean') {
      out[k] = REDACTED;
    } else {
      out[k] = redact(v, policy, k.toLowerCase() === 'environment');
    }
  }
  return out;
}
