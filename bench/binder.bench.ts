/**
 * Binder export benchmark (prints figures; not a timed test).
 *
 * For each size (10k and 100k records; 1M too with BENCH_BINDER_1M=1, since filling the embedded
 * store with a million records takes five to eight minutes here), a fresh embedded store on disk gets
 * that many valid, chained records over 1,000 log groups (BENCH_SUBJECTS), spread over 30 days with
 * about 2% of observations flipping a verdict, written directly through the store port, and the day
 * they were recorded is checkpointed (so the binder carries an inclusion proof per record, all against
 * one day's tree, as after a backfill). Then a child process exports the month's binder from it, as
 * `evidence binder --endpoint` would (with the heap policy that command applies), and another verifies
 * it offline, as `evidence verify` would; each one's time and peak RSS (sampled every 50 ms) are
 * printed, the export's per phase too, with the load average before and after (other work on the
 * machine slows the figures). Then each figure against its target: 100k exported in <= 30 s with peak
 * RSS <= 300 MB; 1M in <= 10.5x the 100k time with peak RSS <= 1.2x the 100k figure; every verify no
 * slower than its export. BENCH_BINDER_SIZES=10000,50000 picks other sizes; BENCH_BINDER_V8_DEFAULTS=1
 * leaves V8's heap growth as it is (core/support/heap-policy.ts).
 *
 * BENCH_BINDER_SLICE_DAYS=8 also exports the same store the sharded way (core/usecases/export-binder/
 * shard-*.ts) in another child process: the plan, each slice of 8 days (4 over the month) and the
 * merge one after the other, as Step Functions would run them, each step timed; the binder's evidence
 * root hash must equal the one export's.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { configItemChange, type Where } from '../cli/demo/events';
import { DynamoDbEvidenceReader } from '../core/adapters/dynamodb/evidence-reader';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import { ensureTable } from '../core/adapters/dynamodb/table-bootstrap';
import { localClient, startEmbeddedDynamo } from '../core/adapters/embedded/embedded-store';
import { LocalShardWorkspace } from '../core/adapters/local-shard-workspace';
import { LOCAL_PUBLIC_KEY_FILE, LocalEd25519Signer } from '../core/adapters/local-signer';
import { assess } from '../core/domain/catalog';
import { linkRecord, prepareRecord } from '../core/domain/chain';
import { parseEvent } from '../core/domain/normalize';
import { subjectKey } from '../core/domain/observation';
import { replayPosture } from '../core/domain/transitions';
import type { ChainHead } from '../core/ports/evidence-store';
import { useBinderHeapPolicy } from '../core/support/heap-policy';
import { checkpointDays } from '../core/usecases/checkpoint';
import { exportBinder } from '../core/usecases/export-binder/export-binder';
import { directoryShardTarget } from '../core/usecases/export-binder/shard-local';
import { mergeSlices } from '../core/usecases/export-binder/shard-merge';
import { planShardedExport } from '../core/usecases/export-binder/shard-plan';
import { exportSlice } from '../core/usecases/export-binder/shard-slice';
import { verifyBinder } from '../core/verify/verify-binder';
import type { SliceSummary } from '../evidence-schemas/binder-shard';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** log groups, whatever the size: memory is meant to be flat in records (it grows with resources) */
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 1000);
const where: Where = { account: '111122223333', region: 'us-east-1' };
const FROM = '2026-10-01T00:00:00.000Z';
const TO = '2026-10-31T23:59:59.999Z';
const DAYS_MS = 30 * 86_400_000;

/** When the bench's recording day (2026-11-01) is closed. */
const CHECKPOINT_AT = '2026-11-02T01:00:00.000Z';

function sizes(): number[] {
  if (process.env.BENCH_BINDER_SIZES) return process.env.BENCH_BINDER_SIZES.split(',').map(Number);
  return process.env.BENCH_BINDER_1M === '1' ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
}

