import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZipWriter } from '../../../../core/adapters/binder/zip-writer';
import { unzip } from '../../../helpers/binder';

describe('ZipWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zip-writer-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes deflated and stored entries from memory and from files that any reader reads back', async () => {
    const source = join(dir, 'big.txt');
    const big = Buffer.from('evidence '.repeat(200_000));
    writeFileSync(source, big);
    const zip = await ZipWriter.create(join(dir, 'a.zip'), { mtime: new Date('2026-10-01T12:00:00Z') });
    await zip.addBuffer('evidence/ü-name.json', Buffer.from('{"a":1}'));
    await zip.addBuffer('stored.bin', Buffer.from([0, 1, 2, 255]), { compress: false });
    await zip.addBuffer('empty.txt', Buffer.alloc(0));
    await zip.addFile('big.txt', source);
    await zip.addFile('big-stored.txt', source, { compress: false });
    await zip.close();
    const files = await unzip(join(dir, 'a.zip'));
    expect([...files.keys()]).toEqual([
      'evidence/ü-name.json',
      'stored.bin',
      'empty.txt',
      'big.txt',
      'big-stored.txt',
    ]);
    expect(files.get('evidence/ü-name.json')?.toString()).toBe('{"a":1}');
    expect(files.get('stored.bin')).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(files.get('empty.txt')?.length).toBe(0);
    expect(files.get('big.txt')?.equals(big)).toBe(true);
    expect(files.get('big-stored.txt')?.equals(big)).toBe(true);
    // one copy stored, one deflated (to almost nothing)
    expect(readFileSync(join(dir, 'a.zip')).length).toBeLessThan(big.length * 1.05);
    expect(existsSync(join(dir, 'a.zip.cd.tmp'))).toBe(false);
  });

  it('writes ZIP64 end records past 65,535 entries', async () => {
    const zip = await ZipWriter.create(join(dir, 'many.zip'));
    for (let i = 0; i < 65_600; i++)
      await zip.addBuffer(`e/${i}.json`, Buffer.from(String(i)), { compress: false });
    await zip.close();
    const files = await unzip(join(dir, 'many.zip'));
    expect(files.size).toBe(65_600);
    expect(files.get('e/65599.json')?.toString()).toBe('65599');
  });

  it('removes a partial archive when aborted', async () => {
    const zip = await ZipWriter.create(join(dir, 'partial.zip'));
    await zip.addBuffer('a', Buffer.from('a'));
    await zip.abort();
    expect(existsSync(join(dir, 'partial.zip'))).toBe(false);
    expect(existsSync(join(dir, 'partial.zip.cd.tmp'))).toBe(false);
  });
});
