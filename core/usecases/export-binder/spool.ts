/**
 * The export's work files: lines spooled to disk and read back in order (so a period of any size is
 * read from the store once, with bounded memory), and files written in pieces and hashed as they are
 * written. Each spooled record keeps its canonical JSON as stored, so the evidence file is that text.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import type { EvidenceRecord } from '../../../evidence-schemas';
import type { IndexRow } from '../../domain/binder/index-row';

/**
 * Text gathered before it is written: one write of about this many characters instead of one per
 * line, since each write is a request to the thread pool (and a copy into a buffer of its own).
 */
const BATCH_CHARS = 64 * 1024;
/**
 * How much of a spool is read at a time: the text of a chunk is one string, which stays under V8's
 * large-object size (128 KB) so that it is collected young; a larger one is only freed by a full
 * collection, and the lines sliced from it keep it alive.
 */
const READ_CHUNK = 64 * 1024;

/** A file written in pieces of text, gathered into large writes with back-pressure. */
class BatchedWriter {
  private readonly out: WriteStream;
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(path: string) {
    this.out = createWriteStream(path);
  }

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BATCH_CHARS) await this.flush();
  }

  async writeBytes(data: Buffer): Promise<void> {
    await this.flush();
    if (!this.out.write(data)) await once(this.out, 'drain');
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    if (!this.out.write(text, 'utf8')) await once(this.out, 'drain');
  }

  /** Ends the file: every byte is on disk when this resolves. */
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }

  /** Gives up the file (a failed export); the caller removes it. */
  destroy(): void {
    this.pending = [];
    // a stream given up before its file was opened still opens it, and fails once the caller has
    // removed the work folder: an error with no listener, which would end the process
    this.out.on('error', () => undefined);
    this.out.destroy();
  }
}

/** Lines appended to a file with back-pressure, read back in order. */
export class LineSpool {
  private readonly out: BatchedWriter;

  constructor(readonly path: string) {
    this.out = new BatchedWriter(path);
  }

  async write(line: string): Promise<void> {
    await this.out.write(`${line}\n`);
  }

  async close(): Promise<void> {
    await this.out.close();
  }

  /** Stops writing (a failed export); the work folder is removed by the caller. */
  abort(): void {
    this.out.destroy();
  }

  /** The lines written, in order (empty ones skipped; no line holds a raw line break). */
  async *rows(): AsyncIterable<string> {
    const input = createReadStream(this.path, { highWaterMark: READ_CHUNK });
    const text = new StringDecoder('utf8');
    let rest = '';
    try {
      for await (const chunk of input) {
        const piece = rest + text.write(chunk as Buffer);
        let start = 0;
        for (let end = piece.indexOf('\n'); end >= 0; end = piece.indexOf('\n', start)) {
          if (end > start) yield piece.slice(start, end);
          start = end + 1;
        }
        rest = piece.slice(start);
      }
      rest += text.end();
      if (rest.length > 0) yield rest;
    } finally {
      // a reader that stops early (index.html lists the first rows only) leaves no file open
      input.destroy();
    }
  }
}

/** Each row of `rows`, mapped. */
export async function* mapRows<T, U>(rows: AsyncIterable<T>, fn: (row: T) => U): AsyncIterable<U> {
  for await (const row of rows) yield fn(row);
}

/** SHA-256 (hex) and size of a file written through HashedFile. */
export interface HashedSize {
  sha256: string;
  bytes: number;
}

/** A file written in pieces, hashed as it is written. */
export class HashedFile {
  private readonly out: BatchedWriter;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(readonly path: string) {
    this.out = new BatchedWriter(path);
  }

  async write(text: string): Promise<void> {
    this.hash.update(text, 'utf8');
    this.bytes += Buffer.byteLength(text, 'utf8');
    await this.out.write(text);
  }

  async writeBytes(data: Buffer): Promise<void> {
    this.hash.update(data);
    this.bytes += data.length;
    await this.out.writeBytes(data);
  }

  /** Ends the file (every byte is on disk when this resolves) and returns its hash and size. */
  async close(): Promise<HashedSize> {
    await this.out.close();
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

/** Writes a file through `fill`, returning its SHA-256 and size. */
export async function writeHashed(
  path: string,
  fill: (write: (text: string) => Promise<void>) => Promise<void>,
): Promise<HashedSize> {
  const file = new HashedFile(path);
  await fill((text) => file.write(text));
  return file.close();
}

/** Writes a stream of bytes to a file, hashing it on the way. */
export async function writeHashedStream(path: string, source: AsyncIterable<unknown>): Promise<HashedSize> {
  const file = new HashedFile(path);
  for await (const chunk of source) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('a document stream yielded text, not bytes');
    await file.writeBytes(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return file.close();
}

/** What the evidence files, the manifest and the index need of a spooled record. */
export interface SpooledRecord {
  evidenceId: string;
  observedAt: string;
  recordedAt: string;
  recordHash: string;
  source: string;
  subject: { accountId: string };
  integrity: { sequence: number; recordHash: string };
}

const SpoolHeadSchema = z.tuple([
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.number().int().positive(),
  z.string(),
  z.string(),
]);

/**
 * One spooled record: a JSON header (subject key, evidence id, time, source, account, sequence, record
 * hash, recorded time), a tab, then the record's canonical JSON (which never holds a raw tab or line break).
 */
export function spoolLine(subjectKey: string, r: EvidenceRecord, canonical: string): string {
  return `${JSON.stringify([
    subjectKey,
    r.evidenceId,
    r.observedAt,
    sourceLabel(r),
    r.subject.accountId,
    r.integrity.sequence,
    r.integrity.recordHash,
    r.recordedAt,
  ])}\t${canonical}`;
}

/** A spooled record back: its header, parsed again (the spool is a file: never trusted as typed). */
export function parseSpoolLine(line: string): {
  subjectKey: string;
  record: SpooledRecord;
  canonical: string;
} {
  const tab = line.indexOf('\t');
  const [subjectKey, evidenceId, observedAt, source, accountId, sequence, recordHash, recordedAt] =
    SpoolHeadSchema.parse(JSON.parse(line.slice(0, tab)));
  return {
    subjectKey,
    record: {
      evidenceId,
      observedAt,
      recordedAt,
      recordHash,
      source,
      subject: { accountId },
      integrity: { sequence, recordHash },
    },
    canonical: line.slice(tab + 1),
  };
}

/** How the index names a record's source: its kind, and the call or rule when there is one. */
export function sourceLabel(r: {
  source: { kind: string; eventName?: string; configRuleName?: string };
}): string {
  const detail = r.source.eventName ?? r.source.configRuleName;
  return detail ? `${r.source.kind} ${detail}` : r.source.kind;
}

const clean = (s: string) => s.replace(/[\t\r\n]/g, ' ');

/** An index row as one tab-separated line of the spool (no field holds a tab or a line break). */
export function rowLine(r: IndexRow): string {
  return [
    r.observedAt,
    r.evidenceId,
    clean(r.source),
    r.sequence,
    r.recordHash,
    clean(r.subjectKey),
    r.path,
  ].join('\t');
}

/** An index row back from its spool line. */
export function parseRowLine(line: string): IndexRow {
  const [
    observedAt = '',
    evidenceId = '',
    source = '',
    sequence = '0',
    recordHash = '',
    subjectKey = '',
    path = '',
  ] = line.split('\t');
  return { observedAt, evidenceId, source, sequence: Number(sequence), recordHash, subjectKey, path };
}
