import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRUSTED_FINGERPRINT_SOURCES } from '../../core/adapters/binder/format';
import { UsageError } from '../../core/ports/errors';
import { useBinderHeapPolicy } from '../../core/support/heap-policy';
import {
  fingerprintOfPem,
  normaliseFingerprint,
  parseTrustList,
  type TrustSource,
} from '../../core/verify/trust';
import { type BinderVerifyReport, verifyBinder } from '../../core/verify/verify-binder';
import { EXIT } from '../exit-codes';
import { DEFAULT_WIDTH, shellCommand } from '../layout';
import type { Output } from '../output';
import { userDirs } from '../user-dirs';

/** The trust list file in the user's configuration directory: one fingerprint per line. */
export const TRUST_LIST_FILE = 'trusted-keys';
/** The public half of the user's own local signing key, trusted without asking. */
export const OWN_PUBLIC_KEY = join('keys', 'binder-signing-ed25519.pub.pem');

export interface VerifyCommandOptions {
  key?: string;
  checkpointKey?: string;
  fingerprint?: string;
  trustList?: string;
}

/**
 * The human-readable result of `evidence verify`: OK, UNTRUSTED or FAILED, the hashes, each problem;
 * the command to run next fitted to `width`.
 */
export function formatBinderVerify(r: BinderVerifyReport, width = DEFAULT_WIDTH): string {
  const trusted = r.trust.status === 'trusted';
  const verdict = !r.ok
    ? 'FAILED'
    : trusted
      ? 'OK'
      : r.trust.status === 'unsigned'
        ? 'UNSIGNED'
        : 'UNTRUSTED';
  const lines = [
    `${verdict}: ${r.path} (${r.kind}): ${r.files} files, ${r.evidenceRecords} evidence records in ${r.subjects} chains, ${r.problems.length} problems`,
    `  root hash          ${r.rootHash ?? '-'}`,
    `  evidence root hash ${r.evidenceRootHash ?? '-'} (printed on the PDF cover)`,
    `  signature          ${r.signature}${r.publicKeyFingerprint ? ` (Ed25519 key SHA-256 ${r.publicKeyFingerprint})` : ''}`,
    `  signing key        ${trustLine(r)}`,
  ];
  lines.push(
    `  anchors            ${r.anchors.checkpoints} daily checkpoint(s), ${r.anchors.anchoredRecords} record(s) proven in a signed day, ${r.anchors.unanchoredRecords} not yet anchored`,
  );
  for (const p of r.problems) lines.push(`  - ${p}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  if (r.ok && !trusted) lines.push(...notVerified(r, width));
  return lines.join('\n');
}

function trustLine(r: BinderVerifyReport): string {
  const t = r.trust;
  if (t.status === 'trusted') return `trusted (by ${t.by})`;
  if (t.status === 'mismatch') return 'NOT the trusted key';
  if (t.status === 'unsigned') return 'none: the binder is not signed';
  return 'NOT TRUSTED: only the key shipped inside the binder vouches for it';
}

/** Why an intact binder is not verified yet, and how to verify it. */
function notVerified(r: BinderVerifyReport, width: number): string[] {
  if (r.trust.status === 'unsigned')
    return [
      'The binder is intact, but it is not signed: nothing shows who made it. It is NOT verified (exit code 6).',
    ];
  return [
    'The binder is intact, but its signature matches only the key shipped inside the binder: anyone who can rewrite the binder can re-sign it and ship their own key. It is NOT verified (exit code 6).',
    `  the binder's own key: SHA-256 ${r.trust.fingerprint ?? '-'}`,
    `Compare it with the trusted fingerprint (from ${TRUSTED_FINGERPRINT_SOURCES}), then run:`,
    ...shellCommand(['evidence', 'verify', r.path, '--fingerprint', '<trusted fingerprint>'], width, '  '),
    `  (or --key <trusted public key .pem>, or add the fingerprint to ${join(userDirs().configDir, TRUST_LIST_FILE)})`,
  ];
}

/**
 * `evidence verify <binder>`: offline. Exit 0 only when everything holds and the signing key is
 * trusted from outside the binder; 6 when the binder is intact but no trusted key vouches for it;
 * 4 with each failure.
 */
export async function verifyCommand(
  target: string,
  opts: VerifyCommandOptions,
  out: Output,
): Promise<number> {
  if (!existsSync(target)) throw new UsageError(`no binder at ${target}`);
  useBinderHeapPolicy();
  const trustedPublicKeyPem = readKey(opts.key, '--key');
  const trustedCheckpointKeyPem = readKey(opts.checkpointKey, '--checkpoint-key');
  const report = await verifyBinder(target, {
    ...(trustedPublicKeyPem ? { trustedPublicKeyPem } : {}),
    ...(trustedCheckpointKeyPem ? { trustedCheckpointKeyPem } : {}),
    trust: trustSources(opts),
  });
  out.result(report, (width) => formatBinderVerify(report, width));
  if (!report.ok) return EXIT.integrity;
  return report.trust.status === 'trusted' ? EXIT.ok : EXIT.untrusted;
}

function readKey(file: string | undefined, option: string): string | undefined {
  if (!file) return undefined;
  if (!existsSync(file)) throw new UsageError(`${option}: no such file: ${file}`);
  const pem = readFileSync(file, 'utf8');
  try {
    fingerprintOfPem(pem);
  } catch {
    throw new UsageError(`${option}: ${file} is not a public key (PEM)`);
  }
  return pem;
}

/**
 * The keys trusted from outside the binder: given (`--fingerprint`, `--trust-list`: the binder must
 * match), and configured (the trust list in the configuration directory, the user's own key: another
 * key leaves the binder untrusted). One key signs the binders and the checkpoints (deployed and
 * locally), so a trusted binder key is the checkpoint key too; a trust list may also list another.
 */
function trustSources(opts: VerifyCommandOptions): TrustSource[] {
  const sources: TrustSource[] = [];
  if (opts.fingerprint !== undefined)
    sources.push({
      by: 'fingerprint',
      fingerprints: [fingerprintOption(opts.fingerprint, '--fingerprint')],
      required: true,
    });
  if (opts.trustList !== undefined) {
    if (!existsSync(opts.trustList)) throw new UsageError(`--trust-list: no such file: ${opts.trustList}`);
    sources.push({
      by: 'trust-list',
      fingerprints: trustList(opts.trustList, '--trust-list'),
      required: true,
    });
  }
  const { configDir } = userDirs();
  const configured = join(configDir, TRUST_LIST_FILE);
  if (existsSync(configured))
    sources.push({ by: 'trust-list', fingerprints: trustList(configured, configured), required: false });
  const own = join(configDir, OWN_PUBLIC_KEY);
  if (existsSync(own)) {
    try {
      sources.push({
        by: 'own-key',
        fingerprints: [fingerprintOfPem(readFileSync(own, 'utf8'))],
        required: false,
      });
    } catch {
      throw new UsageError(`${own} is not a public key (PEM)`);
    }
  }
  return sources;
}

function fingerprintOption(text: string, option: string): string {
  const fp = normaliseFingerprint(text);
  if (!fp)
    throw new UsageError(
      `${option}: ${text} is not a SHA-256 fingerprint (64 hexadecimal digits; colons and spaces are ignored)`,
    );
  return fp;
}

function trustList(file: string, where: string): string[] {
  const { fingerprints, bad } = parseTrustList(readFileSync(file, 'utf8'));
  if (bad.length > 0)
    throw new UsageError(
      `${where}: line ${bad.join(', ')} is not a SHA-256 fingerprint (one per line, 64 hexadecimal digits, # comments)`,
    );
  return fingerprints;
}
