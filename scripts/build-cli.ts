/**
 * Builds the `evidence` CLI into dist/cli/ (run by `npm ci` through `prepare`, and by `npm start` and
 * `npm run evidence` so they never run a stale build): cli/main.ts bundled with the local esbuild as ESM
 * with code splitting, so each command (and the AWS SDK, dynalite, pdfkit or schemas behind it) is a chunk
 * loaded by the dynamic import in cli/main.ts when that command runs. Packages stay external: they resolve
 * from node_modules at run time, so the CLI's production dependencies need no compiler or bundler.
 *
 * Layout: every output sits flat in dist/cli/, two levels below the package root, as the sources in
 * cli/commands/ are; so `new URL('../../package.json', import.meta.url)` still finds package.json, and the
 * embedded store's worker (an entry point of its own) is beside the chunk that starts it, as
 * `new URL('./dynalite-worker.mjs', import.meta.url)` expects.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the CLI is built; bin/evidence.mjs imports its `main.mjs`. */
export const CLI_OUT_DIR = join(ROOT, 'dist/cli');

/** The built entry point bin/evidence.mjs runs. */
export const CLI_ENTRY = join(CLI_OUT_DIR, 'main.mjs');

/** The esbuild options of the CLI build (the bench and tests build with exactly these). */
export const CLI_BUILD_OPTIONS = {
  absWorkingDir: ROOT,
  entryPoints: ['cli/main.ts', 'core/adapters/embedded/dynalite-worker.mjs'],
  outdir: CLI_OUT_DIR,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // engines.node in package.json
  target: 'node20.11',
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Builds the CLI afresh (stale chunks of an earlier build removed) and returns esbuild's metafile. */
export async function buildCli(): Promise<Metafile> {
  rmSync(CLI_OUT_DIR, { recursive: true, force: true });
  const result = await build(CLI_BUILD_OPTIONS);
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