/** Writes `count` records: SUBJECTS log groups, each with a chain of `count / SUBJECTS` records over 30 days. */
async function fill(store: DynamoDbEvidenceStore, count: number): Promise<void> {
  const subjects = Math.min(SUBJECTS, count);
  const PER_SUBJECT = Math.floor(count / subjects);
  const base = Date.parse(FROM);
  const batch: { subjectKey: string; record: ReturnType<typeof linkRecord> }[] = [];
  const recordedAt = '2026-11-01T00:00:00.000Z';
  for (let s = 0; s < subjects; s++) {
    const name = `/bench/app-${s}`;
    let previous: { sequence: number; recordHash: string } | undefined;
    const chain: ReturnType<typeof linkRecord>[] = [];
    let key = '';
    let subject: ChainHead['subject'] | undefined;
    let compliant = true;
    for (let i = 0; i < PER_SUBJECT; i++) {
      // about 2% of observations flip the retention verdict: drift and its remediation
      if ((s * 7 + i * 13) % 50 === 0) compliant = !compliant;
      const time = new Date(base + Math.floor(((i + (s % 10) / 10) * DAYS_MS) / PER_SUBJECT)).toISOString();
      const outcome = parseEvent(
        configItemChange(where, time, {
          resourceType: 'AWS::Logs::LogGroup',
          resourceId: name,
          arn: `arn:aws:logs:us-east-1:${where.account}:log-group:${name}:*`,
          configuration: {
            logGroupName: name,
            retentionInDays: compliant ? 2557 : 30,
            kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/bench',
            storedBytes: i * 1024,
          },
        }),
      );
      if (outcome.kind !== 'observation') throw new Error('bench event did not parse');
      const obs = outcome.observation;
      key = subjectKey(obs.subject);
      subject = obs.subject;
      const record = linkRecord(prepareRecord(obs, assess(obs)), previous, recordedAt);
      previous = record.integrity;
      chain.push(record);
      batch.push({ subjectKey: key, record });
    }
    if (batch.length >= 5000 || s === subjects - 1) {
      await store.putRecords(batch.splice(0));
    }
    const head: ChainHead = {
      subjectKey: key,
      subject: subject!,
      sequence: previous!.sequence,
      recordHash: previous!.recordHash,
      lastObservedAt: TO,
      facets: {},
      posture: replayPosture({}, chain, key).posture,
      lastBatch: [],
    };
    await store.commitHead(head, undefined);
  }
}

interface ExportFigures {
  seconds: number;
  evidenceRootHash: string;
  peakMb: number;
  baseMb: number;
  files: number;
  zipBytes: number;
  zipPath: string;
  pages: number;
  drifts: number;
  records: number;
  /** per phase of the export (in the order entered): seconds spent and peak RSS (MB) in it */
  phases: { phase: string; seconds: number; peakMb: number }[];
}

interface VerifyFigures {
  ok: boolean;
  seconds: number;
  peakMb: number;
  problems: string[];
}

/** The peak RSS of this process, sampled every 50 ms, overall and since the last `mark`. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  let sincePeak = peak;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    sincePeak = Math.max(sincePeak, rss);
  };
  const timer = setInterval(sample, 50);
  return {
    /** the peak since the last mark (MB); starts the next stretch */
    mark(): number {
      sample();
      const mb = sincePeak / 1e6;
      sincePeak = process.memoryUsage().rss;
      return mb;
    },
    stop(): number {
      sample();
      clearInterval(timer);
      return peak / 1e6;
    },
  };
}

/**
 * Child process: exports from the store at `endpoint`, as `evidence binder --endpoint` would. The
 * store runs in the parent, so the RSS figures are the exporter's own (dynalite's LevelDB maps its
 * files into whichever process hosts it, which is not the binder's memory).
 */
