import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { brotliStub, bundlingAliases, EVIDENCE_BUNDLING, leanZodEntry } from '../../lib/bundling';
import { DEFAULT_RUNTIME } from '../../lib/evidence-function';

const FIXTURE = fileURLToPath(new URL('./fixtures/sweep-handler.ts', import.meta.url));
// Inside the project, so external @aws-sdk/* and the bundle's require() resolve as in Lambda.
const BENCH_DIR = fileURLToPath(new URL('../../.bench', import.meta.url));
mkdirSync(BENCH_DIR, { recursive: true });
const OUT = mkdtempSync(join(BENCH_DIR, 'bundling-test-'));

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

async function bundle(alias: Record<string, string>, name: string) {
  const outfile = join(OUT, name, 'index.mjs');
  const result = await build({
    entryPoints: [FIXTURE],
    bundle: true,
    platform: 'node',
    target: `node${/^nodejs(\d+)/.exec(DEFAULT_RUNTIME.name)?.[1]}`,
    format: EVIDENCE_BUNDLING.format,
    minify: EVIDENCE_BUNDLING.minify,
    external: [...EVIDENCE_BUNDLING.externalModules],
    mainFields: [...EVIDENCE_BUNDLING.mainFields],
    banner: { js: EVIDENCE_BUNDLING.banner },
    alias,
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const zodBytes = Object.entries(output?.inputs ?? {})
    .filter(([path]) => path.includes('node_modules/zod/'))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
  const locales = Object.keys(output?.inputs ?? {}).filter((path) => path.includes('zod/v4/locales/'));
  return { outfile, zodBytes, locales };
}

describe('bundling with the lean zod entry', () => {
  it('generates the entry from zod itself, without the locales and core namespaces', () => {
    // Prepare / Act
    const entry = leanZodEntry();
    // Assess
    expect(bundlingAliases()).toEqual({ zod: entry, brotli: brotliStub() });
    expect(entry).toMatch(/zod-\d+\.\d+\.\d+-lean\.mjs$/);
  });

  it('drops every zod locale and most of zod, and the bundled handler still validates in English', async () => {
    // Prepare / Act
    const plain = await bundle({}, 'plain');
    const lean = await bundle(bundlingAliases(), 'lean');
    // Assess: what the alias is for.
    expect(plain.locales.length).toBeGreaterThan(20);
    // Only English, zod's default error map.
    expect(lean.locales).toEqual([expect.stringMatching(/zod\/v4\/locales\/en\.js$/)]);
    expect(lean.zodBytes).toBeLessThan(plain.zodBytes / 2);
    // The bundle runs: valid input parses, invalid input fails with zod's English message.
    const mod: unknown = await import(pathToFileURL(lean.outfile).href);
    const { handler } = mod as { handler: (event: unknown) => Promise<{ day: string }> };
    await expect(
      handler({ scheduledTime: '2026-10-02T02:00:00Z', executionId: 'x', attempt: '1' }),
    ).resolves.toEqual({ day: '2026-10-02' });
    await expect(handler({ scheduledTime: 'yesterday', executionId: 'x', attempt: '1' })).rejects.toThrow(
      /Invalid ISO datetime/,
    );
  });
});
