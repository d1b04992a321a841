import { generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  GetPublicKeyCommand,
  type GetPublicKeyCommandOutput,
  KeySpec,
  KMSClient,
  KMSInvalidStateException,
  SignCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { KmsEd25519Signer, KmsSignerError } from '../../../core/adapters/kms-signer';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666';
const kms = mockClient(KMSClient);

/** A real Ed25519 key pair standing in for the one KMS holds. */
function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicKey,
    der: publicKey.export({ format: 'der', type: 'spki' }),
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

function publicKeyResponse(
  der: Uint8Array,
  keySpec: KeySpec = KeySpec.ECC_NIST_EDWARDS25519,
): Omit<GetPublicKeyCommandOutput, '$metadata'> {
  return {
    KeyId: KEY_ARN,
    KeySpec: keySpec,
    KeyUsage: 'SIGN_VERIFY',
    PublicKey: new Uint8Array(der),
    SigningAlgorithms:
      keySpec === KeySpec.ECC_NIST_EDWARDS25519
        ? ['ED25519_SHA_512', 'ED25519_PH_SHA_512']
        : ['ECDSA_SHA_256'],
  };
}

describe('KmsEd25519Signer', () => {
  afterEach(() => {
    kms.reset();
  });

  it('signs the raw message with ED25519_SHA_512 and the signature verifies with the public key', async () => {
    // Prepare
    const pair = keyPair();
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({
      KeyId: KEY_ARN,
      SigningAlgorithm: 'ED25519_SHA_512',
      Signature: new Uint8Array(sign(null, Buffer.from(input.Message), pair.privateKey)),
    }));
    kms.on(GetPublicKeyCommand).resolves(publicKeyResponse(pair.der));
    const signer = new KmsEd25519Signer({ keyId: KEY_ARN, client: new KMSClient({ region: 'eu-west-1' }) });
    const message = Buffer.from('f'.repeat(64), 'ascii');

    // Act
    const signature = await signer.sign(message);
    const pem = await signer.publicKeyPem();

    // Assess
    expect(signer.algorithm).toBe('Ed25519');
    expect(pem).toBe(pair.pem);
    expect(verify(null, message, pem, Buffer.from(signature))).toBe(true);
    expect(verify(null, Buffer.from('e'.repeat(64)), pem, Buffer.from(signature))).toBe(false);
    expect(kms.commandCalls(SignCommand)[0]?.args[0].input).toEqual({
      KeyId: KEY_ARN,
      Message: message,
      MessageType: 'RAW',
      SigningAlgorithm: 'ED25519_SHA_512',
    });
  });

  it('fetches the public key once and caches it', async () => {
    const pair = keyPair();
    kms.on(GetPublicKeyCommand).resolves(publicKeyResponse(pair.der));
    const signer = new KmsEd25519Signer({ keyId: KEY_ARN, client: new KMSClient({ region: 'eu-west-1' }) });

    const [a, b] = await Promise.all([signer.publicKeyPem(), signer.publicKeyPem()]);
    const c = await signer.publicKeyPem();

    expect(a).toBe(pair.pem);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(GetPublicKeyCommand)[0]?.args[0].input).toEqual({ KeyId: KEY_ARN });
  });

  it('rejects a key that is not Ed25519, and asks again after a failure', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    kms
      .on(GetPublicKeyCommand)
      .resolvesOnce(
        publicKeyResponse(publicKey.export({ format: 'der', type: 'spki' }), KeySpec.ECC_NIST_P256),
      )
      .resolves(publicKeyResponse(keyPair().der));
    const signer = new KmsEd25519Signer({ keyId: KEY_ARN, client: new KMSClient({ region: 'eu-west-1' }) });

    await expect(signer.publicKeyPem()).rejects.toThrow(
      /is ECC_NIST_P256; the binder needs an ECC_NIST_EDWARDS25519 key that signs with ED25519_SHA_512/,
    );
    await expect(signer.publicKeyPem()).resolves.toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(2);
  });

  it('translates KMS refusals into KmsSignerError naming the key and the operation', async () => {
    kms
      .on(SignCommand)
      .rejects(new KMSInvalidStateException({ message: 'key is pending deletion', $metadata: {} }));
    const signer = new KmsEd25519Signer({ keyId: KEY_ARN, client: new KMSClient({ region: 'eu-west-1' }) });

    const error = await signer.sign(Buffer.from('abc')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(KmsSignerError);
    expect((error as Error).message).toBe(`KMS Sign with ${KEY_ARN} failed: KMSInvalidStateException`);
    expect((error as Error).cause).toBeInstanceOf(KMSInvalidStateException);
  });

  it('refuses messages longer than KMS signs raw, without calling KMS', async () => {
    const signer = new KmsEd25519Signer({ keyId: KEY_ARN, client: new KMSClient({ region: 'eu-west-1' }) });

    await expect(signer.sign(new Uint8Array(4097))).rejects.toThrow(/at most 4096 bytes/);
    expect(kms.commandCalls(SignCommand)).toHaveLength(0);
  });

  it('rejects a response without a 64-byte signature', async () => {
    kms.on(SignCommand).resolves({ KeyId: KEY_ARN, Signature: new Uint8Array(10) });
    const signer = new KmsEd25519Signer({ keyId: KEY_ARN, client: new KMSClient({ region: 'eu-west-1' }) });

    await expect(signer.sign(Buffer.from('abc'))).rejects.toThrow(KmsSignerError);
  });
});
