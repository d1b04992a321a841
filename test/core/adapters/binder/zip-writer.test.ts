import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type yauzl from 'yauzl';
import { type ZipEntryInfo, ZipWriter } from '../../../../core/adapters/binder/zip-writer';
import { unzip, zipEntries } from '../../../helpers/binder';
import { unzipTest, zipinfoEntries } from '../../../helpers/info-zip';

/** What an entry's local header says: version needed, its 32-bit sizes and its ZIP64 extra field's. */
function localHeader(zip: Buffer, offset: number) {
  expect(zip.readUInt32LE(offset)).toBe(0x04034b50);
  const nameLength = zip.readUInt16LE(offset + 26);
  const extraLength = zip.readUInt16LE(offset + 28);
  const extra = zip.subarray(offset + 30 + nameLength, offset + 30 + nameLength + extraLength);
  return {
    versionNeeded: zip.readUInt16LE(offset + 4),
    crc: zip.readUInt32LE(offset + 14),
    compressedSize: zip.readUInt32LE(offset + 18),
    size: zip.readUInt32LE(offset + 22),
    zip64:
      extraLength === 0
        ? undefined
        : {
            id: extra.readUInt16LE(0),
            length: extra.readUInt16LE(2),
            size: Number(extra.readBigUInt64LE(4)),
            compressedSize: Number(extra.readBigUInt64LE(12)),
          },
  };
}

