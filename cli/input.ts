import { createReadStream, readdirSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzipSync } from 'node:zlib';
import { expandDocument } from '../core/domain/normalize';
import { UsageError } from '../core/ports/errors';
import { JsonSplitter, type JsonUnit } from '../core/support/json-splitter';
import type { IngestInput } from '../core/usecases/ingest';
import { isS3Url, s3Bytes } from './s3-inputs';

const EVENT_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

/**
 * Files named on the command line; directories are walked for .json, .jsonl and .gz files, sorted.
 * Symbolic links are followed, but one that leads back into a directory being walked (a loop) is a
 * usage error naming it, as is a path that cannot be read.
 */
export function listInputFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push(p);
      continue;
    }
    if (statOf(p, 'no such file or directory').isDirectory()) walk(p, [], out);
    else out.push(p);
  }
  return out;
}

/** Walks `dir`; `ancestors` are the real paths of the directories above it in this walk. */
function walk(dir: string, ancestors: string[], out: string[]): void {
  const real = realpathSync(dir);
  if (ancestors.includes(real)) throw new UsageError(`symbolic link loop: ${dir} leads back to ${real}`);
  const below = [...ancestors, real];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statOf(full, 'cannot read').isDirectory()) walk(full, below, out);
    else if (EVENT_FILE.test(name)) out.push(full);
  }
}

function statOf(path: string, missing: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new UsageError(`symbolic link loop: ${path}`);
    throw new UsageError(`${missing}: ${path}${code && code !== 'ENOENT' ? ` (${code})` : ''}`);
  }
}

function readBytes(path: string): Buffer {
  return path === '-' ? readFileSync(0) : readFileSync(path);
}

/**
 * Reads one input file into events: a JSON event, a JSON array of events, JSON Lines, or a CloudTrail
 * log file (`{"Records": [...]}`), each optionally gzipped. Unreadable parts become inputs with a
 * read error, so they are quarantined rather than lost.
 */
export function readInputs(path: string): IngestInput[] {
  const name = path === '-' ? 'stdin' : path;
  let bytes = readBytes(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      return [
        {
          raw: bytes.toString('base64'),
          origin: name,
          readError: `not a valid gzip file: ${(error as Error).message}`,
        },
      ];
    }
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  return parseText(text, name);
}

export function parseText(text: string, name: string): IngestInput[] {
  if (text.trim() === '') return [];
  try {
    const doc: unknown = JSON.parse(text);
    return expandDocument(doc).map((raw, i, all) => ({
      raw,
      origin: all.length > 1 ? `${name}#${i}` : name,
    }));
  } catch (wholeError) {
    const lines = text.split(/\r?\n/);
    const nonEmpty = lines.filter((l) => l.trim() !== '');
    if (nonEmpty.length <= 1) {
      return [{ raw: text, origin: name, readError: `not valid JSON: ${(wholeError as Error).message}` }];
    }
    const out: IngestInput[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const origin = `${name}:${i + 1}`;
      try {
        const doc: unknown = JSON.parse(line);
        for (const raw of expandDocument(doc)) out.push({ raw, origin });
      } catch (error) {
        out.push({
          raw: line,
          origin,
          readError: `line ${i + 1} is not valid JSON: ${(error as Error).message}`,
        });
      }
    });
    return out;
  }
}

/**
 * Inputs of this size or less are read whole (parseText: one document, or JSON Lines with a bad line
 * quarantined on its own); larger ones are split as they stream (core/support/json-splitter.ts), so
 * memory stays bounded by this size plus the largest event, whatever the input's size.
 */
export const WHOLE_INPUT_CHARS = 8 * 1024 * 1024;

/** The bytes of a file, an S3 object or stdin, gunzipped as they stream when the input starts with gzip's magic. */
export async function* bytesOf(path: string): AsyncGenerator<Buffer> {
  const source = path === '-' ? process.stdin : isS3Url(path) ? s3Bytes(path) : createReadStream(path);
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  if (first.done) return;
  const rest = { [Symbol.asyncIterator]: () => it };
  const head = first.value;
  if (!(head[0] === 0x1f && head[1] === 0x8b)) {
    yield head;
    yield* rest;
    return;
  }
  const compressed = Readable.from(
    (async function* () {
      yield head;
      yield* rest;
    })(),
  );
  yield* compressed.pipe(createGunzip()) as AsyncIterable<Buffer>;
}

/**
 * The inputs of one file (or stdin, `-`), streamed: JSON, JSON arrays, JSON Lines, CloudTrail log files
 * and AWS Config snapshot and history files, each optionally gzipped. What cannot be read becomes an
 * input with a read error, to be quarantined with its reason.
 */
export async function* streamInputs(
  path: string,
  wholeBelow = WHOLE_INPUT_CHARS,
): AsyncGenerator<IngestInput> {
  const name = path === '-' ? 'stdin' : path;
  const decoder = new StringDecoder('utf8');
  const held: string[] = [];
  let heldChars = 0;
  let splitter: JsonSplitter | undefined;
  let element = 0;
  const fromUnits = (units: JsonUnit[]) => units.flatMap((u) => unitInputs(u, name, () => element++));
  try {
    for await (const bytes of bytesOf(path)) {
      const text = decoder.write(bytes);
      if (splitter) {
        yield* fromUnits(splitter.push(text));
        continue;
      }
      held.push(text);
      heldChars += text.length;
      if (heldChars > wholeBelow) {
        splitter = new JsonSplitter();
        yield* fromUnits(splitter.push(held.splice(0).join('')));
      }
    }
  } catch (error) {
    yield* fromUnits(splitter?.end() ?? []);
    yield unreadable(path, name, error as Error);
    return;
  }
  const last = decoder.end();
  if (splitter) {
    yield* fromUnits([...splitter.push(last), ...splitter.end()]);
    return;
  }
  yield* parseText((held.join('') + last).replace(/^\uFEFF/, ''), name);
}

/** The inputs of one unit of a split stream: its events, or the unit with why it is not JSON. */
function unitInputs(unit: JsonUnit, name: string, nextElement: () => number): IngestInput[] {
  const index = unit.element ? nextElement() : undefined;
  const where = index === undefined ? `line ${unit.line}` : `element ${index}`;
  const origin = index === undefined ? `${name}:${unit.line}` : `${name}#${index}`;
  try {
    const doc: unknown = JSON.parse(unit.text);
    return expandDocument(doc).map((raw) => ({ raw, origin }));
  } catch (error) {
    return [{ raw: unit.text, origin, readError: `${where} is not valid JSON: ${(error as Error).message}` }];
  }
}

/** A file that failed while it was read (a corrupt gzip stream, a read error): kept, with the reason. */
function unreadable(path: string, name: string, error: Error): IngestInput {
  const gzip = (error as NodeJS.ErrnoException).code?.startsWith('Z_') ?? false;
  let raw = isS3Url(path)
    ? `(${name}: read failed; the object stays in its bucket)`
    : `(${name}: read failed)`;
  if (path !== '-' && !isS3Url(path)) {
    try {
      raw = readFileSync(path).toString('base64');
    } catch {
      // the file is gone or unreadable: the reason names it
    }
  }
  return {
    raw,
    origin: name,
    readError: gzip ? `not a valid gzip file: ${error.message}` : `could not be read: ${error.message}`,
  };
}
