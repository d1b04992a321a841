/**
 * Which key a binder is trusted by. A binder ships its own public key, so a signature that verifies
 * against that key proves only that the binder is whole since someone signed it: anyone who can
 * rewrite the binder can re-sign it with their own key and ship that key instead. Trust therefore
 * comes only from outside the binder: a public key (`--key`), a SHA-256 fingerprint of one
 * (`--fingerprint`), a trust list of fingerprints, or the user's own local signing key.
 */
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { signedMessage } from '../domain/binder/manifest';
import { sha256Hex } from '../domain/hashing';

/** Where a trusted key came from. */
export type TrustBy = 'key' | 'fingerprint' | 'trust-list' | 'own-key';

/** Keys trusted from outside the binder, by SHA-256 fingerprint of their SPKI DER encoding. */
export interface TrustSource {
  by: TrustBy;
  fingerprints: string[];
  /**
   * the binder must be signed by one of these keys (given on the command line): a binder signed by
   * another key fails. Not required (the configured trust list, the user's own key): another key
   * leaves the binder untrusted, not failed.
   */
  required: boolean;
}

/**
 * What the verifier concluded about the signing key: `trusted` (signed, the signature verifies, the
 * key came from outside the binder), `untrusted` (signed, but only the key shipped inside the binder
 * vouches for it), `mismatch` (a trusted key was required and the binder is not signed by it) or
 * `unsigned` (no signature, nothing to trust).
 */
export interface TrustReport {
  status: 'trusted' | 'untrusted' | 'mismatch' | 'unsigned';
  /** where the trusted key came from (status `trusted`) */
  by?: TrustBy;
  /** SHA-256 of the binder's signing key (SPKI DER) */
  fingerprint?: string;
  /** SHA-256 of the key the daily checkpoints were checked against, when one was trusted */
  checkpointFingerprint?: string;
}

/** SHA-256 (lower-case hex) of a public key's SPKI DER encoding, from its PEM; throws on a bad key. */
export function fingerprintOfPem(pem: string): string {
  return sha256Hex(createPublicKey(pem).export({ format: 'der', type: 'spki' }));
}

/**
 * A fingerprint as people copy it (upper case, colons, spaces, groups) in the one form the verifier
 * compares: 64 lower-case hex digits. Undefined when it is not a SHA-256 fingerprint.
 */
export function normaliseFingerprint(text: string): string | undefined {
  const hex = text.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

/**
 * The fingerprints of a trust list: one per line, `#` starts a comment (to the end of the line),
 * blank lines are ignored. `bad` holds the 1-based numbers of lines that are not a fingerprint.
 */
export function parseTrustList(text: string): { fingerprints: string[]; bad: number[] } {
  const fingerprints: string[] = [];
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const content = line.replace(/#.*$/, '').trim();
    if (content.length === 0) return;
    const fp = normaliseFingerprint(content);
    if (fp) fingerprints.push(fp);
    else bad.push(i + 1);
  });
  return { fingerprints, bad };
}

/** What {@link checkSigningKey} needs: the binder's shipped files and what is trusted outside it. */
export interface SigningKeyInput {
  /** manifest.sig, as shipped */
  signature: Buffer | undefined;
  /** public-key.pem, as shipped */
  shippedPem: string | undefined;
  /** a public key given to the verifier: the signature is checked against it, not the shipped one */
  trustedPem: string | undefined;
  sources: TrustSource[];
}

/** The signing key chosen before the manifest is read: who vouches for it, and its PEM. */
export interface SigningKey {
  trust: TrustReport;
  /** the key the signature is checked against (the trusted one, else the shipped one) */
  pem?: string;
  /** a trusted key was required, or the binder's key is trusted: the binder must then be complete */
  demanding: boolean;
}

/**
 * Chooses the key the signature is checked against and whether a key from outside the binder
 * vouches for it; each failure of a required key is added to `problems`.
 */
