import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DocumentIntegrityError,
  DocumentNotFoundError,
  type DocumentStore,
  SHA256_HEX,
} from '../ports/document-store';

/** Documents in a folder: `<root>/sha256/<hash>`, written to a temporary name and renamed when complete. */
export class LocalDocumentStore implements DocumentStore {
  readonly location: string;

  constructor(root: string) {
    this.location = join(root, 'sha256');
  }

  private pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new TypeError(`not a lower-case hex SHA-256: ${sha256}`);
    return join(this.location, sha256);
  }

  async putFile(sha256: string, path: string, _mediaType?: string): Promise<void> {
    const target = this.pathOf(sha256);
    if (await this.exists(sha256)) return;
    await mkdir(this.location, { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.part`;
    const hash = createHash('sha256');
    try {
      await pipeline(
        createReadStream(path),
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp, { flags: 'wx' }),
      );
      const got = hash.digest('hex');
      if (got !== sha256)
        throw new DocumentIntegrityError(
          `${path} changed while it was stored: expected SHA-256 ${sha256}, got ${got}`,
        );
      await rename(tmp, target);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async openRead(sha256: string): Promise<Readable> {
    if (!(await this.exists(sha256))) throw new DocumentNotFoundError(sha256);
    return createReadStream(this.pathOf(sha256));
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }
}
