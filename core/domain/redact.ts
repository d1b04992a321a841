/**
 * Redaction runs before hashing, so a secret never reaches the store, the hash or a binder. It walks
 * the whole input:
 * - keys whose name looks like a secret (`password`, `authorization`, `x-api-key`, ...) lose their value,
 *   and so do `{name, value}` pairs whose name does;
 * - every value of an environment (Lambda `environment.variables`, container `environment` lists,
 *   `environmentVariables`): they routinely carry credentials;
 * - every value inside a policy statement's `Condition` block (a Referer or a user agent can be a shared
 *   secret), except the true/false of `aws:SecureTransport`, which the s3-bucket-tls verdict rests on;
 * - tag values (free text, possibly PHI): evidence keeps only the keys;
 * - every string, for secrets inside text (redact-text.ts), and JSON documents inside strings (a bucket
 *   policy's `policyText`, URL-encoded IAM documents), which are walked like the rest.
 */
import { DEFAULT_EPHI_TAGS, type EphiTagRule } from './ephi';
import { REDACTED, redactText } from './redact-text';

export { REDACTED } from './redact-text';

/** Case-insensitive substrings of key names whose values are secrets. */
export const DEFAULT_SECRET_KEY_PATTERNS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'credential',
  'privatekey',
  'private_key',
  'private-key',
  'keymaterial',
  'key_material',
  'sessionkey',
  'apikey',
  'api_key',
  'api-key',
  'masteruserpassword',
  // the RDS/Redshift/DocumentDB administrator's user name: half of the database's master credential
  'masterusername',
];

/**
 * Secret key names matched whole, not as substrings: `authorization` inside a name would also take
 * evidence such as API Gateway's `authorizationType`, and `pwd` is too short a substring to trust.
 */
const SECRET_KEY_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'pwd']);

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

/** Whether a key (or a `{name, value}` pair's name) names a secret under `policy`. */
export function isSecretKey(key: string, policy: RedactionPolicy): boolean {
  const k = key.toLowerCase();
  return SECRET_KEY_NAMES.has(k) || policy.keyPatterns.some((p) => k.includes(p));
}

/** True or false as IAM writes a Bool condition value, and CloudTrail some flags: a boolean or its string. */
const booleanish = (v: unknown) =>
  typeof v === 'boolean' || (typeof v === 'string' && /^(true|false)$/i.test(v));

/**
 * Words that make a secret-looking key name a fact about the secret rather than the secret:
 * `passwordLastUsed`, `minimumPasswordLength`, `maxPasswordAge`, `tokenExpiry`.
 */
const ABOUT_A_SECRET = /date|time|expir|lastused|changed|created|updated|rotat|length|age|count|reuse|days/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Whether the value under a secret-looking key is kept: a boolean (or its string, as CloudTrail writes
 * `sessionCredentialFromConsole: "true"`) or null says nothing, and a number or a date under a name
 * about the secret (its age, length, last use) is evidence, not the secret. A date under `password`
 * itself is still replaced: people use dates as passwords.
 */
export function keptUnderSecretKey(key: string, value: unknown): boolean {
  if (value === null || value === undefined || booleanish(value)) return true;
  const about = ABOUT_A_SECRET.test(key.toLowerCase());
  if (typeof value === 'number') return about;
  if (typeof value === 'string') return about && (DATE.test(value) || /^\d+$/.test(value));
  return false;
}

/** Keys under which AWS puts resource tags; their values are customer text and may be PHI. */
const TAG_KEYS = new Set(['tags', 'tagset', 'tagsets', 'taglist', 'tagslist', 'buckettaggingconfiguration']);

/** Field names of one tag or one environment entry in the `[{key, value}]` shapes AWS uses. */
const PAIR_NAME = ['key', 'Key', 'TagKey', 'name', 'Name', 'parameterKey', 'ParameterKey', 'ParameterName'];
const PAIR_VALUE = ['value', 'Value', 'TagValue', 'parameterValue', 'ParameterValue'];
/** The subset that tags use: S3 and CloudTrail say key/Key, KMS says TagKey. */
const TAG_NAME = ['key', 'Key', 'TagKey'];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function pairName(rec: Record<string, unknown>, names: string[]): string | undefined {
  for (const n of names) if (typeof rec[n] === 'string') return rec[n] as string;
  return undefined;
}

