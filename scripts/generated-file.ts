import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/**
 * Writes generated files, or with `--check` on the command line reports (and fails on) any committed
 * copy that differs from what would be generated. One place for the rule CI relies on.
 */
export function writeOrCheck(files: { path: string; text: string }[], regenerate: string): void {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const f of files) {
    if (!check) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.text);
      continue;
    }
    let current = '';
    try {
      current = readFileSync(f.path, 'utf8');
    } catch {
      // a missing file is stale
    }
    if (current !== f.text) stale.push(relative(process.cwd(), f.path));
  }
  if (stale.length > 0) {
    process.stderr.write(
      `stale generated files: ${stale.join(', ')}; run \`${regenerate}\` and commit the result\n`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${files.length} generated file(s) ${check ? 'up to date' : 'written'}\n`);
}
