/**
 * Streamed ingest benchmark (prints figures; not a timed test): `evidence ingest` as installed (the
 * built CLI) over one JSON document of N events on disk (N/10 log groups, their events in rounds, as a
 * trail delivers them), into a fresh embedded store, for a small and a large N: 20k and 100k by default,
 * because the CLI ingests a few hundred events a second into the embedded store (issue 14 asks for
 * 100k and 1M: BENCH_INGEST_SMALL=100000 BENCH_INGEST_LARGE=1000000, an hour or more). Peak RSS is the
 * whole process's (the store's worker thread included), as GNU time reports it.
 * Target: peak RSS for the large run <= 1.25x the small run's, and under 400 MB.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../scripts/build-cli';
import { benchEvents } from './events';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SMALL = Number(process.env.BENCH_INGEST_SMALL ?? 20_000);
const LARGE = Number(process.env.BENCH_INGEST_LARGE ?? 100_000);
const MAX_GROWTH = 1.25;
const MAX_RSS_MB = 400;

/** N events over N/10 log groups, as one JSON array (a single document the CLI must split as it reads). */
async function writeEvents(path: string, count: number): Promise<number> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('[');
  let i = 0;
  for (const e of benchEvents(count, Math.max(1, Math.floor(count / 10))))
    await write(`${i++ ? ',\n' : ''}${JSON.stringify(e)}`);
  await write(']\n');
  await new Promise<void>((r) => out.end(() => r()));
  return statSync(path).size;
}

interface Run {
  events: number;
  bytes: number;
  peakRssMb: number;
  seconds: number;
  stored: number;
}

function ingestOnce(dir: string, file: string, events: number, bytes: number): Run {
  const child = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'PEAK_KB=%M ELAPSED=%e',
      process.execPath,
      'bin/evidence.mjs',
      'ingest',
      file,
      '--data-dir',
      join(dir, `store-${events}`),
      '--json',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    },
  );
  const peak = /PEAK_KB=(\d+)/.exec(child.stderr);
  const elapsed = /ELAPSED=([\d.]+)/.exec(child.stderr);
  if (child.status !== 0 || !peak || !elapsed)
    throw new Error(`ingest of ${events} events: exit ${child.status}: ${child.stderr.slice(-2000)}`);
  const result = JSON.parse(child.stdout) as { received: number; stored: number; quarantined: unknown[] };
  if (result.received !== events || result.quarantined.length > 0)
    throw new Error(
      `ingest of ${events} events received ${result.received}, quarantined ${result.quarantined.length}`,
    );
  return {
    events,
    bytes,
    peakRssMb: Number(peak[1]) / 1024,
    seconds: Number(elapsed[1]),
    stored: result.stored,
  };
}

async function main(): Promise<void> {
  await buildCli();
  const dir = mkdtempSync(join(tmpdir(), 'evidence-ingest-memory-'));
  try {
    const runs: Run[] = [];
    for (const n of [SMALL, LARGE]) {
      const file = join(dir, `events-${n}.json`);
      const bytes = await writeEvents(file, n);
      runs.push(ingestOnce(dir, file, n, bytes));
      rmSync(file);
      rmSync(join(dir, `store-${n}`), { recursive: true, force: true });
    }
    const [small, large] = runs as [Run, Run];
    const lines = runs.map(
      (r) =>
        `streamed ingest of ${r.events} events (${(r.bytes / 1e6).toFixed(0)} MB, one JSON document): peak RSS ${r.peakRssMb.toFixed(0)} MB, ${r.seconds.toFixed(1)} s (${(r.events / r.seconds).toFixed(0)} events/s), stored ${r.stored}`,
    );
    lines.push(
      `peak RSS ${large.events} vs ${small.events}: ${(large.peakRssMb / small.peakRssMb).toFixed(2)}x (target <= ${MAX_GROWTH}x), ${large.peakRssMb.toFixed(0)} MB (target < ${MAX_RSS_MB} MB)`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
