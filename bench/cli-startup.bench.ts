/**
 * CLI start-up benchmark (prints figures; not a timed test): `evidence --help` as installed
 * (bin/evidence.mjs running the build in dist/cli/) against `node -e 0` measured side by side, each
 * round running both (and the TypeScript sources through tsx, as the CLI ran before it was built) in
 * fresh processes one after the other, so machine load falls on all of them alike. The CLI is built
 * first, from the current sources. Target: `evidence --help` within 4x `node -e 0`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../scripts/build-cli';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const MAX_RATIO = 4;

interface Subject {
  name: string;
  args: string[];
  times: number[];
}

/** Wall time of one fresh process, spawn included (the same overhead for every subject). */
function timeOnce(args: string[]): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const elapsed = performance.now() - start;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')}: exit ${child.status}: ${child.stderr}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  await buildCli();
  const baseline: Subject = { name: 'node -e 0', args: ['-e', '0'], times: [] };
  const built: Subject = { name: 'evidence --help (built)', args: ['bin/evidence.mjs', '--help'], times: [] };
  const source: Subject = {
    name: 'evidence --help (sources via tsx, before the build)',
    args: ['--import', 'tsx', 'cli/main.ts', '--help'],
    times: [],
  };
  const subjects = [baseline, built, source];
  // one warm-up round so that the first measured process does not pay for a cold file cache alone
  for (const s of subjects) timeOnce(s.args);
  for (let i = 0; i < RUNS; i++) for (const s of subjects) s.times.push(timeOnce(s.args));

  const base = median(baseline.times);
  console.log(`CLI start-up (${RUNS} rounds, fresh processes side by side, median; Node ${process.version})`);
  console.log('| command | median | vs node -e 0 | target |');
  console.log('|---|---|---|---|');
  for (const s of subjects) {
    const ratio = median(s.times) / base;
    const target =
      s === built ? (ratio <= MAX_RATIO ? `met (<= ${MAX_RATIO}x)` : `MISSED (<= ${MAX_RATIO}x)`) : '-';
    console.log(`| ${s.name} | ${median(s.times).toFixed(0)} ms | ${ratio.toFixed(2)}x | ${target} |`);
  }
}

await main();
