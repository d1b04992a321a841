/** Where a command's result goes: JSON on stdout with --json, readable text otherwise. */
export interface Output {
  json: boolean;
  result(value: unknown, human: () => string): void;
  info(text: string): void;
}

export function makeOutput(
  json: boolean,
  write: (s: string) => void = (s) => process.stdout.write(s),
): Output {
  return {
    json,
    result(value, human) {
      write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
    info(text) {
      // progress and notes go to stderr so stdout stays the result alone
      if (!json) process.stderr.write(`${text}\n`);
    },
  };
}
