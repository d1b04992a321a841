import { fingerprintGroups } from '../../core/adapters/binder/format';
import { KmsEd25519Signer } from '../../core/adapters/kms-signer';
import { keyIdOf } from '../../core/domain/checkpoint';
import type { Composition, GlobalOptions } from '../composition';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';

/**
 * `evidence key`: the public key that signs binders, checkpoints and tree heads, and its SHA-256
 * fingerprint (the key id in every signed head). An auditor who gets the fingerprint from you out of
 * band verifies a binder with `evidence verify --fingerprint`. Creates the key on first use.
 */
export async function keyCommand(
  opts: GlobalOptions & { kmsKey?: string },
  out: Output,
  app: Composition,
): Promise<number> {
  // deployed: the KMS key of the stack output BinderSigningKeyArn (its public half, read with kms:GetPublicKey)
  const publicKeyPem = opts.kmsKey
    ? await new KmsEd25519Signer({ keyId: opts.kmsKey }).publicKeyPem()
    : await app.localKey.signer().publicKeyPem();
  const fingerprint = keyIdOf(publicKeyPem);
  const where = opts.kmsKey ? `KMS key ${opts.kmsKey}` : `private key: ${app.localKey.path}`;
  const result = {
    algorithm: 'Ed25519',
    fingerprint,
    publicKeyPem,
    ...(opts.kmsKey ? { kmsKey: opts.kmsKey } : { privateKeyPath: app.localKey.path }),
  };
  out.result(result, () =>
    [
      `Ed25519 signing key (${where})`,
      `SHA-256 fingerprint: ${fingerprintGroups(fingerprint)}`,
      '',
      publicKeyPem.trimEnd(),
    ].join('\n'),
  );
  return EXIT.ok;
}
