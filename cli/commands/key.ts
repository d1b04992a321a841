import { keyIdOf } from '../../core/domain/checkpoint';
import type { Composition, GlobalOptions } from '../composition';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';

/** The fingerprint as people read it: the 64 hex digits of SHA-256(SPKI DER), in groups of eight. */
export const groupedFingerprint = (hex: string): string => hex.match(/.{1,8}/g)?.join(' ') ?? hex;

/**
 * `evidence key`: the public key that signs binders, checkpoints and tree heads, and its SHA-256
 * fingerprint (the key id in every signed head). An auditor who gets the fingerprint from you out of
 * band verifies a binder with `evidence verify --fingerprint`. Creates the key on first use.
 */
export async function keyCommand(_opts: GlobalOptions, out: Output, app: Composition): Promise<number> {
  const publicKeyPem = await app.localKey.signer().publicKeyPem();
  const fingerprint = keyIdOf(publicKeyPem);
  const result = { algorithm: 'Ed25519', fingerprint, publicKeyPem, privateKeyPath: app.localKey.path };
  out.result(result, () =>
    [
      `Ed25519 signing key (private key: ${result.privateKeyPath})`,
      `SHA-256 fingerprint: ${groupedFingerprint(fingerprint)}`,
      '',
      publicKeyPem.trimEnd(),
    ].join('\n'),
  );
  return EXIT.ok;
}
