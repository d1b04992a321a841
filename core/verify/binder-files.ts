/**
 * The files of a binder, for the offline verifier: every file of a zip (in archive order) or of an
 * unzipped folder (in a sorted walk), each opened as its bytes (a small one) or as a stream.
 *
 * A zip is read through yauzl (central directory, names, entry checks) over a reader that serves
 * its reads from a few windows of the file, each filled by one read: a binder of a million evidence
 * files asks for four small reads per file (its central directory entry, its name, its local header,
 * its data), which would otherwise each be a request to the thread pool. Small deflated entries are
 * read whole and inflated in one call, never past the size the zip declares for them.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

/** Reads every file of a binder, in archive (or directory walk) order. */
export type Source = (
  visit: (path: string, open: () => Promise<Readable | Buffer>) => Promise<void>,
) => Promise<void>;

/** Deflated entries this small, compressed and declared, are inflated in one call. */
const SMALL_ENTRY = 1024 * 1024;
/** Bytes of the zip one window holds; the central directory and the entries each keep one busy. */
const WINDOW = 1024 * 1024;
const WINDOWS = 4;
/** How much of a large entry (or a folder's file) a stream reads at a time. */
const STREAM_CHUNK = 256 * 1024;

/** The files of a binder at `path`: a zip, or a folder when `directory`. */
export function binderSource(path: string, directory: boolean): Source {
  return directory ? directorySource(path) : zipSource(path);
}

function directorySource(root: string): Source {
  return async (visit) => {
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else
          await visit(relative(root, full).split(sep).join('/'), async () => {
            const { size } = await stat(full);
            return size <= SMALL_ENTRY
              ? readFile(full)
              : createReadStream(full, { highWaterMark: STREAM_CHUNK });
          });
      }
    };
    await walk(root);
  };
}

/** yauzl's reader over a file, serving reads from the last few windows read. */
class WindowedReader extends yauzl.RandomAccessReader {
  private readonly windows: { start: number; data: Buffer }[] = [];

  constructor(
    private readonly path: string,
    private readonly file: FileHandle,
    private readonly size: number,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return createReadStream(this.path, { start, end: end - 1, highWaterMark: STREAM_CHUNK });
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    this.readAt(buffer, offset, length, position).then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }

  override close(callback: (err: Error | null) => void): void {
    this.file.close().then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }

  /** `length` bytes at `position` into `buffer` at `offset`; fails past the end of the file. */
  async readAt(buffer: Buffer, offset: number, length: number, position: number): Promise<void> {
    if (position + length > this.size) throw new Error('unexpected EOF');
    if (length > WINDOW) {
      await this.file.read(buffer, offset, length, position);
      return;
    }
    let window = this.windows.find(
      (w) => position >= w.start && position + length <= w.start + w.data.length,
    );
    if (!window) {
      const data = Buffer.allocUnsafe(Math.min(WINDOW, this.size - position));
      const { bytesRead } = await this.file.read(data, 0, data.length, position);
      window = { start: position, data: data.subarray(0, bytesRead) };
      if (this.windows.length >= WINDOWS) this.windows.shift();
      this.windows.push(window);
      if (bytesRead < length) throw new Error('unexpected EOF');
    }
    window.data.copy(buffer, offset, position - window.start, position - window.start + length);
  }
}

function zipSource(path: string): Source {
  return async (visit) => {
    const file = await open(path, 'r');
    const size = await file.stat().then(
      (info) => info.size,
      async (error) => {
        await file.close();
        throw error;
      },
    );
    const reader = new WindowedReader(path, file, size);
    await new Promise<void>((resolve, reject) => {
      yauzl.fromRandomAccessReader(
        reader,
        size,
        // sizes are checked by DeclaredSize and inflateDeclared, whose messages say what is wrong
        { lazyEntries: true, autoClose: true, strictFileNames: true, validateEntrySizes: false },
        (err, zip) => {
          if (err || !zip) {
            void file.close().catch(() => undefined);
            return reject(err ?? new Error('cannot open'));
          }
          zip.on('error', reject);
          zip.on('end', () => resolve());
          zip.on('entry', (entry: yauzl.Entry) => {
            if (entry.fileName.endsWith('/')) {
              zip.readEntry();
              return;
            }
            // small deflated entries (evidence files) are read whole and inflated in one call: a
            // zlib stream per entry costs more than the file itself. Only when the zip declares them
            // small, and never past the declared size: a few kilobytes can inflate to gigabytes.
            const declared = entry.uncompressedSize;
            const small =
              entry.compressionMethod === 8 &&
              !entry.isEncrypted() &&
              entry.compressedSize < SMALL_ENTRY &&
              declared <= SMALL_ENTRY;
            const openEntry = small
              ? async () => inflateDeclared(await rawData(reader, size, entry), declared)
              : async () => {
                  const stream = await new Promise<Readable>((res, rej) =>
                    zip.openReadStream(entry, (e, s) =>
                      e || !s ? rej(e ?? new Error('no stream')) : res(s),
                    ),
                  );
                  return pipeline(stream, new DeclaredSize(declared), () => {});
                };
            visit(entry.fileName, openEntry).then(
              () => zip.readEntry(),
              (e) => {
                zip.close();
                reject(e);
              },
            );
          });
          zip.readEntry();
        },
      );
    });
  };
}

/**
 * An entry's stored (compressed) bytes, found through its local header as yauzl finds them, with
 * yauzl's checks: the header's signature, and the data within the file.
 */
async function rawData(reader: WindowedReader, fileSize: number, entry: yauzl.Entry): Promise<Buffer> {
  const header = Buffer.allocUnsafe(30);
  await reader.readAt(header, 0, 30, entry.relativeOffsetOfLocalHeader);
  const signature = header.readUInt32LE(0);
  if (signature !== 0x04034b50)
    throw new Error(`invalid local file header signature: 0x${signature.toString(16)}`);
  const start = entry.relativeOffsetOfLocalHeader + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + entry.compressedSize > fileSize)
    throw new Error(`file data overflows file bounds: ${start} + ${entry.compressedSize} > ${fileSize}`);
  const data = Buffer.allocUnsafe(entry.compressedSize);
  await reader.readAt(data, 0, entry.compressedSize, start);
  return data;
}

/** Inflates a small entry, failing as soon as it would grow past the size the zip declares for it. */
function inflateDeclared(deflated: Buffer, declared: number): Buffer {
  let data: Buffer;
  try {
    data = inflateRawSync(deflated, { maxOutputLength: Math.max(1, declared) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(pastDeclared(declared));
    throw error;
  }
  if (data.length !== declared) throw new Error(notDeclared(data.length, declared));
  return data;
}

/** Passes an inflated entry through, failing once it grows past its declared size or ends short of it. */
class DeclaredSize extends Transform {
  private bytes = 0;
  constructor(private readonly declared: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.declared) done(new Error(pastDeclared(this.declared)));
    else done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    done(this.bytes === this.declared ? null : new Error(notDeclared(this.bytes, this.declared)));
  }
}

const pastDeclared = (declared: number) =>
  `inflates past the ${declared} bytes the zip's central directory declares for it`;
const notDeclared = (bytes: number, declared: number) =>
  `inflates to ${bytes} bytes, the zip's central directory declares ${declared}`;