/** The tag keys in any of the shapes AWS uses: a map, [{key, value}], [{Key, Value}], tagSets. */
export function tagKeysOf(value: unknown): string[] {
  const keys = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      for (const item of v) {
        if (!isRecord(item)) continue;
        const k = pairName(item, TAG_NAME);
        if (k !== undefined) keys.add(k);
        else walk(item);
      }
    } else if (isRecord(v)) {
      for (const [k, inner] of Object.entries(v)) {
        if (TAG_KEYS.has(k.toLowerCase()) || Array.isArray(inner) || isRecord(inner)) walk(inner);
        else keys.add(k);
      }
    }
  };
  walk(value);
  return [...keys].sort();
}

/** Where the walk is: evidence (tags reduced to keys) or quarantine (tag values masked in place). */
interface Walk {
  policy: RedactionPolicy;
  quarantine: boolean;
}

/**
 * A deep copy of `value` with secrets replaced and tag values removed (only tag keys are kept); never
 * mutates its input.
 */
export function redact(value: unknown, policy: RedactionPolicy): unknown {
  return walk(value, { policy, quarantine: false });
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
 * Redaction for input that is kept for review rather than hashed into evidence (quarantine): secrets,
 * environment and policy condition values are replaced as in evidence; tag values are replaced in
 * place, keys and shape kept, so the input still parses after a fix and a redrive stores the same
 * evidence. The one tag value kept is one that equals an ePHI scope rule's value for its key (as
 * `ephi=true`): scope is read from it on redrive, and it says no more than the record's scope does.
 * Text that is not JSON goes through the text patterns (redact-text.ts).
 */
export function redactSecrets(value: string, policy: RedactionPolicy): string;
export function redactSecrets(value: unknown, policy: RedactionPolicy): unknown;
export function redactSecrets(value: unknown, policy: RedactionPolicy): unknown {
  return walk(value, { policy, quarantine: true });
}

function walk(value: unknown, w: Walk): unknown {
  if (typeof value === 'string') return redactString(value, w);
  if (Array.isArray(value)) return value.map((v) => walk(v, w));
  if (!isRecord(value)) return value;
  const statement = Object.hasOwn(value, 'Effect') || Object.hasOwn(value, 'effect');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = member(k, v, w, statement);
  // a {name, value} pair whose name names a secret (a CloudFormation parameter, a CodeBuild variable)
  const name = pairName(value, PAIR_NAME);
  if (name !== undefined && isSecretKey(name, w.policy))
    for (const f of PAIR_VALUE) if (f in out && !keptUnderSecretKey(name, out[f])) out[f] = REDACTED;
  return out;
}

/** The redacted value of member `k` of an object (`statement`: the object is a policy statement). */
function member(k: string, v: unknown, w: Walk, statement: boolean): unknown {
  const lower = k.toLowerCase();
  const nested = isRecord(v) || Array.isArray(v);
  if (nested && (lower === 'environment' || lower === 'environmentvariables'))
    return environment(v, lower === 'environment', w);
  if (nested && TAG_KEYS.has(lower)) return w.quarantine ? maskTags(v, w) : { tagKeys: tagKeysOf(v) };
  if (statement && lower === 'condition') return conditionValues(v);
  if (isSecretKey(k, w.policy) && !keptUnderSecretKey(k, v)) return REDACTED;
  return walk(v, w);
}

const allRedacted = (map: object) => Object.fromEntries(Object.keys(map).map((name) => [name, REDACTED]));

/**
 * An environment: every value of a `variables` map (Lambda's `environment`) or of the map itself
 * (`environmentVariables`), and the `value` of every `[{name, value}]` entry (containers, CodeBuild).
 */
function environment(v: Record<string, unknown> | unknown[], lambda: boolean, w: Walk): unknown {
  if (Array.isArray(v))
    return v.map((item) => {
      const r = walk(item, w);
      return isRecord(r) && 'value' in r ? { ...r, value: REDACTED } : r;
    });
  if (!lambda) return allRedacted(v);
  const out: Record<string, unknown> = {};
  for (const [k, inner] of Object.entries(v))
    out[k] =
      k.toLowerCase() === 'variables' && inner !== null && typeof inner === 'object'
        ? allRedacted(inner)
        : member(k, inner, w, false);
  return out;
}

/**
 * A policy statement's Condition with operator and condition keys kept and every value replaced. The
 * one exception is a true/false `aws:SecureTransport`: the s3-bucket-tls control reads it from the
 * stored record (assessment runs on redacted facts), and one bit tells nothing secret.
 */
