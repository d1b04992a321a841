/**
 * The export's work files: lines spooled to disk and read back in order (so a period of any size is
 * read from the store once, with bounded memory), and files written in pieces and hashed as they are
 * written. Each spooled record keeps its canonical JSON as stored, so the evidence file is that text.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { EvidenceRecord } from '../../../evidence-schemas';
import type { IndexRow } from '../../domain/binder/index-row';

/** Lines appended to a file with back-pressure, read back in order. */
export class LineSpool {
  private readonly out: WriteStream;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }

  async write(line: string): Promise<void> {
    if (!this.out.write(`${line}\n`)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }

  async *rows(): AsyncIterable<string> {
    const input = createReadStream(this.path);
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of lines) if (line.length > 0) yield line;
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
  private readonly out: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }

  async write(text: string): Promise<void> {
    await this.writeBytes(Buffer.from(text, 'utf8'));
  }

  async writeBytes(data: Buffer): Promise<void> {
    this.hash.update(data);
    this.bytes += data.length;
    if (!this.out.write(data)) await once(this.out, 'drain');
  }

  /** Ends the file (every byte is on disk when this resolves) and returns its hash and size. */
  async close(): Promise<HashedSize> {
    this.out.end();
    await once(this.out, 'finish');
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
