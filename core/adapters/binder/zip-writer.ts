/**
 * A streaming zip writer for binders of any size, with flat memory.
 *
 * Why not a library: a zip's central directory lists every entry, so writers such as yazl or archiver
 * keep one object per entry until the end (and yazl rescans its entry list on every write), which for
 * a million evidence files is neither flat in memory nor linear in time. This writer spools the
 * central directory to a temporary file beside the archive and appends it at the end, with ZIP64
 * records when there are more than 65,535 entries or the archive passes 4 GiB. Entries are deflated
 * (or stored), UTF-8 named, and carry sizes and CRC-32 in their local headers, so any unzip tool and
 * streaming readers (yauzl) read them.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open, rm } from 'node:fs/promises';
import * as zlib from 'node:zlib';

const FLUSH_AT = 1 << 20;
const U32 = 0xffffffff;
const U16 = 0xffff;

/** CRC-32 (ISO-HDLC): node:zlib's when the runtime has it (Node >= 20.15), else a table. */
const crc32: (data: Uint8Array, value?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data, value = 0) => zlib.crc32(data, value)
    : tableCrc32;

let table: Uint32Array | undefined;
function tableCrc32(data: Uint8Array, value = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = (value ^ U32) >>> 0;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ U32) >>> 0;
}

/** Appends to a file through a buffer, tracking the position (counted from `base`, see ZipWriter.create). */
class BufferedFile {
  private chunks: Buffer[] = [];
  private pending = 0;
  position: number;

  constructor(
    readonly handle: FileHandle,
    private readonly base = 0,
  ) {
    this.position = base;
  }

  /** Writes `data` at `position` (counted as `this.position` is) of the file, bypassing the buffer. */
  async patch(data: Buffer, position: number): Promise<void> {
    await this.handle.write(data, 0, data.length, position - this.base);
  }

  async write(data: Buffer): Promise<void> {
    this.chunks.push(data);
    this.pending += data.length;
    this.position += data.length;
    if (this.pending >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const data = Buffer.concat(this.chunks, this.pending);
    const at = this.position - this.pending;
    this.chunks = [];
    this.pending = 0;
    await this.patch(data, at);
  }
}

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

export interface ZipEntryOptions {
  /** deflate (default) or store as is (for content that is already compressed) */
  compress?: boolean;
}

/**
 * What the central directory says of one entry. A local entry holds no absolute offset, so entries
 * written into one file (a "zip part") can be listed by the directory of a zip that places that part
 * anywhere: its offsets are then the part's own plus where the part starts.
 */
export interface ZipEntryInfo {
  name: string;
  compress: boolean;
  crc: number;
  compressedSize: number;
  size: number;
  /** where the entry's local header starts, counted as the writer that wrote it counted */
  offset: number;
}

export interface ZipWriterOptions {
  /** the time every entry carries (default now) */
  mtime?: Date;
  /**
   * bytes that come before this file in the finished zip (zip parts written elsewhere, listed with
   * `adopt`): offsets count from them, and the file holds only what this writer writes (default 0)
   */
  startOffset?: number;
}

/** Writes one zip archive; entries are added one at a time and each is on disk when its call returns. */
export class ZipWriter {
  private count = 0;
  private closed = false;
  private readonly time: number;
  private readonly date: number;

  private constructor(
    readonly path: string,
    private readonly out: BufferedFile,
    private readonly cd: BufferedFile,
    private readonly cdPath: string,
    mtime: Date,
  ) {
    ({ time: this.time, date: this.date } = dosDateTime(mtime));
  }

  /** Creates (or truncates) the archive at `path`; every entry gets `mtime` (default now). */
  static async create(path: string, options: ZipWriterOptions = {}): Promise<ZipWriter> {
    const cdPath = `${path}.cd.tmp`;
    const out = await open(path, 'w');
    const cd = await open(cdPath, 'w+');
    return new ZipWriter(
      path,
      new BufferedFile(out, options.startOffset ?? 0),
      new BufferedFile(cd),
      cdPath,
      options.mtime ?? new Date(),
    );
  }

  /** Bytes written so far, counted from `startOffset`: where the next entry starts. */
  get position(): number {
    return this.out.position;
  }

  /**
   * Lists in the central directory an entry another writer wrote (in a zip part that comes before
   * this file, see `startOffset`), at `entry.offset` of the finished zip. Call in the entries' order.
   */
  async adopt(entry: ZipEntryInfo): Promise<void> {
    await this.directoryEntry(entry);
  }

  /** Entries written so far. */
  get entries(): number {
    return this.count;
  }

  /**
   * Adds an entry from memory (for files that are small or already held). Deflated synchronously:
   * for small files, zlib's per-call set-up outweighs the compression, and the asynchronous API pays
   * it on this thread anyway.
   */
  async addBuffer(name: string, data: Buffer, options: ZipEntryOptions = {}): Promise<ZipEntryInfo> {
    const compress = options.compress !== false;
    const body = compress ? zlib.deflateRawSync(data) : data;
    if (data.length >= U32 || body.length >= U32) throw new RangeError(`${name}: entries of 4 GiB or more`);
    const crc = crc32(data);
    const offset = this.out.position;
    await this.out.write(this.localHeader(name, compress, crc, body.length, data.length));
    await this.out.write(body);
    const entry = { name, compress, crc, compressedSize: body.length, size: data.length, offset };
    await this.directoryEntry(entry);
    return entry;
  }

