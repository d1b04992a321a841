/**
 * The package's `evidence` binary runs the build in dist/cli/, not the TypeScript sources: the build is
 * made afresh here (so it is the build of these sources), its entry chunk must load no command, and the
 * binary must behave as the sources do, the embedded store's worker included.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli';
import { retentionCall } from '../helpers/events';
import { spawnBuiltCli, spawnCli, spawnNode } from '../helpers/spawn-cli';

const ROOT = new URL('../..', import.meta.url).pathname;
const ENTRY = 'dist/cli/main.mjs';

/** The package a bare import names: `pdfkit/js/x` is `pdfkit`, `@aws-sdk/client-s3/x` is `@aws-sdk/client-s3`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

/** What loading `output` loads before any dynamic import: the outputs, their sources and the packages. */
function staticClosure(meta: Metafile, output: string): { sources: string[]; externals: string[] } {
  const seen = new Set<string>();
  const externals = new Set<string>();
  const pending = [output];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    for (const imported of meta.outputs[next]?.imports ?? []) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) externals.add(imported.path);
      else pending.push(imported.path);
    }
  }
  const sources = [...seen].flatMap((o) => Object.keys(meta.outputs[o]?.inputs ?? {}));
  return { sources, externals: [...externals] };
}

describe('the built evidence binary', () => {
  let meta: Metafile;
  let dir: string;

  beforeAll(async () => {
    meta = await buildCli();
    dir = mkdtempSync(join(tmpdir(), 'evidence-built-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads no command, composition root or command-only package before a command runs', () => {
    const { sources, externals } = staticClosure(meta, ENTRY);

    expect(sources).toContain('cli/main.ts');
    expect(sources.filter((s) => s.startsWith('cli/commands/') || s === 'cli/composition.ts')).toEqual([]);
    expect(externals.filter((e) => !isBuiltin(e))).toEqual(['commander']);
    // every command is still reachable, through a dynamic import
    const dynamic = meta.outputs[ENTRY]?.imports.filter((i) => i.kind === 'dynamic-import') ?? [];
    expect(dynamic.length).toBeGreaterThanOrEqual(15);
  });

  it('imports only packages that are production dependencies (a devDependency is absent when installed)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imported = new Set(
      Object.values(meta.outputs)
        .flatMap((o) => o.imports)
        .filter((i) => i.external && !isBuiltin(i.path))
        .map((i) => packageOf(i.path)),
    );

    expect(imported.size).toBeGreaterThan(5);
    expect([...imported].filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });

  it('prints the same help as the sources', async () => {
    const [built, source] = await Promise.all([spawnBuiltCli('--help'), spawnCli('--help')]);

    expect(built.code).toBe(0);
    expect(built.stderr).toBe('');
    expect(built.stdout).toContain('Usage: evidence [options] [command]');
    expect(built.stdout).toBe(source.stdout);
  });

  it('ingests into the embedded store and reads it back (the store worker sits beside its chunk)', async () => {
    const events = join(dir, 'events.json');
    const dataDir = join(dir, 'data');
    writeFileSync(events, JSON.stringify(retentionCall('/phi/app', '2026-10-01T00:00:00.000Z', 30)));

    const ingest = await spawnBuiltCli('ingest', events, '--data-dir', dataDir, '--json');
    const status = await spawnBuiltCli('status', '--data-dir', dataDir, '--json');

    expect(ingest.stderr).toBe('');
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ received: 1, stored: 1 });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('/phi/app');
  });

  it('says how to build when dist/cli is missing, instead of a stack trace', async () => {
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(ROOT, 'bin/evidence.mjs'), join(dir, 'bin/evidence.mjs'));

    const res = await spawnNode([join(dir, 'bin/evidence.mjs'), '--help']);

    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      'evidence: the CLI is not built (dist/cli/main.mjs is missing): run `npm run build`\n',
    );
  });
});
