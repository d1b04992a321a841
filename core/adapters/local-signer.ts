import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Signer } from '../ports/signer';

export const LOCAL_KEY_FILE = 'binder-signing-ed25519.pem';
export const LOCAL_PUBLIC_KEY_FILE = 'binder-signing-ed25519.pub.pem';

/**
 * An Ed25519 key kept in `<keysDir>` (the CLI uses `<data-dir>/keys`): created on first use, the
 * private key written with mode 0600 in a 0700 directory and never printed.
 */
export class LocalEd25519Signer implements Signer {
  readonly algorithm = 'Ed25519' as const;

  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicPem: string,
    /** where the private key lives */
    readonly keyPath: string,
  ) {}

  /** Loads the key in `keysDir` (file `binder-signing-ed25519.pem`), creating it when there is none. */
  static open(keysDir: string): LocalEd25519Signer {
    return LocalEd25519Signer.openFile(join(keysDir, LOCAL_KEY_FILE));
  }

  /**
   * Loads the Ed25519 private key (PKCS#8 PEM) at `keyPath`, creating it (0600, in a 0700 folder) when
   * `create` and there is none. Its public half is kept beside it as `<name>.pub.pem`.
   */
  static openFile(keyPath: string, options: { create?: boolean } = {}): LocalEd25519Signer {
    if (!existsSync(keyPath)) {
      if (options.create === false) throw new Error(`no signing key at ${keyPath}`);
      mkdirSync(dirname(keyPath), { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('ed25519');
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      // written beside and renamed, so a crash never leaves half a key; exclusive, so a racing
      // process cannot be overwritten
      const tmp = `${keyPath}.${process.pid}.tmp`;
      writeFileSync(tmp, pem, { mode: 0o600, flag: 'wx' });
      chmodSync(tmp, 0o600);
      renameSync(tmp, keyPath);
    }
    const privateKey = createPrivateKey(readFileSync(keyPath));
    if (privateKey.asymmetricKeyType !== 'ed25519')
      throw new Error(`${keyPath} is not an Ed25519 private key`);
    const publicPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
    const pubPath = publicKeyPathOf(keyPath);
    if (!existsSync(pubPath) || readFileSync(pubPath, 'utf8') !== publicPem)
      writeFileSync(pubPath, publicPem);
    return new LocalEd25519Signer(privateKey, publicPem, keyPath);
  }

  async publicKeyPem(): Promise<string> {
    return this.publicPem;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return sign(null, message, this.privateKey);
  }
}

/** Where the public half of the private key at `keyPath` is kept: `<name without .pem>.pub.pem` beside it. */
export function publicKeyPathOf(keyPath: string): string {
  const name = basename(keyPath);
  return join(dirname(keyPath), `${name.endsWith('.pem') ? name.slice(0, -4) : name}.pub.pem`);
}
