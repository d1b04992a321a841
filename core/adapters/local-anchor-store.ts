import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { AnchorStore } from '../ports/anchor-store';

/**
 * Anchors in a local directory, kept apart from the data directory (the CLI's default is in the user's
 * data directory, keyed by the store's location). Each anchor is created exclusively and made read-only;
 * a second write of the same name never replaces it.
 */
export class LocalAnchorStore implements AnchorStore {
  readonly location: string;

  constructor(dir: string) {
    this.location = resolve(dir);
  }

  private pathOf(name: string): string {
    const path = resolve(this.location, name);
    if (!path.startsWith(this.location + sep) && path !== this.location)
      throw new RangeError(`anchor name ${name} leaves ${this.location}`);
    return path;
  }

  async putOnce(name: string, body: string): Promise<'written' | 'same' | 'different'> {
    const path = this.pathOf(name);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // written whole beside it, then hard-linked into place: the link fails when the name exists, so a
    // crash never leaves half an anchor and a racing writer never replaces one
    const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(tmp, body, { encoding: 'utf8', mode: 0o400, flag: 'wx' });
    try {
      await link(tmp, path);
      return 'written';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return (await readFile(path, 'utf8')) === body ? 'same' : 'different';
    } finally {
      await unlink(tmp);
    }
  }

  async get(name: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathOf(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** `prefix` is a folder of anchors, ending in `/` (see ANCHOR_NAMES). */
  async list(prefix: string, startAfter?: string): Promise<string[]> {
    if (!prefix.endsWith('/')) throw new RangeError(`anchor prefix ${prefix} is not a folder`);
    let names: string[];
    try {
      names = await readdir(this.pathOf(prefix));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter((n) => !n.endsWith('.tmp'))
      .map((n) => prefix + n)
      .filter((n) => startAfter === undefined || n > startAfter)
      .sort();
  }
}
