/**
 * Fitting human-readable output to the terminal: its width, ellipsized values, word-wrapped prose and
 * tables whose columns shrink to fit. Only the text output goes through here; `--json` prints every
 * value in full, which is where a value cut with an ellipsis can be read whole.
 */

/** The narrowest width output is laid out for: narrower, tables would be mostly ellipses. */
export const MIN_WIDTH = 60;
/** The width when stdout is not a terminal (a pipe, a file, CI) and COLUMNS is not set. */
export const DEFAULT_WIDTH = 100;

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
 * `s` cut to `width` characters, an ellipsis marking the cut (so a cut identifier never passes for
 * whole). An ARN or a path keeps its head and its tail, where the name is (`arn:aws:iam…user/alice`);
 * anything else keeps its head.
 */
export function ellipsize(s: string, width: number): string {
  if (s.length <= width) return s;
  if (width <= 1) return '…'.slice(0, width);
  if (width >= 8 && /^arn:|\//.test(s)) {
    const tail = Math.ceil((width - 1) * 0.6);
    return `${s.slice(0, width - 1 - tail)}…${s.slice(s.length - tail)}`;
  }
  return `${s.slice(0, width - 1)}…`;
}

/**
 * `text` wrapped at spaces into lines of at most `width` (the lines after the first at most
 * `restWidth`); a word longer than its line is ellipsized. Text that already fits is returned as is
 * (its inner spacing kept).
 */
export function wrap(text: string, width: number, restWidth = width): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  const limit = () => (lines.length === 0 ? width : restWidth);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > limit()) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : ellipsize(word, limit());
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Every line of `text` at most `width` long: a longer line is wrapped, its continuation lines indented
 * two more than the line itself (so a wrapped bullet or detail line still reads as one item).
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

/** One column of a {@link fitColumns} table. */
export interface Column {
  header: string;
  /**
   * Not narrowed below this many characters while other columns can give way (a time, a status).
   * @default 10
   */
  min?: number;
}

const GAP = '  ';

/**
 * The width of each column: its widest cell, the widest columns narrowed one character at a time
 * until the table fits `total` (first down to each column's `min`, then, on a very narrow terminal,
 * down to 3).
 */
function columnWidths(columns: readonly Column[], cells: readonly string[][], total: number): number[] {
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const available = total - GAP.length * (columns.length - 1);
  for (const floor of [(i: number) => Math.min(widths[i] ?? 0, columns[i]?.min ?? 10), () => 3]) {
    let over = widths.reduce((a, b) => a + b, 0) - available;
    while (over > 0) {
      let widest = -1;
      for (const [i, w] of widths.entries())
        if (w > floor(i) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
      if (widest < 0) break;
      widths[widest] = (widths[widest] ?? 0) - 1;
      over--;
    }
  }
  return widths;
}

/**
 * A plain-text table at most `total` characters wide: columns as wide as their widest cell, the
 * widest narrowed until the table fits. A cell too long for its column wraps at spaces onto more
 * lines of the same row; a word too long for it (an ARN, a path) ends in an ellipsis.
 */
export function fitColumns(columns: readonly Column[], rows: readonly string[][], total: number): string {
  const headers = columns.map((c) => c.header);
  const widths = columnWidths(columns, [headers, ...rows], total);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join(GAP)
      .trimEnd();
  const render = (row: readonly string[]) => {
    const cells = columns.map((_, i) => wrap(row[i] ?? '', widths[i] ?? 0));
    const height = Math.max(...cells.map((c) => c.length));
    return Array.from({ length: height }, (_, k) => line(cells.map((c) => c[k] ?? '')));
  };
  return [
    line(headers.map((h, i) => ellipsize(h, widths[i] ?? 0))),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.flatMap(render),
  ].join('\n');
}
