import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../core/ports/errors';
import { type BinderVerifyReport, verifyBinder } from '../../core/verify/verify-binder';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';

/** The human-readable result of `evidence verify`: OK or FAILED, the hashes, then each problem. */
export function formatBinderVerify(r: BinderVerifyReport): string {
  const lines = [
    `${r.ok ? 'OK' : 'FAILED'}: ${r.path} (${r.kind}): ${r.files} files, ${r.evidenceRecords} evidence records about ${r.subjects} resources, ${r.problems.length} problems`,
    `  root hash          ${r.rootHash ?? '-'}`,
    `  evidence root hash ${r.evidenceRootHash ?? '-'} (printed on the PDF cover)`,
    `  signature          ${r.signature}${r.publicKeyFingerprint ? ` (Ed25519 key SHA-256 ${r.publicKeyFingerprint})` : ''}`,
  ];
  lines.push(
    `  anchors            ${r.anchors.checkpoints} daily checkpoint(s), ${r.anchors.anchoredRecords} record(s) proven in a signed day, ${r.anchors.unanchoredRecords} not yet anchored`,
  );
  for (const p of r.problems) lines.push(`  - ${p}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

/** `evidence verify <binder>`: offline; exit 0 only when everything holds, else 4 with each failure. */
export async function verifyCommand(
  target: string,
  opts: { key?: string; checkpointKey?: string },
  out: Output,
): Promise<number> {
  if (!existsSync(target)) throw new UsageError(`no binder at ${target}`);
  const readKey = (file: string | undefined, option: string) => {
    if (!file) return undefined;
    if (!existsSync(file)) throw new UsageError(`${option}: no such file: ${file}`);
    return readFileSync(file, 'utf8');
  };
  const trustedPublicKeyPem = readKey(opts.key, '--key');
  const trustedCheckpointKeyPem = readKey(opts.checkpointKey, '--checkpoint-key');
  const report = await verifyBinder(target, {
    ...(trustedPublicKeyPem ? { trustedPublicKeyPem } : {}),
    ...(trustedCheckpointKeyPem ? { trustedCheckpointKeyPem } : {}),
  });
  out.result(report, () => formatBinderVerify(report));
  return report.ok ? EXIT.ok : EXIT.integrity;
}
