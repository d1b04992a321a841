/**
 * Fitting human-readable output to the terminal: its width, word-wrapped prose and tables that shrink
 * to fit. Only the text output goes through here; `--json` prints every value as it is stored.
 *
 * Nothing is ever cut: free text wraps at spaces, and a value (an id, an ARN, a hash, a date, a status)
 * is printed whole on one line, even when that line has to be longer than the terminal (only a single
 * value longer than the whole width does that). A cut id would pass for another one, and a reader
 * copies ids from this output.
 */

/** The narrowest width output is laid out for: narrower, every table would be a list of records. */
export const MIN_WIDTH = 60;
/**
 * The width when stdout is not a terminal (a pipe, a file, CI) and COLUMNS is not set: a pager or a
 * log viewer is still read by a person, and 80 columns is what a terminal opens with. Scripts read
 * `--json`, which is never wrapped.
 */
export const DEFAULT_WIDTH = 80;

/**
 * The width to lay out for: the terminal's columns when stdout is a TTY; otherwise COLUMNS when it is
 * a positive number, else {@link DEFAULT_WIDTH}; never less than {@link MIN_WIDTH}.
 */
export function terminalWidth(
  stdout: { isTTY?: boolean; columns?: number } = process.stdout,
  env: Record<string, string | undefined> = process.env,
): number {
  const columns = Number(env.COLUMNS);
  const width =
    stdout.isTTY && stdout.columns
      ? stdout.columns
      : Number.isInteger(columns) && columns > 0
        ? columns
        : DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, width);
}

/**
 * `text` wrapped at spaces into lines of at most `width` (the lines after the first at most
 * `restWidth`). A word longer than its line is never cut: it gets a line of its own, longer than the
 * width. Text that already fits is returned as is (its inner spacing kept).
 */
export function wrap(text: string, width: number, restWidth = width): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const limit = lines.length === 0 ? width : restWidth;
    if (line && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Every line of `text` at most `width` long where its words allow: a longer line is wrapped at spaces,
 * its continuation lines indented two more than the line itself (so a wrapped bullet or detail line
 * still reads as one item).
 */
export function fitLines(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (line.length <= width) return [line];
      const indent = Math.min(line.match(/^ */)?.[0].length ?? 0, Math.floor(width / 2));
      const hanging = Math.min(indent + 2, Math.floor(width / 2));
      const [first = '', ...rest] = wrap(line.slice(indent), width - indent, width - hanging);
      return [' '.repeat(indent) + first, ...rest.map((l) => ' '.repeat(hanging) + l)];
    })
    .join('\n');
}

/**
 * A shell command as lines of at most `width` (each starting with `indent`): one line when it fits,
 * else broken between arguments, each line but the last ending in ` \\`, so the lines paste into a
 * shell as one command. An argument (a path, a fingerprint) is never split.
 */
export function shellCommand(words: readonly string[], width: number, indent = ''): string[] {
  const oneLine = indent + words.join(' ');
  if (oneLine.length <= width) return [oneLine];
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    // room for the word and, since more may follow, the continuation mark
    if (line && line.length + 1 + word.length + 2 > width) {
      lines.push(`${line} \\`);
      line = '';
    }
    line = line ? `${line} ${word}` : `${indent}${lines.length > 0 ? '  ' : ''}${word}`;
  }
  lines.push(line);
  return lines;
}

/** One column of a {@link fitColumns} table. */
export interface Column {
  header: string;
  /**
   * Free text (a reason, a title): wraps at spaces to let the table fit, never inside a word.
   * Otherwise each line of the cell is a value printed whole.
   * @default false
   */
  wrap?: boolean;
  /**
   * When the table does not fit, this column leaves it and is printed under each row as
   * `header  value` (for long values such as ARNs that would leave no room for the others).
   * @default false
   */
  below?: boolean;
}

/** A table cell: one value or text, or several, one a line. */
export type Cell = string | readonly string[];

const GAP = '  ';
/** The indent of the lines a row's {@link Column.below} columns are printed on. */
const BELOW_INDENT = '    ';

const linesOf = (cell: Cell | undefined): readonly string[] =>
  cell === undefined ? [] : typeof cell === 'string' ? (cell ? [cell] : []) : cell;
const longest = (items: readonly string[]) => items.reduce((m, s) => Math.max(m, s.length), 0);
const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);

/**
 * What a column holds, for planning its width: `items` are the pieces that must stay whole (each
 * line of a value column, each word of a free-text one), `natural` its widest line, `floor` the
 * narrowest it takes without a piece running over.
 */
function extent(column: Column, cells: readonly (Cell | undefined)[]) {
  const lines = cells.flatMap(linesOf);
  const items = column.wrap ? lines.flatMap((l) => l.split(/\s+/)) : lines;
  // a header wraps at its spaces: its longest word is the narrowest the column gets
  const headerWord = longest(column.header.split(' '));
  const natural = Math.max(column.header.length, longest(lines));
  return { items, headerWord, natural, floor: Math.max(headerWord, column.wrap ? longest(items) : natural) };
}

/**
 * The columns kept in the table and their widths. First free-text columns narrow (widest first,
 * down to their longest word); if the table still does not fit, the {@link Column.below} columns
 * leave it; last, a character at a time, the column where the fewest values or words stop fitting
 * narrows (down to its header's longest word), those then running over (see {@link renderRow}).
 */
