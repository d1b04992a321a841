import { createPublicKey } from 'node:crypto';
import {
  GetPublicKeyCommand,
  KMSClient,
  KMSServiceException,
  MessageType,
  SignCommand,
  SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import type { Signer } from '../ports/signer';

/** KMS key spec of an Ed25519 key pair (as CloudFormation and the SDK name it). */
export const KMS_ED25519_KEY_SPEC = 'ECC_NIST_EDWARDS25519';
/** Pure Ed25519 over the raw message (RFC 8032), the signature `evidence verify` checks. */
export const KMS_ED25519_ALGORITHM = SigningAlgorithmSpec.ED25519_SHA_512;
/** KMS signs at most 4096 bytes of a RAW message; the binder signs a short statement of its root hash. */
export const KMS_MAX_RAW_MESSAGE_BYTES = 4096;

/** KMS refused or failed a signing request; the message names the key and the operation, never secrets. */
export class KmsSignerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KmsSignerError';
  }
}

export interface KmsEd25519SignerOptions {
  /** ARN (or id / alias ARN) of a KMS key with key spec ECC_NIST_EDWARDS25519 and usage SIGN_VERIFY */
  keyId: string;
  client?: KMSClient;
}

let defaultClient: KMSClient | undefined;

/**
 * Signs with an Ed25519 key held in AWS KMS: the private key never leaves KMS. The public key is
 * fetched once per instance (`GetPublicKey`, SPKI DER) and checked to be Ed25519 before it is trusted.
 */
export class KmsEd25519Signer implements Signer {
  readonly algorithm = 'Ed25519' as const;
  readonly keyId: string;
  private readonly client: KMSClient;
  private publicPem: Promise<string> | undefined;

  constructor(options: KmsEd25519SignerOptions) {
    this.keyId = options.keyId;
    defaultClient ??= options.client ? undefined : new KMSClient({});
    this.client = options.client ?? (defaultClient as KMSClient);
  }

  publicKeyPem(): Promise<string> {
    this.publicPem ??= this.fetchPublicKey().catch((error: unknown) => {
      // a failed fetch is not cached: the next call asks KMS again
      this.publicPem = undefined;
      throw error;
    });
    return this.publicPem;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    if (message.byteLength > KMS_MAX_RAW_MESSAGE_BYTES) {
      throw new KmsSignerError(
        `KMS signs at most ${KMS_MAX_RAW_MESSAGE_BYTES} bytes of a raw message, got ${message.byteLength}`,
      );
    }
    const res = await this.send('Sign', () =>
      this.client.send(
        new SignCommand({
          KeyId: this.keyId,
          Message: message,
          MessageType: MessageType.RAW,
          SigningAlgorithm: KMS_ED25519_ALGORITHM,
        }),
      ),
    );
    if (res.Signature?.byteLength !== 64) {
      throw new KmsSignerError(`KMS Sign with ${this.keyId} returned no Ed25519 signature (64 bytes)`);
    }
    return res.Signature;
  }

  private async fetchPublicKey(): Promise<string> {
    const res = await this.send('GetPublicKey', () =>
      this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId })),
    );
    if (res.KeySpec !== KMS_ED25519_KEY_SPEC || !res.SigningAlgorithms?.includes(KMS_ED25519_ALGORITHM)) {
      throw new KmsSignerError(
        `KMS key ${this.keyId} is ${res.KeySpec ?? 'of unknown spec'}; the binder needs an ` +
          `${KMS_ED25519_KEY_SPEC} key that signs with ${KMS_ED25519_ALGORITHM}`,
      );
    }
    if (!res.PublicKey) throw new KmsSignerError(`KMS GetPublicKey for ${this.keyId} returned no key`);
    const key = createPublicKey({ key: Buffer.from(res.PublicKey), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new KmsSignerError(`KMS key ${this.keyId} returned a ${key.asymmetricKeyType} public key`);
    }
    return key.export({ format: 'pem', type: 'spki' }).toString();
  }

  /** Runs one KMS call, translating the service's refusals into a KmsSignerError naming the key. */
  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof KMSServiceException) {
        throw new KmsSignerError(`KMS ${operation} with ${this.keyId} failed: ${error.name}`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
