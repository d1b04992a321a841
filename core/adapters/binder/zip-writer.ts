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
import { pipeline } from 'node:stream';
import * as zlib from 'node:zlib';

const FLUSH_AT = 1 << 20;
/** How much of a file added from disk is read (and deflated) at a time. */
const READ_CHUNK = 256 * 1024;
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

/**
 * Appends to a file through one buffer of FLUSH_AT bytes, tracking the position (counted from `base`,
 * see ZipWriter.create). Data is copied in, so a caller's buffers (a deflated entry, a header) are
 * garbage as soon as the call returns, and headers are written straight into it.
 */
class BufferedFile {
  private readonly buffer = Buffer.allocUnsafe(FLUSH_AT);
  private pending = 0;
  position: number;

  constructor(
    readonly handle: FileHandle,
    private readonly base = 0,
  ) {
    this.position = base;
  }

  /** Writes `data` at `position` (counted as `this.position` is) of the file, bypassing the buffer. */
  async patch(data: Uint8Array, position: number): Promise<void> {
    await this.handle.write(data, 0, data.length, position - this.base);
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.pending + data.length > FLUSH_AT) await this.flush();
    if (data.length >= FLUSH_AT) {
      await this.patch(data, this.position);
    } else {
      this.buffer.set(data, this.pending);
      this.pending += data.length;
    }
    this.position += data.length;
  }

  /** Writes `size` bytes through `fill`, which writes them into `target` from `at` (synchronously). */
  async writeIn(size: number, fill: (target: Buffer, at: number) => void): Promise<void> {
    if (this.pending + size > FLUSH_AT) await this.flush();
    if (size > FLUSH_AT) {
      const own = Buffer.alloc(size);
      fill(own, 0);
      await this.write(own);
      return;
    }
    this.buffer.fill(0, this.pending, this.pending + size);
    fill(this.buffer, this.pending);
    this.pending += size;
    this.position += size;
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const at = this.position - this.pending;
    const length = this.pending;
    this.pending = 0;
    await this.patch(this.buffer.subarray(0, length), at);
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
  /** zlib's compression level when deflated (default 6); 1 for large, repetitive files is much faster */
  level?: number;
  /** sees each chunk of a file added from disk as it is read (to hash it in the same pass) */
  onChunk?: (chunk: Buffer) => void;
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

/**
 * Small entries are deflated into output buffers of this size: under half of Buffer.poolSize, so
 * they come from Node's shared pool instead of one 16 KB allocation (zlib's default) per entry.
 */
const SMALL_OUTPUT_CHUNK = 4000;

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
    const body = compress
      ? zlib.deflateRawSync(data, {
          ...(options.level === undefined ? {} : { level: options.level }),
          ...(data.length < SMALL_OUTPUT_CHUNK * 2 ? { chunkSize: SMALL_OUTPUT_CHUNK } : {}),
        })
      : data;
    if (data.length >= U32 || body.length >= U32) throw new RangeError(`${name}: entries of 4 GiB or more`);
    const crc = crc32(data);
    const offset = this.out.position;
    await this.localHeader(name, compress, crc, body.length, data.length);
    await this.out.write(body);
    const entry = { name, compress, crc, compressedSize: body.length, size: data.length, offset };
    await this.directoryEntry(entry);
    return entry;
  }

  /**
   * Adds an entry streamed from a file on disk, read once: its CRC-32 and size are counted while it
   * is deflated, then patched into the local header with the compressed size.
   */
  async addFile(name: string, source: string, options: ZipEntryOptions = {}): Promise<ZipEntryInfo> {
    const compress = options.compress !== false;
    let crc = 0;
    let size = 0;
    const offset = this.out.position;
    await this.localHeader(name, compress, 0, 0, 0);
    const dataStart = this.out.position;
    const input = createReadStream(source, { highWaterMark: READ_CHUNK });
    const seen = (chunk: Buffer) => {
      crc = crc32(chunk, crc);
      size += chunk.length;
      options.onChunk?.(chunk);
    };
    if (compress) {
      input.on('data', (chunk) => seen(chunk as Buffer));
      const deflate = zlib.createDeflateRaw({
        chunkSize: READ_CHUNK,
        ...(options.level === undefined ? {} : { level: options.level }),
      });
      // an error on either side ends the loop below with it
      for await (const chunk of pipeline(input, deflate, () => undefined))
        await this.out.write(chunk as Buffer);
    } else
      for await (const chunk of input) {
        seen(chunk as Buffer);
        await this.out.write(chunk as Buffer);
      }
    const compressed = this.out.position - dataStart;
    if (size >= U32 || compressed >= U32) throw new RangeError(`${name}: entries of 4 GiB or more`);
    // the CRC and sizes are known only now: patch them into the local header
    await this.out.flush();
    const patch = Buffer.alloc(12);
    patch.writeUInt32LE(crc, 0);
    patch.writeUInt32LE(compressed, 4);
    patch.writeUInt32LE(size, 8);
    await this.out.patch(patch, offset + 14);
    const entry = { name, compress, crc, compressedSize: compressed, size, offset };
    await this.directoryEntry(entry);
    return entry;
  }

  private localHeader(
    name: string,
    compress: boolean,
    crc: number,
    csize: number,
    usize: number,
  ): Promise<void> {
    const length = Buffer.byteLength(name, 'utf8');
    return this.out.writeIn(30 + length, (h, at) => {
      h.writeUInt32LE(0x04034b50, at);
      h.writeUInt16LE(20, at + 4); // version needed: 2.0
      this.entryFields(h, at + 6, { compress, crc, csize, usize, length });
      h.writeUInt16LE(0, at + 28);
      h.write(name, at + 30, length, 'utf8');
    });
  }

  /**
   * The fields a local header and a central directory entry share, in the same order in both: flags
   * (UTF-8 names), method, time, date, CRC-32, sizes and the name's length.
   */
  private entryFields(
    h: Buffer,
    at: number,
    f: { compress: boolean; crc: number; csize: number; usize: number; length: number },
  ): void {
    h.writeUInt16LE(0x0800, at);
    h.writeUInt16LE(f.compress ? 8 : 0, at + 2);
    h.writeUInt16LE(this.time, at + 4);
    h.writeUInt16LE(this.date, at + 6);
    h.writeUInt32LE(f.crc, at + 8);
    h.writeUInt32LE(f.csize, at + 12);
    h.writeUInt32LE(f.usize, at + 16);
    h.writeUInt16LE(f.length, at + 20);
  }

  private async directoryEntry(entry: ZipEntryInfo): Promise<void> {
    const { name, compress, crc, compressedSize: csize, size: usize, offset } = entry;
    const length = Buffer.byteLength(name, 'utf8');
    const zip64 = offset >= U32;
    const extra = zip64 ? 12 : 0;
    await this.cd.writeIn(46 + length + extra, (h, at) => {
      h.writeUInt32LE(0x02014b50, at);
      h.writeUInt16LE((3 << 8) | 45, at + 4); // made by: Unix, spec 4.5
      h.writeUInt16LE(zip64 ? 45 : 20, at + 6);
      this.entryFields(h, at + 8, { compress, crc, csize, usize, length });
      h.writeUInt16LE(extra, at + 30);
      h.writeUInt16LE(0, at + 32); // comment
      h.writeUInt16LE(0, at + 34); // disk
      h.writeUInt16LE(0, at + 36); // internal attributes
      h.writeUInt32LE((0o100644 << 16) >>> 0, at + 38); // a regular file, rw-r--r--
      h.writeUInt32LE(zip64 ? U32 : offset, at + 42);
      h.write(name, at + 46, length, 'utf8');
      if (zip64) {
        h.writeUInt16LE(0x0001, at + 46 + length);
        h.writeUInt16LE(8, at + 48 + length);
        h.writeBigUInt64LE(BigInt(offset), at + 50 + length);
      }
    });
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
      for await (const chunk of createReadStream(this.cdPath, { highWaterMark: READ_CHUNK }))
        await this.out.write(chunk as Buffer);
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