function plan(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  total: number,
): { kept: number[]; widths: number[] } {
  const extents = columns.map((c, i) =>
    extent(
      c,
      rows.map((r) => r[i]),
    ),
  );
  const layOut = (kept: number[]) => {
    const widths = extents.map((e) => e.natural);
    let over = sum(kept.map((i) => widths[i] ?? 0)) - (total - GAP.length * (kept.length - 1));
    const narrowest = (pick: (i: number) => number | undefined) => {
      while (over > 0) {
        let best: { i: number; score: number } | undefined;
        for (const i of kept) {
          const score = pick(i);
          if (score !== undefined && (best === undefined || score < best.score)) best = { i, score };
        }
        if (best === undefined) return;
        widths[best.i] = (widths[best.i] ?? 0) - 1;
        over--;
      }
    };
    const width = (i: number) => widths[i] ?? 0;
    // free text first, the widest column giving way (minus its width: the smallest score wins)
    narrowest((i) => (columns[i]?.wrap && width(i) > (extents[i]?.floor ?? 0) ? -width(i) : undefined));
    return { widths, over: () => over, narrowest, width };
  };
  let kept = columns.map((_, i) => i);
  let attempt = layOut(kept);
  if (attempt.over() > 0 && columns.some((c) => c.below)) {
    kept = kept.filter((i) => !columns[i]?.below);
    attempt = layOut(kept);
  }
  const { narrowest, width } = attempt;
  narrowest((i) =>
    width(i) > (extents[i]?.headerWord ?? 0)
      ? (extents[i]?.items ?? []).filter((item) => item.length >= width(i)).length
      : undefined,
  );
  return { kept, widths: attempt.widths };
}

/**
 * The lines of one row. A line of a cell longer than its column (a value, or a word of free text) is
 * not cut: it is written whole, running into the columns to its right, and whatever those columns
 * had to write on that line moves down one line, so no cell is written over. A value that would run
 * past the table's width starts further left when there is room, at the margin if need be.
 */
function renderRow(
  cells: readonly Cell[],
  kept: readonly number[],
  columns: readonly Column[],
  widths: readonly number[],
  total: number,
): string[] {
  const starts = kept.map((_, k) => sum(kept.slice(0, k).map((i) => (widths[i] ?? 0) + GAP.length)));
  const pending = kept.map((i) => {
    const w = widths[i] ?? 0;
    return linesOf(cells[i]).flatMap((l) => (columns[i]?.wrap ? wrap(l, w) : [l]));
  });
  const out: string[] = [];
  while (pending.some((p) => p.length > 0)) {
    let text = '';
    for (const [k, lines] of pending.entries()) {
      const cell = lines[0];
      if (cell === undefined) continue;
      const start = Math.max(0, Math.min(starts[k] ?? 0, total - cell.length));
      // a cell before this one ran into its column, or this one must start left of it: it waits
      // for the next line
      if (text && (start < text.length + GAP.length || start < (starts[k] ?? 0))) break;
      text = text.padEnd(start) + cell;
      lines.shift();
    }
    out.push(text.trimEnd());
  }
  return out.length > 0 ? out : [''];
}

/**
 * A plain-text table at most `total` characters wide wherever its values allow: columns as wide as
 * their widest cell, free text wrapped within its row, {@link Column.below} columns moved under their
 * row, and value columns narrowed only as a last resort (a longer value then spills over, whole).
 */
export function fitColumns(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  total: number,
  options: {
    /** A blank line between rows, for rows of several lines each. */
    spaced?: boolean;
  } = {},
): string {
  const { kept, widths } = plan(columns, rows, total);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, k) => c.padEnd(widths[kept[k] ?? 0] ?? 0))
      .join(GAP)
      .trimEnd();
  const below = columns.flatMap((_c, i) => (kept.includes(i) ? [] : [i]));
  const label = longest(below.map((i) => columns[i]?.header ?? ''));
  const belowLines = (row: readonly Cell[]) =>
    below.flatMap((i) => {
      const column = columns[i];
      const head = `${BELOW_INDENT}${(column?.header ?? '').padEnd(label)}${GAP}`;
      const width = total - head.length;
      const lines = linesOf(row[i]).flatMap((l) => (column?.wrap ? wrap(l, width) : [l]));
      // a value too long to follow its label starts a line of its own, nearer the margin
      if (lines.some((l) => l.length > width))
        return [
          head.trimEnd(),
          ...lines.map(
            (l) => ' '.repeat(Math.max(0, Math.min(BELOW_INDENT.length + GAP.length, total - l.length))) + l,
          ),
        ];
      return lines.map((l, n) => (n === 0 ? head : ' '.repeat(head.length)) + l);
    });
  return [
    ...renderRow(
      columns.map((c) => c.header),
      kept,
      columns.map((c) => ({ ...c, wrap: true })),
      widths,
      total,
    ),
    line(kept.map((i) => '-'.repeat(widths[i] ?? 0))),
    ...rows.flatMap((row, n) => [
      ...(options.spaced && n > 0 ? [''] : []),
      ...renderRow(row, kept, columns, widths, total),
      ...belowLines(row),
    ]),
  ].join('\n');
}
