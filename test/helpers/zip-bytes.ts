import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-made zip: its stored bytes, and what its headers declare. */
export interface RawZipEntry {
  name: string;
  /** 0 stored, 8 deflated */
  method: 0 | 8;
  /** the bytes as stored in the archive (deflated when method is 8) */
  stored: Buffer;
  /** the uncompressed size the headers declare (need not be the truth) */
  declaredSize: number;
  crc: number;
}

/** A zip archive built byte by byte, so a test can make the headers lie. */
export function zipBytes(entries: RawZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(0, 10); // time and date
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.stored.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4); // made by
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(0, 12);
    cd.writeUInt32LE(e.crc, 16);
    cd.writeUInt32LE(e.stored.length, 20);
    cd.writeUInt32LE(e.declaredSize, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, e.stored);
    central.push(cd, name);
    offset += local.length + name.length + e.stored.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBytes, end]);
}

/** A deflated entry of `data`, declared with its true size. */
export function deflatedEntry(name: string, data: Buffer): RawZipEntry {
  return { name, method: 8, stored: deflateRawSync(data), declaredSize: data.length, crc: crc32(data) };
}
