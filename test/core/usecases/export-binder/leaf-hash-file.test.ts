import { existsSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeafHashFile } from '../../../../core/usecases/export-binder/leaf-hash-file';

describe('LeafHashFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leaf-hashes-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** `n` distinct 32-byte hashes, one after the other. */
  const hashes = (n: number) =>
    Buffer.from(Array.from({ length: n * 32 }, (_, i) => (i * 7 + (i >> 5)) % 256));

  it('reads back any run of leaves as written, and removes its file when closed', () => {
    // Prepare
    const written = hashes(1000);
    const path = join(dir, 'leaves-2026-11-01.bin');
    // Act
    const file = new LeafHashFile(path, written);
    // Assess
    for (const [first, count] of [
      [0, 1],
      [0, 4],
      [996, 4],
      [999, 1],
      [123, 700],
    ] as const)
      expect(file.read(first, count).equals(written.subarray(first * 32, (first + count) * 32))).toBe(true);
    file.close();
    expect(existsSync(path)).toBe(false);
    expect(() => file.read(0, 1)).toThrow(/closed/);
    file.close();
  });

  it('names the file when it ends before the leaves asked for (changed after it was written)', () => {
    // Prepare
    const path = join(dir, 'leaves-2026-11-02.bin');
    const file = new LeafHashFile(path, hashes(10));
    truncateSync(path, 5 * 32);
    // Act / Assess
    expect(file.read(4, 1).length).toBe(32);
    expect(() => file.read(4, 2)).toThrow(/leaves-2026-11-02\.bin ends before leaf 5/);
    file.close();
  });
});
