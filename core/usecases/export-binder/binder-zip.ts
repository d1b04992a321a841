/**
 * The binder's zip as it is assembled: every file added is listed in the manifest (spooled, so the
 * list never sits in memory) and advances the root hash; evidence files also advance the evidence
 * root hash printed on the PDF cover. Sealing writes manifest.json, then the optional signature of the
 * root hash and the public key that checks it, then the zip's central directory.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { BinderManifestFile } from '../../../evidence-schemas';
import { type ZipEntryInfo, type ZipEntryOptions, ZipWriter } from '../../adapters/binder/zip-writer';
import { MANIFEST_PATH, PUBLIC_KEY_PATH, SIGNATURE_PATH } from '../../domain/binder/layout';
import { manifestEntryText, RootHasher, signedMessage } from '../../domain/binder/manifest';
import { sha256Hex } from '../../domain/hashing';
import type { Signer } from '../../ports/signer';
import { type HashedSize, LineSpool, writeHashed } from './spool';

/** What sealing a binder's zip tells about it. */
export interface SealedZip {
  /** the root hash over every file in the manifest */
  rootHash: string;
  /** files listed in the manifest */
  files: number;
  /** SHA-256 of the signing public key (SPKI DER), when signed */
  publicKeyFingerprint?: string;
}

/** A binder's zip, its manifest and its root hashes, written together so they always agree. */
export class BinderZip {
  private readonly root = new RootHasher();
  private readonly evidenceRoot = new RootHasher();
  private readonly manifest: LineSpool;

  private constructor(
    private readonly zip: ZipWriter,
    private readonly workDir: string,
  ) {
    this.manifest = new LineSpool(join(workDir, 'manifest.lines'));
  }

  /**
   * Starts `binder.zip` in the work folder; every entry is dated `generatedAt`. With `startOffset`,
   * the file holds only what comes after that many bytes of zip parts written elsewhere (a sharded
   * export's slices, listed with `adoptEvidence`).
   */
  static async create(
    workDir: string,
    generatedAt: string,
    options: { startOffset?: number } = {},
  ): Promise<BinderZip> {
    const zip = await ZipWriter.create(join(workDir, 'binder.zip'), {
      mtime: new Date(generatedAt),
      ...(options.startOffset ? { startOffset: options.startOffset } : {}),
    });
    return new BinderZip(zip, workDir);
  }

  /**
   * Lists an evidence file a slice wrote into its zip part (at `entry.offset` of the finished zip):
   * in the manifest, both root hashes and the central directory, as `addEvidence` would have.
   */
  async adoptEvidence(entry: ZipEntryInfo, file: HashedSize): Promise<void> {
    await this.zip.adopt(entry);
    await this.list({ path: entry.name, ...file }, true);
  }

  /** the zip file in the work folder (complete once sealed) */
  get path(): string {
    return this.zip.path;
  }

  /** Adds one evidence file: listed, and counted in the evidence root hash too. */
  async addEvidence(path: string, data: Buffer): Promise<void> {
    await this.zip.addBuffer(path, data);
    await this.list({ path, sha256: sha256Hex(data), bytes: data.length }, true);
  }

  /** Adds a file held in memory, listed in the manifest. */
  async addBuffer(path: string, data: Buffer): Promise<void> {
    await this.zip.addBuffer(path, data);
    await this.list({ path, sha256: sha256Hex(data), bytes: data.length }, false);
  }

  /**
   * Adds a file from disk, listed in the manifest with `hashed` (its hash and size as it was written)
   * or, without one, with the hash read back from the file.
   */
  async addFile(path: string, file: string, hashed?: HashedSize, options?: ZipEntryOptions): Promise<void> {
    if (hashed) {
      await this.zip.addFile(path, file, options);
      await this.list({ path, ...hashed }, false);
      return;
    }
    // hashed as it is read into the zip: one read of the file
    const hash = createHash('sha256');
    let bytes = 0;
    await this.zip.addFile(path, file, {
      ...options,
      onChunk: (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
      },
    });
    await this.list({ path, sha256: hash.digest('hex'), bytes }, false);
  }

  /** The evidence root hash and how many evidence files it covers; call once, after the last one. */
  evidenceDigest(): { evidenceRootHash: string; evidenceFiles: number } {
    return { evidenceRootHash: this.evidenceRoot.digest(), evidenceFiles: this.evidenceRoot.size };
  }

  /**
   * Writes manifest.json (every file listed so far, then the root hash), signs the root hash when a
   * signer is given (manifest.sig and the public key beside it, not in the manifest: they are about
   * it), and closes the zip.
   */
  async seal(signer: Signer | undefined): Promise<SealedZip> {
    const rootHash = this.root.digest();
    await this.manifest.close();
    const manifestFile = join(this.workDir, MANIFEST_PATH);
    await writeHashed(manifestFile, async (write) => {
      await write('{"files":[\n');
      let first = true;
      for await (const line of this.manifest.rows()) {
        await write(`${first ? '' : ',\n'}${line}`);
        first = false;
      }
      await write(`\n],\n"rootHash":"${rootHash}"}\n`);
    });
    await this.zip.addFile(MANIFEST_PATH, manifestFile);
    let publicKeyFingerprint: string | undefined;
    if (signer) {
      const signature = Buffer.from(await signer.sign(signedMessage(rootHash)));
      const pem = await signer.publicKeyPem();
      await this.zip.addBuffer(SIGNATURE_PATH, Buffer.from(`${signature.toString('base64')}\n`, 'ascii'));
      await this.zip.addBuffer(PUBLIC_KEY_PATH, Buffer.from(pem, 'utf8'));
      publicKeyFingerprint = publicKeyFingerprintOf(pem);
    }
    await this.zip.close();
    return { rootHash, files: this.root.size, ...(publicKeyFingerprint ? { publicKeyFingerprint } : {}) };
  }

  /** Gives up the zip (a failed export): its file handles are released. */
  async abort(): Promise<void> {
    await this.zip.abort();
  }

  private async list(file: BinderManifestFile, evidence: boolean): Promise<void> {
    this.root.add(file);
    if (evidence) this.evidenceRoot.add(file);
    await this.manifest.write(manifestEntryText(file));
  }
}

/** SHA-256 (hex) of a public key's DER encoding, from its PEM. */
export function publicKeyFingerprintOf(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return sha256Hex(der);
}
