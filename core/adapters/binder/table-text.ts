/**
 * How the binder's monospaced tables break text, apart from drawing it (pdf-layout.ts): a cell wraps at
 * spaces only, and a long ARN or path also after its separators, so an evidence id, a record hash, a
 * date or time, a status word or a citation is never split across lines and can be copied whole.
 * Column widths come from the content: every column is at least as wide as its widest unbreakable word,
 * and a word wider than any column can be leaves the cell for a full-width line of its own.
 * Pure: widths are in characters.
 */

import { maxOf } from '../../support/arrays';

/** An ARN or path is broken inside only when it is longer than this (short ones stay whole). */
const LONG_BREAKABLE = 20;
/** Narrowest line piece a long ARN or path is cut into (short pieces read badly). */
const MIN_PIECE = 12;
/** Words up to this wide (a status, a time, a citation) leave their cell only when nothing else fits. */
const MOVABLE = 20;
/** A column never gets narrower than this. */
const MIN_COLUMN = 4;

const DATE = /^\d{4}-\d\d-\d\d$/;
const TIME = /^\d\d:\d\d(:\d\d(\.\d+)?)?Z?$/;
/** An API call as the sweep names it: `cloudtrail:DescribeTrails`. */
const API_CALL = /^[a-z0-9-]+:[A-Z][A-Za-z]+$/;

/**
 * A word that may be broken after its separators (`/`, `:`, `,`, `-`): an ARN, a slash path such as
 * a subject key or a file in the binder, a resource type (`HIPAA::Coverage::Collector`) or an API call
 * (`cloudtrail:DescribeTrails`). Dates and
 * times have `-` and `:` too, and never qualify.
 */
export function isBreakable(word: string): boolean {
  if (/^\d{4}-\d\d-\d\dT/.test(word) || TIME.test(word)) return false;
  return word.startsWith('arn:') || word.includes('/') || word.includes('::') || API_CALL.test(word);
}

/**
 * The words of one line of text, split at spaces; a date followed by a time (`2026-10-07 10:00Z`) is
 * kept as one word, joined by its space, so a time is never separated from its day.
 */
export function words(line: string): string[] {
  const out: string[] = [];
  for (const w of line.split(' ')) {
    if (w.length === 0) continue;
    const last = out[out.length - 1];
    if (last !== undefined && DATE.test(last) && TIME.test(w)) out[out.length - 1] = `${last} ${w}`;
    else out.push(w);
  }
  return out;
}

/** The pieces of a breakable word, each ending just after a separator (the last may end without one). */
export function pieces(word: string): string[] {
  return word.match(/[^/:,-]*[/:,-]+|[^/:,-]+$/g) ?? [word];
}

/** Whether a word is a long ARN or path, the only kind of word ever broken inside (after a separator). */
export function breaksInside(word: string): boolean {
  return word.length > LONG_BREAKABLE && isBreakable(word);
}

/** The narrowest width a word can take without breaking inside an identifier. */
export function minWidth(word: string): number {
  if (!breaksInside(word)) return word.length;
  return Math.max(Math.min(MIN_PIECE, word.length), ...pieces(word).map((p) => p.length));
}

/** Cuts a breakable word into lines of at most `width`, after its separators; the last line may be short. */
function breakWord(word: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces(word)) {
    if (line.length > 0 && line.length + piece.length > width) {
      // rather after a `/`, `:` or `,` than after a `-` (which may be inside a name or an id such as
      // `vol-0a1b…`), when the line stays at least half full and the rest fits on the next one
      const major = Math.max(line.lastIndexOf('/'), line.lastIndexOf(':'), line.lastIndexOf(',')) + 1;
      const carry =
        major > 0 && major < line.length && major >= width / 2 && line.length - major + piece.length <= width;
      lines.push(carry ? line.slice(0, major) : line);
      line = carry ? line.slice(major) : '';
    }
    line += piece;
    // a piece longer than the width (never, when the width came from columnWidths): cut it
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Wraps text to lines of at most `width` characters. Lines break at spaces; a word longer than the
 * width is broken only when it is a long ARN or path (after `/`, `:`, `,` or `-`); any other word
 * longer than the width is left whole on its own line, wider than the width (callers size columns so
 * that it does not happen). A `\n` always starts a new line.
 */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of words(para)) {
      const joined = line.length === 0 ? word : `${line} ${word}`;
      if (joined.length <= width) {
        line = joined;
        continue;
      }
      if (line.length > 0) out.push(line);
      line = word;
      if (word.length > width && breaksInside(word)) {
        const parts = breakWord(word, width);
        out.push(...parts.slice(0, -1));
        line = parts[parts.length - 1] ?? '';
      }
    }
    out.push(line);
  }
  return out;
}