async function exportFrom(dir: string, endpoint: string): Promise<ExportFigures> {
  // as `evidence binder` does before it reads anything (BENCH_BINDER_V8_DEFAULTS=1 leaves V8's own)
  if (process.env.BENCH_BINDER_V8_DEFAULTS !== '1') useBinderHeapPolicy();
  const baseMb = process.memoryUsage().rss / 1e6;
  const rss = rssSampler();
  const client = localClient(endpoint);
  const phases: ExportFigures['phases'] = [];
  let phaseStart = performance.now();
  const enter = (phase: string | undefined) => {
    const last = phases.at(-1);
    const peakMb = rss.mark();
    if (last) Object.assign(last, { seconds: (performance.now() - phaseStart) / 1000, peakMb });
    phaseStart = performance.now();
    if (phase) phases.push({ phase, seconds: 0, peakMb: 0 });
  };
  try {
    const store = new DynamoDbEvidenceStore({ tableName: 'evidence', client });
    const t1 = performance.now();
    const result = await exportBinder(
      { from: FROM, to: TO, outDir: join(dir, 'out'), generator: { name: 'bench', version: '0' } },
      {
        reader: new DynamoDbEvidenceReader({ store }),
        checkpointPublicKeyPem: readFileSync(join(dir, 'keys', LOCAL_PUBLIC_KEY_FILE), 'utf8'),
        onProgress: (p) => {
          if (phases.at(-1)?.phase !== p.phase) enter(p.phase);
        },
      },
    );
    enter(undefined);
    return {
      seconds: (performance.now() - t1) / 1000,
      evidenceRootHash: result.evidenceRootHash,
      peakMb: rss.stop(),
      phases,
      baseMb,
      files: result.files,
      zipBytes: result.zipBytes,
      zipPath: result.zipPath,
      pages: result.pages,
      drifts: result.drifts,
      records: result.records,
    };
  } finally {
    rss.stop();
    client.destroy();
  }
}

/** Child process: verifies the binder offline, as `evidence verify` would. */
async function verifyIn(zipPath: string, count: number): Promise<VerifyFigures> {
  // as `evidence verify` does
  if (process.env.BENCH_BINDER_V8_DEFAULTS !== '1') useBinderHeapPolicy();
  const rss = rssSampler();
  const t = performance.now();
  const v = await verifyBinder(zipPath);
  const figures = {
    ok: v.ok,
    seconds: (performance.now() - t) / 1000,
    peakMb: rss.stop(),
    problems: v.problems.slice(0, 3),
  };
  if (v.anchors.anchoredRecords !== count) {
    figures.ok = false;
    figures.problems.push(`${v.anchors.anchoredRecords} of ${count} records proven`);
  }
  return figures;
}

interface ShardedFigures {
  planSeconds: number;
  sliceSeconds: number[];
  sliceRecords: number[];
  mergeSeconds: number;
  /** seconds of the merge's phases: model (state files read, chains), evidence listed, anchors and renderings, seal and delivery */
  mergePhases: Record<string, number>;
  peakMb: number;
  records: number;
  evidenceRootHash: string;
}

/** Child process: the sharded export of the same store, each step timed (`--sharded DIR DAYS ENDPOINT`). */
async function shardedFrom(dir: string, sliceDays: number, endpoint: string): Promise<ShardedFigures> {
  if (process.env.BENCH_BINDER_V8_DEFAULTS !== '1') useBinderHeapPolicy();
  const rss = rssSampler();
  const client = localClient(endpoint);
  try {
    const reader = new DynamoDbEvidenceReader({
      store: new DynamoDbEvidenceStore({ tableName: 'evidence', client }),
    });
    const workspace = new LocalShardWorkspace(join(dir, 'shards'));
    const timed = async <T>(step: () => Promise<T>): Promise<[T, number]> => {
      const t = performance.now();
      const value = await step();
      return [value, (performance.now() - t) / 1000];
    };
    const [job, planSeconds] = await timed(() =>
      planShardedExport(
        { from: FROM, to: TO, generator: { name: 'bench', version: '0' } },
        { reader, workspace, sliceDays },
      ),
    );
    const summaries: SliceSummary[] = [];
    const sliceSeconds: number[] = [];
    for (const slice of job.slices) {
      const [summary, seconds] = await timed(() => exportSlice(job, slice.index, { reader, workspace }));
      summaries.push(summary);
      sliceSeconds.push(seconds);
    }
    const phases: Record<string, number> = {};
    let phase = 'model';
    let since = performance.now();
    const [result, mergeSeconds] = await timed(() =>
      mergeSlices(job, summaries, directoryShardTarget(join(dir, 'sharded'), workspace), {
        reader,
        workspace,
        onProgress: (p) => {
          const name = p.phase === 'chains' ? 'model' : p.phase === 'documents' ? 'renderings' : p.phase;
          if (name === phase) return;
          phases[phase] = (phases[phase] ?? 0) + (performance.now() - since) / 1000;
          phase = name;
          since = performance.now();
        },
        checkpointPublicKeyPem: readFileSync(join(dir, 'keys', LOCAL_PUBLIC_KEY_FILE), 'utf8'),
      }),
    );
    return {
      planSeconds,
      sliceSeconds,
      sliceRecords: summaries.map((s) => s.evidenceFiles),
      mergeSeconds,
      mergePhases: { ...phases, [phase]: (phases[phase] ?? 0) + (performance.now() - since) / 1000 },
      peakMb: rss.stop(),
      records: result.records,
      evidenceRootHash: result.evidenceRootHash,
    };
  } finally {
    rss.stop();
    client.destroy();
  }
}

