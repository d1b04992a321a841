#!/usr/bin/env node
// The `evidence` command: runs the CLI as built JavaScript in dist/cli/ (scripts/build-cli.ts, run by
// `npm ci` through `prepare`), so no TypeScript is compiled when a command starts.
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.mjs', import.meta.url);

// Stack traces of unexpected errors name the TypeScript sources (the build writes linked source maps).
process.setSourceMapsEnabled(true);

let cli;
try {
  cli = await import(entry.href);
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(fileURLToPath(entry)))
    throw error;
  process.stderr.write(
    'evidence: the CLI is not built (dist/cli/main.mjs is missing): run `npm run build`\n',
  );
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