/** The width of the widest line of a text, unwrapped. */
function naturalWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map((l) => words(l).join(' ').length));
}

/** The widest unbreakable word of a text, at most `cap` (wider words leave the cell). */
function widestWord(text: string, cap: number): number {
  let widest = 0;
  for (const l of text.split('\n'))
    for (const w of words(l)) {
      const m = minWidth(w);
      if (m <= cap && m > widest) widest = m;
    }
  return widest;
}

/** The columns' widths, and per column the widest word a cell may keep (wider ones get their own line). */
export interface ColumnPlan {
  widths: number[];
  /** per column: a word whose minimum width is over this is printed on a full-width line below the row */
  caps: number[];
}

/**
 * Column widths for a table `room` characters wide (gaps excluded), from its header and cells.
 * Each column is at least as wide as its widest unbreakable word; room left over goes to the columns
 * whose text would otherwise wrap, in proportion to `weights` (the caller's sense of which columns
 * matter), never beyond what the column's text needs. When the widest words cannot all fit side by
 * side, columns give up their widest words (each goes on a line of its own below its row), choosing
 * each time the column that gains the most width for the fewest rows changed, until they do.
 */
export function columnWidths(
  headers: string[],
  rows: string[][],
  room: number,
  weights: number[],
): ColumnPlan {
  const n = headers.length;
  const body = (c: number) => rows.map((r) => r[c] ?? '');
  const caps = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  // a header wraps at its spaces but never gives up a word
  const floor = headers.map((h) => Math.max(MIN_COLUMN, widestWord(h, Number.POSITIVE_INFINITY)));
  const minOf = (c: number) =>
    maxOf(
      body(c).map((t) => widestWord(t, caps[c]!)),
      floor[c]!,
    );
  const min = headers.map((_, c) => minOf(c));
  // give up words, column by column, where that moves the fewest cells' words per character gained;
  // long words first (ids, hashes, API names), and shorter ones (a status, a time) only if that fails
  for (const shortest of [MOVABLE, 0]) {
    while (min.reduce((a, b) => a + b, 0) > room) {
      let best: { column: number; cap: number; score: number } | undefined;
      for (let c = 0; c < n; c++) {
        const widths = body(c).map((t) => widestWord(t, caps[c]!));
        const next = maxOf(
          widths.filter((w) => w < min[c]!),
          Math.max(floor[c]!, shortest),
        );
        if (next >= min[c]!) continue;
        const moved = widths.filter((w) => w > next).length;
        const score = (min[c]! - next) / Math.max(1, moved);
        if (!best || score > best.score) best = { column: c, cap: next, score };
      }
      if (!best) break;
      caps[best.column] = best.cap;
      min[best.column] = minOf(best.column);
    }
  }
  const natural = headers.map((h, c) => maxOf(body(c).map(naturalWidth), Math.max(min[c]!, naturalWidth(h))));
  const widths = [...min];
  let spare = room - widths.reduce((a, b) => a + b, 0);
  // hand out the spare room in rounds: columns that reach their natural width drop out
  while (spare > 0) {
    const wanting = widths.map((w, c) => (w < natural[c]! ? c : -1)).filter((c) => c >= 0);
    if (wanting.length === 0) break;
    const total = wanting.reduce((a, c) => a + Math.max(1, weights[c] ?? 1), 0);
    let given = 0;
    for (const c of wanting) {
      const share = Math.floor((spare * Math.max(1, weights[c] ?? 1)) / total);
      const add = Math.min(natural[c]! - widths[c]!, Math.max(1, share), spare - given);
      widths[c] = widths[c]! + add;
      given += add;
      if (given >= spare) break;
    }
    spare -= given;
    if (given === 0) break;
  }
  return { widths, caps };
}

/** A cell laid out: its lines in the column, and the words too wide for it, for lines of their own. */
export function layoutCell(text: string, width: number, cap: number): { lines: string[]; moved: string[] } {
  if (cap === Number.POSITIVE_INFINITY) return { lines: wrap(text, width), moved: [] };
  const moved: string[] = [];
  const kept = text
    .split('\n')
    .map((l) =>
      words(l)
        .filter((w) => {
          if (minWidth(w) <= cap) return true;
          moved.push(w);
          return false;
        })
        .join(' '),
    )
    .join('\n');
  return { lines: kept.trim().length > 0 ? wrap(kept, width) : [''], moved };
}