  /** Adds an entry streamed from a file on disk (read twice: for its CRC-32, then to deflate it). */
  async addFile(name: string, source: string, options: ZipEntryOptions = {}): Promise<ZipEntryInfo> {
    const compress = options.compress !== false;
    let crc = 0;
    let size = 0;
    for await (const chunk of createReadStream(source)) {
      crc = crc32(chunk as Buffer, crc);
      size += (chunk as Buffer).length;
    }
    if (size >= U32) throw new RangeError(`${name}: entries of 4 GiB or more`);
    const offset = this.out.position;
    const header = this.localHeader(name, compress, crc, 0, size);
    await this.out.write(header);
    const dataStart = this.out.position;
    const input = createReadStream(source);
    const stream = compress ? input.pipe(zlib.createDeflateRaw()) : input;
    for await (const chunk of stream) await this.out.write(chunk as Buffer);
    const compressed = this.out.position - dataStart;
    if (compressed >= U32) throw new RangeError(`${name}: entries of 4 GiB or more`);
    // the compressed size is known only now: patch it into the local header
    await this.out.flush();
    const patch = Buffer.alloc(4);
    patch.writeUInt32LE(compressed, 0);
    await this.out.patch(patch, offset + 18);
    const entry = { name, compress, crc, compressedSize: compressed, size, offset };
    await this.directoryEntry(entry);
    return entry;
  }

  private localHeader(name: string, compress: boolean, crc: number, csize: number, usize: number): Buffer {
    const n = Buffer.from(name, 'utf8');
    const h = Buffer.alloc(30 + n.length);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4); // version needed: 2.0
    h.writeUInt16LE(0x0800, 6); // UTF-8 names
    h.writeUInt16LE(compress ? 8 : 0, 8);
    h.writeUInt16LE(this.time, 10);
    h.writeUInt16LE(this.date, 12);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(csize, 18);
    h.writeUInt32LE(usize, 22);
    h.writeUInt16LE(n.length, 26);
    h.writeUInt16LE(0, 28);
    n.copy(h, 30);
    return h;
  }

  private async directoryEntry(entry: ZipEntryInfo): Promise<void> {
    const { name, compress, crc, compressedSize: csize, size: usize, offset } = entry;
    const n = Buffer.from(name, 'utf8');
    const zip64 = offset >= U32;
    const extra = zip64 ? Buffer.alloc(12) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(8, 2);
      extra.writeBigUInt64LE(BigInt(offset), 4);
    }
    const h = Buffer.alloc(46 + n.length + extra.length);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, spec 4.5
    h.writeUInt16LE(zip64 ? 45 : 20, 6);
    h.writeUInt16LE(0x0800, 8);
    h.writeUInt16LE(compress ? 8 : 0, 10);
    h.writeUInt16LE(this.time, 12);
    h.writeUInt16LE(this.date, 14);
    h.writeUInt32LE(crc, 16);
    h.writeUInt32LE(csize, 20);
    h.writeUInt32LE(usize, 24);
    h.writeUInt16LE(n.length, 28);
    h.writeUInt16LE(extra.length, 30);
    h.writeUInt16LE(0, 32); // comment
    h.writeUInt16LE(0, 34); // disk
    h.writeUInt16LE(0, 36); // internal attributes
    h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    h.writeUInt32LE(zip64 ? U32 : offset, 42);
    n.copy(h, 46);
    extra.copy(h, 46 + n.length);
    await this.cd.write(h);
    this.count++;
  }

  /** Appends the central directory and the end records, and closes the archive. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.cd.flush();
      const cdOffset = this.out.position;
      const cdSize = this.cd.position;
      for await (const chunk of createReadStream(this.cdPath)) await this.out.write(chunk as Buffer);
      const zip64 = this.count >= U16 || cdOffset >= U32 || cdSize >= U32;
      if (zip64) {
        const eocd64Offset = this.out.position;
        const r = Buffer.alloc(56);
        r.writeUInt32LE(0x06064b50, 0);
        r.writeBigUInt64LE(44n, 4);
        r.writeUInt16LE((3 << 8) | 45, 12);
        r.writeUInt16LE(45, 14);
        r.writeUInt32LE(0, 16);
        r.writeUInt32LE(0, 20);
        r.writeBigUInt64LE(BigInt(this.count), 24);
        r.writeBigUInt64LE(BigInt(this.count), 32);
        r.writeBigUInt64LE(BigInt(cdSize), 40);
        r.writeBigUInt64LE(BigInt(cdOffset), 48);
        const locator = Buffer.alloc(20);
        locator.writeUInt32LE(0x07064b50, 0);
        locator.writeUInt32LE(0, 4);
        locator.writeBigUInt64LE(BigInt(eocd64Offset), 8);
        locator.writeUInt32LE(1, 16);
        await this.out.write(r);
        await this.out.write(locator);
      }
      const e = Buffer.alloc(22);
      e.writeUInt32LE(0x06054b50, 0);
      e.writeUInt16LE(0, 4);
      e.writeUInt16LE(0, 6);
      e.writeUInt16LE(zip64 ? U16 : this.count, 8);
      e.writeUInt16LE(zip64 ? U16 : this.count, 10);
      e.writeUInt32LE(zip64 ? U32 : cdSize, 12);
      e.writeUInt32LE(zip64 ? U32 : cdOffset, 16);
      e.writeUInt16LE(0, 20);
      await this.out.write(e);
      await this.out.flush();
    } finally {
      await this.release();
    }
  }

  /**
   * Ends a zip part: its entries are on disk, and no central directory is written (the zip that
   * places the part lists them, see `adopt`).
   */
  async closePart(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.out.flush();
    } finally {
      await this.release();
    }
  }

  /** Stops writing and removes the partial archive. */
  async abort(): Promise<void> {
    this.closed = true;
    await this.release();
    await rm(this.path, { force: true });
  }

  private async release(): Promise<void> {
    await this.out.handle.close().catch(() => undefined);
    await this.cd.handle.close().catch(() => undefined);
    await rm(this.cdPath, { force: true });
  }
}