function conditionValues(condition: unknown): unknown {
  const mask = (v: unknown) => (Array.isArray(v) ? v.map(() => REDACTED) : REDACTED);
  // element by element, so a list that holds "false" still holds it
  const secureTransport = (v: unknown) =>
    Array.isArray(v) ? v.map((x) => (booleanish(x) ? x : REDACTED)) : booleanish(v) ? v : REDACTED;
  if (!isRecord(condition)) return mask(condition);
  const out: Record<string, unknown> = {};
  for (const [operator, block] of Object.entries(condition)) {
    if (!isRecord(block)) {
      out[operator] = mask(block);
      continue;
    }
    const kept: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(block))
      kept[key] = key.toLowerCase() === 'aws:securetransport' ? secureTransport(v) : mask(v);
    out[operator] = kept;
  }
  return out;
}

/** Whether a tag's value is one an ePHI scope rule looks for under its key (compared as ephi.ts does). */
function scopeValue(key: string, value: unknown, w: Walk): boolean {
  if (typeof value !== 'string' && typeof value !== 'boolean') return false;
  const v = String(value).trim().toLowerCase();
  return (w.policy.ephiTags ?? DEFAULT_EPHI_TAGS).some(
    (r) => r.key === key && r.values.some((x) => x.trim().toLowerCase() === v),
  );
}

/** Tags with their values replaced in place, in the shapes `tagKeysOf` reads. */
function maskTags(v: unknown, w: Walk): unknown {
  const maskOne = (key: string, value: unknown) =>
    typeof value === 'boolean' || value === null || scopeValue(key, value, w) ? value : REDACTED;
  if (Array.isArray(v))
    return v.map((item) => {
      if (!isRecord(item)) return walk(item, w);
      const key = pairName(item, TAG_NAME);
      if (key === undefined) return maskTags(item, w);
      const out: Record<string, unknown> = {};
      for (const [f, inner] of Object.entries(item))
        out[f] = PAIR_VALUE.includes(f) ? maskOne(key, inner) : walk(inner, w);
      return out;
    });
  if (!isRecord(v)) return walk(v, w);
  const out: Record<string, unknown> = {};
  for (const [k, inner] of Object.entries(v))
    out[k] =
      TAG_KEYS.has(k.toLowerCase()) || Array.isArray(inner) || isRecord(inner)
        ? maskTags(inner, w)
        : maskOne(k, inner);
  return out;
}

/** Longest embedded document parsed and walked; a longer one is redacted as text. */
const MAX_EMBEDDED = 1_000_000;

/**
 * A string: a JSON document inside it (a bucket policy's `policyText`, a JSON-in-string configuration,
 * an IAM document URL-encoded by Config) is parsed and walked like the rest, and written back only when
 * the walk changed something (so an untouched document keeps its exact text); any other string goes
 * through the text patterns.
 */
function redactString(s: string, w: Walk): string {
  if (s.length > MAX_EMBEDDED) return redactText(s, secretTest(w));
  if (/^\s*[{[]/.test(s)) {
    const doc = parseJson(s);
    if (doc !== undefined) return rewalked(doc, w, (d) => JSON.stringify(d)) ?? s;
  } else if (/^%7b/i.test(s)) {
    const decoded = decode(s);
    const doc = decoded === undefined ? undefined : parseJson(decoded);
    if (doc !== undefined) return rewalked(doc, w, (d) => encodeURIComponent(JSON.stringify(d))) ?? s;
  }
  return redactText(s, secretTest(w));
}

const secretTest = (w: Walk) => (key: string, value: string) =>
  isSecretKey(key, w.policy) && !keptUnderSecretKey(key, value);

/** The walked document as text when the walk changed it; undefined when it did not. */
function rewalked(doc: object, w: Walk, text: (d: unknown) => string): string | undefined {
  try {
    const walked = walk(doc, w);
    return JSON.stringify(walked) === JSON.stringify(doc) ? undefined : text(walked);
  } catch {
    // nested too deep to walk: nothing of it can be vouched for
    return REDACTED;
  }
}

function parseJson(s: string): object | undefined {
  try {
    const doc: unknown = JSON.parse(s);
    return doc !== null && typeof doc === 'object' ? doc : undefined;
  } catch {
    return undefined;
  }
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
