import { readdirSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expandDocument } from '../core/domain/normalize';
import { UsageError } from '../core/ports/errors';
import type { IngestInput } from '../core/usecases/ingest';

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
