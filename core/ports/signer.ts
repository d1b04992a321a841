/**
 * Signs a binder's root hash. Locally: an Ed25519 key in the data dir; deployed: a KMS asymmetric
 * key (later). `verify` needs only the public key, which the binder carries.
 */
export interface Signer {
  /** the signature algorithm, as `verify` names it */
  readonly algorithm: 'Ed25519';
  /** the public key, SPKI PEM */
  publicKeyPem(): Promise<string>;
  sign(message: Uint8Array): Promise<Uint8Array>;
}
