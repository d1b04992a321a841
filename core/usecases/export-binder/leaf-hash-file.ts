/**
 * A day tree's leaf hashes kept in a file of the export's work folder instead of memory (32 of the 56
 * bytes a leaf a day's packed tree holds, core/domain/day-tree.ts): a million-record day is 32 MB
 * less held while its records are proven. A proof reads one run of four leaves; the reads are
 * synchronous (a few microseconds each from the page cache, the file having just been written) since
 * the tree's proofs are computed synchronously.
 */
import { closeSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import type { LeafHashes } from '../../domain/day-tree';

const HASH_BYTES = 32;

/** Leaf hashes in a file, read back by position; `close` removes the file. */
export class LeafHashFile implements LeafHashes {
  private fd: number | undefined;

  /** Writes `hashes` (32 bytes a leaf, tree order) to `path` and opens it for reading. */
  constructor(
    private readonly path: string,
    hashes: Buffer,
  ) {
    writeFileSync(path, hashes);
    this.fd = openSync(path, 'r');
  }

  read(first: number, count: number): Buffer {
    if (this.fd === undefined) throw new Error(`the leaf hashes in ${this.path} were closed`);
    const out = Buffer.allocUnsafe(count * HASH_BYTES);
    let done = 0;
    while (done < out.length) {
      const n = readSync(this.fd, out, done, out.length - done, first * HASH_BYTES + done);
      if (n === 0)
        throw new Error(
          `${this.path} ends before leaf ${first + count - 1} (it was changed after it was written)`,
        );
      done += n;
    }
    return out;
  }

  /** Closes and removes the file (again: nothing). */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.path, { force: true });
  }
}