/** Runs this script in a child process with `args`; its last line of output, parsed. */
function child<T>(args: string[]): Promise<T> {
  return new Promise<T>((resolve, reject) =>
    execFile(
      process.execPath,
      [...process.execArgv, process.argv[1]!, ...args],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as T),
    ),
  );
}

const load = () =>
  loadavg()
    .slice(0, 2)
    .map((l) => l.toFixed(1))
    .join('/');

async function run(count: number): Promise<{ export: ExportFigures; verify: VerifyFigures }> {
  const dir = mkdtempSync(join(tmpdir(), 'evidence-binder-bench-'));
  try {
    const filling = await startEmbeddedDynamo(join(dir, 'store'));
    const t0 = performance.now();
    try {
      await ensureTable(filling.client, 'evidence');
      const store = new DynamoDbEvidenceStore({ tableName: 'evidence', client: filling.client });
      await fill(store, count);
      // every record is recorded on 2026-11-01: its checkpoint anchors the whole binder
      await checkpointDays(store, LocalEd25519Signer.open(join(dir, 'keys')), () => new Date(CHECKPOINT_AT));
    } finally {
      await filling.close();
    }
    const fillSeconds = (performance.now() - t0) / 1000;
    const loadBefore = load();
    // the store reopened from disk, served to a fresh exporter process
    const dynamo = await startEmbeddedDynamo(join(dir, 'store'));
    let f: ExportFigures;
    let sharded: ShardedFigures | undefined;
    const sliceDays = process.env.BENCH_BINDER_SLICE_DAYS;
    try {
      f = await child<ExportFigures>(['--export', dir, dynamo.endpoint]);
      if (sliceDays) sharded = await child<ShardedFigures>(['--sharded', dir, sliceDays, dynamo.endpoint]);
    } finally {
      await dynamo.close();
    }
    // offline, in a fresh process of its own, as `evidence verify` runs
    const v = await child<VerifyFigures>(['--verify', f.zipPath, String(count)]);
    process.stdout.write(
      `${String(count).padStart(9)} records: export ${f.seconds.toFixed(1)} s, peak RSS ${f.peakMb.toFixed(0)} MB (${f.baseMb.toFixed(0)} MB at start), ` +
        `${f.files} files, zip ${(f.zipBytes / 1e6).toFixed(0)} MB, PDF ${f.pages} pages, ${f.drifts} drifts; ` +
        `verify ${v.ok ? 'OK' : 'FAILED'} in ${v.seconds.toFixed(1)} s, peak RSS ${v.peakMb.toFixed(0)} MB ` +
        `(store filled in ${fillSeconds.toFixed(0)} s; load average ${loadBefore} before, ${load()} after)\n` +
        `${''.padStart(19)}phases: ${f.phases.map((p) => `${p.phase} ${p.seconds.toFixed(1)} s / ${p.peakMb.toFixed(0)} MB`).join(', ')}\n`,
    );
    if (sharded) {
      const slices = sharded.sliceSeconds.reduce((a, b) => a + b, 0);
      process.stdout.write(
        `${''.padStart(19)}sharded, ${sharded.sliceSeconds.length} slices of ${sliceDays} days: plan ${sharded.planSeconds.toFixed(1)} s, ` +
          `slices ${sharded.sliceSeconds.map((x, i) => `${x.toFixed(1)} s (${sharded.sliceRecords[i]} records)`).join(', ')}, ` +
          `merge ${sharded.mergeSeconds.toFixed(1)} s (${Object.entries(sharded.mergePhases)
            .map(([name, x]) => `${name} ${x.toFixed(1)} s`)
            .join(
              ', ',
            )}); ${(sharded.planSeconds + slices + sharded.mergeSeconds).toFixed(1)} s in all one after the other, ` +
          `peak RSS ${sharded.peakMb.toFixed(0)} MB\n`,
      );
      if (sharded.records !== count || sharded.evidenceRootHash !== f.evidenceRootHash)
        throw new Error("the sharded export does not hold the one export's evidence");
    }
    if (f.records !== count) throw new Error(`exported ${f.records} of ${count} records`);
    if (!v.ok) throw new Error(`verify failed: ${v.problems.join('; ')}`);
    return { export: f, verify: v };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `figure (target: ..., met|MISSED)` */
const against = (figure: string, met: boolean, target: string) =>
  `${figure} (target ${target}: ${met ? 'met' : 'MISSED'})`;

async function main() {
  const results = new Map<number, Awaited<ReturnType<typeof run>>>();
  process.stdout.write(
    `binder export of one month from the embedded store (served by this process; exporter and verifier each in a child process), ${SUBJECTS} log groups\n`,
  );
  for (const n of sizes()) results.set(n, await run(n));
  const lines: string[] = [];
  for (const [n, r] of results)
    lines.push(
      `${n}: verify ${against(`${r.verify.seconds.toFixed(1)} s`, r.verify.seconds <= r.export.seconds, `<= export ${r.export.seconds.toFixed(1)} s`)}`,
    );
  const k100 = results.get(100_000)?.export;
  const m1 = results.get(1_000_000)?.export;
  if (k100)
    lines.push(
      `100000: export ${against(`${k100.seconds.toFixed(1)} s`, k100.seconds <= 30, '<= 30 s')}, peak RSS ${against(`${k100.peakMb.toFixed(0)} MB`, k100.peakMb <= 300, '<= 300 MB')}`,
    );
  if (k100 && m1) {
    const time = m1.seconds / k100.seconds;
    const memory = m1.peakMb / k100.peakMb;
    lines.push(
      `1000000 vs 100000: time ${against(`${time.toFixed(2)}x`, time <= 10.5, '<= 10.5x')}, peak RSS ${against(`${memory.toFixed(2)}x (${m1.peakMb.toFixed(0)} MB vs ${k100.peakMb.toFixed(0)} MB)`, memory <= 1.2, '<= 1.2x')}`,
    );
  }
  if (!m1 || !k100)
    lines.push('1M vs 100k: run with BENCH_BINDER_1M=1 (fills the store for several minutes first)');
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * `--fill DIR N` only fills and checkpoints a store in DIR, as a run does; `--serve DIR` then serves it
 * and prints its endpoint until stopped, so an export can be profiled by hand:
 * `node --import tsx [--cpu-prof …] bench/binder.bench.ts --export DIR N ENDPOINT`.
 */
async function fillOnly(dir: string, count: number): Promise<void> {
  const dynamo = await startEmbeddedDynamo(join(dir, 'store'));
  try {
    await ensureTable(dynamo.client, 'evidence');
    const store = new DynamoDbEvidenceStore({ tableName: 'evidence', client: dynamo.client });
    await fill(store, count);
    await checkpointDays(store, LocalEd25519Signer.open(join(dir, 'keys')), () => new Date(CHECKPOINT_AT));
  } finally {
    await dynamo.close();
  }
}

async function serve(dir: string): Promise<void> {
  const dynamo = await startEmbeddedDynamo(join(dir, 'store'));
  process.stdout.write(`${dynamo.endpoint}\n`);
  const stop = () => void dynamo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => setInterval(() => undefined, 1 << 30));
}

const mode = process.argv[2];
const print = (f: unknown) => {
  process.stdout.write(`${JSON.stringify(f)}\n`);
};
(mode === '--export'
  ? exportFrom(process.argv[3]!, process.argv[4]!).then(print)
  : mode === '--verify'
    ? verifyIn(process.argv[3]!, Number(process.argv[4])).then(print)
    : mode === '--sharded'
      ? shardedFrom(process.argv[3]!, Number(process.argv[4]), process.argv[5]!).then(print)
      : mode === '--fill'
        ? fillOnly(process.argv[3]!, Number(process.argv[4]))
        : mode === '--serve'
          ? serve(process.argv[3]!)
          : main()
).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