export function chooseSigningKey(
  input: SigningKeyInput,
  problems: string[],
  names: KeyFileNames,
): SigningKey {
  const required = input.sources.filter((s) => s.required);
  const demanding = required.length > 0 || input.trustedPem !== undefined;
  const shippedFp = input.shippedPem === undefined ? undefined : fingerprintOrUndefined(input.shippedPem);
  // an unreadable key is still the one checked: the signature check then names why it cannot be
  const pem = input.trustedPem ?? input.shippedPem;
  const fingerprint = input.trustedPem !== undefined ? fingerprintOrUndefined(input.trustedPem) : shippedFp;
  const withFp = fingerprint ? { fingerprint } : {};
  if (!input.signature && !input.shippedPem && !demanding)
    return { trust: { status: 'unsigned' }, demanding };

  if (input.trustedPem !== undefined && shippedFp && fingerprint && shippedFp !== fingerprint)
    problems.push(`${names.publicKey} is not the trusted key (it is SHA-256 ${shippedFp})`);
  if (input.trustedPem === undefined && required.length > 0) {
    if (input.shippedPem === undefined)
      problems.push(
        `${names.publicKey} is missing: the binder's key cannot be matched to the trusted fingerprint`,
      );
    else if (shippedFp && !required.some((s) => s.fingerprints.includes(shippedFp)))
      problems.push(
        `${names.publicKey} (SHA-256 ${shippedFp}) is not a trusted key: it matches no fingerprint given with ${[...new Set(required.map((s) => optionOf(s.by)))].join(' or ')}`,
      );
  }
  const base = { ...(pem !== undefined ? { pem } : {}), demanding };
  if (!fingerprint) return { trust: { status: demanding ? 'mismatch' : 'unsigned' }, ...base };
  if (input.trustedPem !== undefined) {
    const agrees = required.every((s) => s.fingerprints.includes(fingerprint));
    if (!agrees)
      problems.push(`the key given with --key (SHA-256 ${fingerprint}) is not the trusted fingerprint`);
    return {
      trust: agrees ? { status: 'trusted', by: 'key', ...withFp } : { status: 'mismatch', ...withFp },
      ...base,
    };
  }
  const by = (required.length > 0 ? required : input.sources).find((s) =>
    s.fingerprints.includes(fingerprint),
  );
  if (by) return { trust: { status: 'trusted', by: by.by, ...withFp }, ...base, demanding: true };
  return { trust: { status: demanding ? 'mismatch' : 'untrusted', ...withFp }, ...base };
}

function fingerprintOrUndefined(pem: string): string | undefined {
  try {
    return fingerprintOfPem(pem);
  } catch {
    return undefined;
  }
}

/** The names of the binder's key files, for messages (the layout is the caller's). */
export interface KeyFileNames {
  signature: string;
  publicKey: string;
}

const optionOf = (by: TrustBy) => (by === 'trust-list' ? '--trust-list' : `--${by}`);

/**
 * Checks the signature of `rootHash` against the chosen key; a signature that does not verify, or
 * is missing while a trusted key is required, is a problem, and a trusted status becomes a mismatch.
 */
export function checkSignature(
  key: SigningKey,
  signature: Buffer | undefined,
  rootHash: string,
  problems: string[],
  names: KeyFileNames,
): 'valid' | 'invalid' | 'absent' {
  const demote = () => {
    if (key.trust.status === 'trusted' || key.trust.status === 'untrusted' || key.demanding) {
      key.trust.status = 'mismatch';
      delete key.trust.by;
    }
  };
  if (!signature) {
    if (key.demanding)
      problems.push(`${names.signature} is missing (a signature by the trusted key is required)`);
    else if (key.pem) problems.push(`${names.signature} is missing`);
    demote();
    return 'absent';
  }
  if (!key.pem) {
    problems.push(`${names.publicKey} is missing: the signature cannot be checked`);
    demote();
    return 'absent';
  }
  try {
    const ok = verifySignature(
      null,
      signedMessage(rootHash),
      createPublicKey(key.pem),
      Buffer.from(signature.toString('ascii').trim(), 'base64'),
    );
    if (ok) return 'valid';
    problems.push(`${names.signature}: the signature of the root hash does not verify`);
  } catch (error) {
    problems.push(`${names.signature}: cannot be checked (${(error as Error).message})`);
  }
  demote();
  return 'invalid';
}

/**
 * The key the daily checkpoints are checked against. Deployed and locally one key signs both the
 * binders and the checkpoints, so a trusted binder key is the checkpoint key too, unless the binder
 * ships a checkpoint key that is itself trusted (its fingerprint given or listed) or one is given
 * (`--checkpoint-key`). Without a trusted key the shipped one is used: it proves consistency only.
 */
export function chooseCheckpointKey(
  signing: SigningKey,
  input: { shippedPem: string | undefined; trustedPem: string | undefined; sources: TrustSource[] },
  problems: string[],
  name: string,
): { pem: string | undefined; required: boolean } {
  if (input.trustedPem !== undefined) {
    const fingerprint = fingerprintOrUndefined(input.trustedPem);
    if (fingerprint) signing.trust.checkpointFingerprint = fingerprint;
    return { pem: input.trustedPem, required: true };
  }
  const trustedFps = new Set(input.sources.flatMap((s) => s.fingerprints));
  if (signing.trust.status === 'trusted' && signing.trust.fingerprint)
    trustedFps.add(signing.trust.fingerprint);
  const shippedFp = input.shippedPem === undefined ? undefined : fingerprintOrUndefined(input.shippedPem);
  if (!signing.demanding) return { pem: input.shippedPem, required: false };
  if (shippedFp && trustedFps.has(shippedFp)) {
    if (signing.trust.status === 'trusted') signing.trust.checkpointFingerprint = shippedFp;
    return { pem: input.shippedPem, required: true };
  }
  if (signing.trust.status !== 'trusted') return { pem: input.shippedPem, required: true };
  if (shippedFp)
    problems.push(
      `${name} (SHA-256 ${shippedFp}) is not a trusted key: the checkpoints are checked against the binder's trusted key (pass their key with --checkpoint-key, or add its fingerprint to the trust list)`,
    );
  if (signing.trust.fingerprint) signing.trust.checkpointFingerprint = signing.trust.fingerprint;
  return { pem: signing.pem, required: true };
}
