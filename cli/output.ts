import { fitLines, terminalWidth } from './layout';

/** Where a command's result goes: JSON on stdout with --json, readable text otherwise. */
export interface Output {
  json: boolean;
  /**
   * Prints `value` as JSON with --json, else the text `human` lays out for the terminal's `width`
   * (any line still longer is wrapped, so no line of the text exceeds the width).
   */
  result(value: unknown, human: (width: number) => string): void;
  info(text: string): void;
}

/**
 * An {@link Output} writing to `write` (stdout by default); text is fitted to `width`, by default
 * {@link terminalWidth} when the text is printed.
 */
export function makeOutput(
  json: boolean,
  write: (s: string) => void = (s) => process.stdout.write(s),
  width?: number,
): Output {
  return {
    json,
    result(value, human) {
      if (json) {
        write(`${JSON.stringify(value, null, 2)}\n`);
        return;
      }
      const w = width ?? terminalWidth();
      write(`${fitLines(human(w), w)}\n`);
    },
    info(text) {
      // progress and notes go to stderr so stdout stays the result alone
      if (!json) process.stderr.write(`${text}\n`);
    },
  };
}