/** The values of a central directory entry's ZIP64 extra field (none when it has none). */
function zip64Values(entry: yauzl.Entry): number[] {
  const field = entry.extraFields.find((f) => f.id === 0x0001);
  if (!field) return [];
  return Array.from({ length: field.data.length / 8 }, (_, i) => Number(field.data.readBigUInt64LE(i * 8)));
}

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

  describe('ZIP64 entries, written from a lowered threshold (zip64From) as from 4 GiB', () => {
    const FROM = 100_000;
    const mtime = new Date('2026-10-01T12:00:00Z');

    /** Files on disk: one that compresses well, one that does not (random), and their contents. */
    function sources() {
      const repetitive = Buffer.from('margin '.repeat(6000)); // 42,000 bytes
      const random = randomBytes(300_000);
      const buffer = randomBytes(200_000);
      writeFileSync(join(dir, 'repetitive.txt'), repetitive);
      writeFileSync(join(dir, 'random.bin'), random);
      return { repetitive, random, buffer };
    }

    /** Adds the same entries to `zip`: small and large, from memory and from disk, deflated and stored. */
    async function addAll(zip: ZipWriter, buffer: Buffer): Promise<ZipEntryInfo[]> {
      return [
        await zip.addBuffer('small.json', Buffer.from('{"a":1}')),
        // 42,000 bytes could deflate past 100,000 (as far as the writer knows up front): a ZIP64
        // local header, though neither size nor the offset needs one in the central directory
        await zip.addFile('repetitive.txt', join(dir, 'repetitive.txt')),
        // incompressible: deflated, it grows past its 300,000 bytes
        await zip.addFile('random.bin', join(dir, 'random.bin')),
        await zip.addFile('random-stored.bin', join(dir, 'random.bin'), { compress: false }),
        await zip.addBuffer('buffer.bin', buffer),
        await zip.addBuffer('after.txt', Buffer.from('after')),
      ];
    }

    it('writes local headers with both sizes in a ZIP64 field, and a central directory with those that overflow, that yauzl, unzip and zipinfo read back', async () => {
      const { repetitive, random, buffer } = sources();
      const path = join(dir, 'zip64.zip');
      const zip = await ZipWriter.create(path, { mtime, zip64From: FROM });
      const written = await addAll(zip, buffer);
      await zip.close();
      const contents = new Map([
        ['small.json', Buffer.from('{"a":1}')],
        ['repetitive.txt', repetitive],
        ['random.bin', random],
        ['random-stored.bin', random],
        ['buffer.bin', buffer],
        ['after.txt', Buffer.from('after')],
      ]);

      // read back by yauzl: the contents, and sizes, CRCs and offsets as the writer reported them
      const files = await unzip(path);
      expect([...files.keys()]).toEqual([...contents.keys()]);
      for (const [name, data] of contents) expect(files.get(name)?.equals(data), name).toBe(true);
      const entries = await zipEntries(path);
      expect(
        entries.map((e) => ({
          name: e.fileName,
          compress: e.compressionMethod === 8,
          crc: e.crc32,
          compressedSize: e.compressedSize,
          size: e.uncompressedSize,
          offset: e.relativeOffsetOfLocalHeader,
        })),
      ).toEqual(written);
      for (const e of entries) expect(e.crc32, e.fileName).toBe(crc32(contents.get(e.fileName)!));
      const [small, margin, deflated, stored, buffered, after] = written as [ZipEntryInfo, ...ZipEntryInfo[]];
      expect(deflated!.compressedSize).toBeGreaterThan(random.length);
      expect(stored!.offset).toBeGreaterThanOrEqual(FROM);

      // the central directory's ZIP64 fields: only the values that do not fit, in the spec's order
      expect(entries.map(zip64Values)).toEqual([
        [],
        [],
        [deflated!.size, deflated!.compressedSize],
        [stored!.size, stored!.compressedSize, stored!.offset],
        [buffered!.size, buffered!.compressedSize, buffered!.offset],
        [after!.offset],
      ]);

      // the local headers: 0xFFFFFFFF sizes, version 4.5, both sizes in the ZIP64 field
      const bytes = readFileSync(path);
      expect(localHeader(bytes, small.offset)).toEqual({
        versionNeeded: 20,
        crc: small.crc,
        compressedSize: small.compressedSize,
        size: small.size,
        zip64: undefined,
      });
      for (const e of [margin!, deflated!, stored!, buffered!])
        expect(localHeader(bytes, e.offset), e.name).toEqual({
          versionNeeded: 45,
          crc: e.crc,
          compressedSize: 0xffffffff,
          size: 0xffffffff,
          zip64: { id: 0x0001, length: 16, size: e.size, compressedSize: e.compressedSize },
        });
      expect(localHeader(bytes, after!.offset).zip64).toBeUndefined();

      // Info-ZIP: every entry read and its CRC checked; the directory decoded as the writer wrote it
      const tested = unzipTest(path);
      for (const name of contents.keys()) expect(tested).toMatch(new RegExp(`testing: ${name} +OK`));
      expect(zipinfoEntries(path)).toEqual(
        written.map((e, i) => ({
          name: e.name,
          offset: e.offset,
          versionNeeded: i < 2 ? '2.0' : '4.5',
          crc: e.crc,
          compressedSize: e.compressedSize,
          size: e.size,
          extraLength: zip64Values(entries[i]!).length === 0 ? 0 : 4 + 8 * zip64Values(entries[i]!).length,
        })),
      );
    });

    it('lists adopted ZIP64 entries as it lists its own: a part and the file placed after it are the one-shot zip', async () => {
      const { buffer } = sources();
      const whole = join(dir, 'whole.zip');
      const one = await ZipWriter.create(whole, { mtime, zip64From: FROM });
      await addAll(one, buffer);
      await one.addFile('tail.bin', join(dir, 'random.bin'));
      await one.close();

      const part = await ZipWriter.create(join(dir, 'part.zip'), { mtime, zip64From: FROM });
      const adopted = await addAll(part, buffer);
      await part.closePart();
      const partBytes = readFileSync(join(dir, 'part.zip'));
      const rest = await ZipWriter.create(join(dir, 'rest.zip'), {
        mtime,
        zip64From: FROM,
        startOffset: partBytes.length,
      });
      for (const e of adopted) await rest.adopt(e);
      await rest.addFile('tail.bin', join(dir, 'random.bin'));
      await rest.close();
      const assembled = join(dir, 'assembled.zip');
      writeFileSync(assembled, Buffer.concat([partBytes, readFileSync(join(dir, 'rest.zip'))]));

      expect(readFileSync(assembled).equals(readFileSync(whole))).toBe(true);
      unzipTest(assembled);
      const tail = (await zipEntries(assembled)).at(-1)!;
      expect(tail.fileName).toBe('tail.bin');
      expect(zip64Values(tail)).toEqual([tail.uncompressedSize, tail.compressedSize, partBytes.length]);
    });

    it('refuses a file that grows past what its local header, written without ZIP64 fields, can say', async () => {
      const source = join(dir, 'growing.bin');
      writeFileSync(source, randomBytes(700_000));
      // 700,000 bytes, stored: a local header without ZIP64 fields, the file being under 1,000,000
      const zip = await ZipWriter.create(join(dir, 'grown.zip'), { zip64From: 1_000_000 });
      let grown = false;
      await expect(
        zip.addFile('growing.bin', source, {
          compress: false,
          onChunk: () => {
            if (!grown) appendFileSync(source, randomBytes(400_000));
            grown = true;
          },
        }),
      ).rejects.toThrow(
        /^growing\.bin: .*growing\.bin grew from 700000 to 1100000 bytes \(1100000 in the zip\) while it was added, past what its local header, written without ZIP64 fields, can say$/,
      );
      await zip.abort();
    });

    it('refuses a threshold no 32-bit field can hold', async () => {
      await expect(ZipWriter.create(join(dir, 'x.zip'), { zip64From: 2 ** 32 })).rejects.toThrow(
        'zip64From must be an integer from 0 to 4294967295, not 4294967296',
      );
      expect(existsSync(join(dir, 'x.zip'))).toBe(false);
    });
  });

  it('removes a partial archive when aborted', async () => {
    const zip = await ZipWriter.create(join(dir, 'partial.zip'));
    await zip.addBuffer('a', Buffer.from('a'));
    await zip.abort();
    expect(existsSync(join(dir, 'partial.zip'))).toBe(false);
    expect(existsSync(join(dir, 'partial.zip.cd.tmp'))).toBe(false);
  });
});
