/**
 * Secrets inside text: in any string value of evidence (a command line, a connection string, a
 * template body) and in quarantined input that is not JSON at all (a broken JSON Lines line), where
 * the structural walk of redact.ts cannot reach them. Each pattern replaces the secret part and keeps
 * the rest, so the text still says what it was.
 */

export const REDACTED = '[REDACTED]';

/** Whether `value`, written after `key` in text, is a secret to replace (redact.ts decides). */
export type SecretTest = (key: string, value: string) => boolean;

/** A PEM private key block of any kind (RSA, EC, OPENSSH, ENCRYPTED, PGP), or its start when cut. */
const PEM =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|$)/g;

/**
 * The user:password of a URL (`postgres://u:p@host`, `mongodb+srv://u:p@cluster`, `redis://:p@host`):
 * the whole userinfo goes, as the user name is half of the credential. The password may hold `@`
 * (the last `@` before the path ends it) but not `/`, so `https://host:8080/a@b` is left alone.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@:"'<>\\]*:[^\s/"'<>\\]+@/gi;

/**
 * `"key": "value"` or `"key": 123` as JSON writes a member, or a bare value as broken JSON may
 * (`"token": abc`); a bare true, false or null is left alone, as a boolean is in the structural walk,
 * and so is an object or array (its members are matched one by one).
 */
const MEMBER =
  /"([^"\\\n]{1,200})"(\s*:\s*)("(?:[^"\\\n]|\\.)*"|(?!(?:true|false|null)(?:[\s,}\]]|$))[^\s,}\]"{[]+)/g;
/** The same member inside JSON that was itself written into a JSON string (`\"key\": \"value\"`). */
const ESCAPED_MEMBER = /\\"([^"\\\n]{1,200})\\"(\s*:\s*)(\\"(?:(?!\\")[^\n])*\\"|-?\d[\d.eE+-]*)/g;

/** `key=value` (query strings, ADO `Password=...;`, `--password=...`), the value quoted or bare. */
const ASSIGNMENT = /(?<![\w.])([A-Za-z_][\w.-]*)([ \t]*=[ \t]*)("[^"\n]*"|'[^'\n]*'|[^\s;&,"'<>\\]+)/g;

/** `key: value` with a space after the colon (HTTP headers, YAML), the value to the end of the line. */
const HEADER = /(?<![\w.])([A-Za-z_][\w.-]*)(:[ \t]+)("[^"\n]*"|'[^'\n]*'|(?:(?!\\[nr])[^\r\n"])+)/g;

/** A JSON tag map, `"tags": {...}` without nested objects: every string value in it is a tag value. */
const TAG_MAP = /("(?:tags|tagset|tagsets|taglist|tagslist)"\s*:\s*\{)([^{}]*)\}/gi;
/** A JSON object naming a key (a tag, an environment entry): its value fields are masked. */
const PAIR = /\{[^{}]*"(?:key|Key|TagKey|name|Name)"\s*:[^{}]*\}/g;
const MAP_VALUE = /("[^"\\\n]*"\s*:\s*)"(?:[^"\\\n]|\\.)*"/g;
const PAIR_VALUE = /("(?:value|Value|TagValue)"\s*:\s*)"(?:[^"\\\n]|\\.)*"/g;

/**
 * The input V8 echoes in a JSON.parse error (`Unexpected token 'h', ..."assword": hunter2}" is not valid
 * JSON`), cut anywhere, even inside a key: kept in a quarantine reason, it could hold a secret that no
 * other pattern can recognise. The stored input shows the same text, redacted.
 */
const JSON_ERROR_ECHO = /(?:\.\.\.)?"[\s\S]*?"(?:\.\.\.)?(?= is not valid JSON)/g;

const unquote = (v: string) => v.replace(/^\\?["']|\\?["']$/g, '');

/**
 * `text` with every secret the patterns find replaced: PEM private keys, URL credentials, members,
 * assignments and headers whose key `isSecret` names, and the values of JSON tag maps and key/value
 * pairs. Text without any of the patterns' markers is returned as it is, cheaply.
 */
export function redactText(text: string, isSecret: SecretTest): string {
  let s = text;
  if (s.includes(' is not valid JSON')) s = s.replace(JSON_ERROR_ECHO, `"${REDACTED}"`);
  if (s.includes('-----BEGIN')) s = s.replace(PEM, REDACTED);
  if (s.includes('://')) s = s.replace(USERINFO, `$1${REDACTED}@`);
  const keyed = (quote: string) => (m: string, key: string, sep: string, value: string) =>
    isSecret(key, unquote(value)) ? `${quote}${key}${quote}${sep}${quote}${REDACTED}${quote}` : m;
  if (s.includes('"')) {
    s = s.replace(MEMBER, keyed('"'));
    if (s.includes('\\"')) s = s.replace(ESCAPED_MEMBER, keyed('\\"'));
    s = s.replace(
      TAG_MAP,
      (_m, open: string, body: string) => `${open}${body.replace(MAP_VALUE, `$1"${REDACTED}"`)}}`,
    );
    s = s.replace(PAIR, (m) => m.replace(PAIR_VALUE, `$1"${REDACTED}"`));
  }
  if (s.includes('=')) s = s.replace(ASSIGNMENT, keyed(''));
  if (/:[ \t]/.test(s)) s = s.replace(HEADER, keyed(''));
  return s;
}
