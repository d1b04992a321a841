import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { ShardFileMissingError, type ShardWorkspace } from '../ports/shard-workspace';

/** A sharded export's work files in a local folder (`<root>/<name>`). */
export class LocalShardWorkspace implements ShardWorkspace {
  constructor(readonly root: string) {}

  private pathOf(name: string): string {
    const rel = normalize(name);
    if (rel.startsWith('..') || rel.startsWith(sep) || rel === '.')
      throw new TypeError(`not a work file name inside the workspace: ${name}`);
    return join(this.root, rel);
  }

  /** Stores `path` as `name`; the file at `path` is moved (or copied across file systems). */
  async putFile(name: string, path: string): Promise<void> {
    const target = this.pathOf(name);
    await mkdir(dirname(target), { recursive: true });
    // moved when on the same file system (the step's work folder and the workspace usually are),
    // else copied and renamed: never seen half-written
    try {
      await rename(path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(path, `${target}.part`);
      await rename(`${target}.part`, target);
    }
  }

  async putText(name: string, text: string): Promise<void> {
    const target = this.pathOf(name);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(`${target}.part`, text);
    await rename(`${target}.part`, target);
  }

  async read(name: string): Promise<AsyncIterable<Uint8Array>> {
    const path = this.pathOf(name);
    try {
      await stat(path);
    } catch (error) {
      throw new ShardFileMissingError(name, { cause: error });
    }
    return createReadStream(path);
  }

  async removeAll(prefix: string): Promise<void> {
    await rm(this.pathOf(prefix), { recursive: true, force: true });
  }
}
