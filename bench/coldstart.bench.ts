/**
 * Cold start and bundle size benchmark (prints figures; not a timed test).
 *
 * Every handler in lambdas/ (a file exporting `handler`) is bundled with the local esbuild using
 * exactly the construct's options (`EVIDENCE_BUNDLING` of lib/bundling.ts and `DEFAULT_RUNTIME` of
 * lib/evidence-function.ts: minified ESM, `@aws-sdk/*` external because the Lambda runtime ships SDK v3,
 * everything else bundled, `zod` aliased to its lean entry).
 * A minimal function bundled the same way only creates a DynamoDB client at init and sends one GetItem.
 *
 * Each bundle runs in fresh Node processes: the runner imports the bundle (cold init) and calls the handler
 * once with a representative event (first event). Fairness: every process gets the same environment;
 * DynamoDB is a real dynalite started here with the evidence table, so the first DynamoDB request of every
 * function (the minimal one included) does real signing, connecting and parsing; every other AWS endpoint
 * is 127.0.0.1:9 with AWS_MAX_ATTEMPTS=1, which refuses the connection at once, so a handler that calls
 * KMS, S3 or Secrets Manager pays its client creation and one refused request, never a network wait.
 * Targets: init + first event <= 1.5x the minimal function's; bundle <= 500 KB.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { complianceChange } from '../cli/demo/events';
import { ensureTable } from '../core/adapters/dynamodb/table-bootstrap';
import { startEmbeddedDynamo } from '../core/adapters/embedded/embedded-store';
import { bundlingAliases, EVIDENCE_BUNDLING, exportBundledFiles } from '../lib/bundling';
import { DEFAULT_RUNTIME } from '../lib/evidence-function';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HANDLERS = join(ROOT, 'lambdas');
// Inside the project so the external @aws-sdk/* resolve from node_modules, as from the runtime.
const OUT = join(ROOT, '.bench/coldstart');
const RUNS = Number(process.env.BENCH_COLDSTART_RUNS ?? 5);
const MAX_BYTES = 500 * 1024;
const MAX_RATIO = 1.5;
const TABLE = 'evidence-coldstart';

const MINIMAL_SOURCE = `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => {
  await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'x' }, sk: { S: 'y' } } }));
  return { ok: true };
};
`;

/** The runner: plain ESM, so no TypeScript loader sits in the measured process. */
const RUNNER_SOURCE = `
const t0 = performance.now();
const [bundle, eventJson] = process.argv.slice(2);
const mod = await import(bundle);
const t1 = performance.now();
const context = {
  awsRequestId: 'bench-0001', functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:bench', logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 60000,
};
let outcome = 'ok';
try { await mod.handler(JSON.parse(eventJson), context); } catch (error) { outcome = 'error: ' + String(error?.name ?? error); }
const t2 = performance.now();
process.stdout.write('\\nCOLDSTART ' + JSON.stringify({ init: t1 - t0, first: t2 - t1, outcome }) + '\\n');
process.exit(0);
`;

interface Result {
  name: string;
  bytes: number;
  init: number;
  first: number;
  total: number;
  outcome: string;
  metafile: Metafile;
}

const esbuildTarget = `node${/^nodejs(\d+)/.exec(DEFAULT_RUNTIME.name)?.[1] ?? '22'}`;

async function bundle(
  name: string,
  entry: { path: string } | { contents: string },
): Promise<{ file: string; bytes: number; metafile: Metafile }> {
  const dir = join(OUT, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  const result = await build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'js' as const } }),
    bundle: true,
    platform: 'node',
    target: esbuildTarget,
    format: EVIDENCE_BUNDLING.format,
    minify: EVIDENCE_BUNDLING.minify,
    external: [...EVIDENCE_BUNDLING.externalModules],
    mainFields: [...EVIDENCE_BUNDLING.mainFields],
    banner: { js: EVIDENCE_BUNDLING.banner },
    alias: bundlingAliases(),
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  // The files the construct copies beside the export bundle (fonts, ICC profile), as in the deployed asset.
  if (name === 'export') {
    for (const extra of exportBundledFiles()) {
      mkdirSync(dirname(join(dir, extra.to)), { recursive: true });
      copyFileSync(extra.from, join(dir, extra.to));
    }
  }
  return { file, bytes: statSync(file).size, metafile: result.metafile };
}

/** A representative first event per handler; the scheduled input for handlers not listed. */
function eventFor(name: string): unknown {
  const where = { account: '111122223333', region: 'us-east-1' };
  const configEvent = complianceChange(where, '2026-10-01T10:00:00Z', {
    name: 's3-bucket-server-side-encryption-enabled',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'phi-bucket',
    compliance: 'NON_COMPLIANT',
    previous: 'COMPLIANT',
  });
  switch (name) {
    case 'collect':
      return {
        Records: [
          {
            messageId: '0b5c2c7e-4a0f-4b4a-9f55-1f8b0c2e2a01',
            receiptHandle: 'bench',
            body: JSON.stringify(configEvent),
            attributes: {
              ApproximateReceiveCount: '1',
              SentTimestamp: '1790000000000',
              SenderId: 'AIDAEXAMPLE',
              ApproximateFirstReceiveTimestamp: '1790000000000',
            },
            messageAttributes: {},
            md5OfBody: '00000000000000000000000000000000',
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:evidence-intake',
            awsRegion: 'us-east-1',
          },
        ],
      };
    case 'drift':
      return {
        Records: [
          {
            eventID: '1',
            eventName: 'MODIFY',
            eventVersion: '1.1',
            eventSource: 'aws:dynamodb',
            awsRegion: 'us-east-1',
            eventSourceARN: `arn:aws:dynamodb:us-east-1:111122223333:table/${TABLE}/stream/2026-10-01T00:00:00.000`,
            dynamodb: {
              Keys: { pk: { S: 'S#x' }, sk: { S: 'HEAD' } },
              NewImage: { pk: { S: 'S#x' }, sk: { S: 'HEAD' }, hasTransitions: { BOOL: true } },
              SequenceNumber: '100',
              SizeBytes: 10,
              StreamViewType: 'NEW_AND_OLD_IMAGES',
            },
          },
        ],
      };
    case 'export':
      return { from: '2026-10-01', to: '2026-10-31', title: 'Cold start bench' };
    default:
      return { scheduledTime: '2026-10-02T02:00:00Z', executionId: 'bench', attempt: '1' };
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function run(file: string, event: unknown, env: NodeJS.ProcessEnv, runner: string) {
  const child = spawnSync(process.execPath, [runner, file, JSON.stringify(event)], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = child.stdout.split('\n').findLast((l) => l.startsWith('COLDSTART '));
  if (!line) throw new Error(`${file}: no result (exit ${child.status}): ${child.stderr.slice(0, 500)}`);
  const parsed: unknown = JSON.parse(line.slice('COLDSTART '.length));
  const { init, first, outcome } = parsed as { init: number; first: number; outcome: string };
  return { init, first, outcome };
}

/** The largest inputs of a bundle, by bytes they contribute to the output. */
function topInputs(metafile: Metafile, count = 6): string {
  const output = Object.values(metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {}).map(([path, v]) => {
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
    return { pkg, bytes: v.bytesInOutput };
  });
  const byPkg = new Map<string, number>();
  for (const { pkg, bytes } of inputs) byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + bytes);
  return [...byPkg.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([pkg, bytes]) => `${pkg} ${(bytes / 1024).toFixed(0)} KB`)
    .join(', ');
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const runner = join(OUT, 'runner.mjs');
  writeFileSync(runner, RUNNER_SOURCE);

  const dynamo = await startEmbeddedDynamo();
  await ensureTable(dynamo.client, TABLE);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    // Placeholders for the local endpoints (dynalite accepts any); no real credential is read.
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_MAX_ATTEMPTS: '1',
    TABLE_NAME: TABLE,
    SLACK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-AbCdEf',
    BINDER_BUCKET: 'bench-binders',
    BUCKET_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555',
    SIGNING_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-666666666666',
    ANCHOR_BUCKET: 'bench-anchors',
    POWERTOOLS_SERVICE_NAME: 'bench',
    // Keep the handlers' logs from dominating the pipe; the work done is the same.
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    LOG_LEVEL: 'ERROR',
  };

  const handlers = readdirSync(HANDLERS)
    .filter((f) => f.endsWith('.ts'))
    .filter((f) =>
      /export (const|async function|function) handler\b/.test(readFileSync(join(HANDLERS, f), 'utf8')),
    )
    .sort();
  const results: Result[] = [];
  try {
    const measure = async (name: string, entry: { path: string } | { contents: string }) => {
      const { file, bytes, metafile } = await bundle(name, entry);
      const runs = Array.from({ length: RUNS }, () => run(file, eventFor(name), env, runner));
      const init = median(runs.map((r) => r.init));
      const first = median(runs.map((r) => r.first));
      const total = median(runs.map((r) => r.init + r.first));
      results.push({ name, bytes, init, first, total, outcome: runs[0]?.outcome ?? '', metafile });
    };
    await measure('minimal', { contents: MINIMAL_SOURCE });
    for (const f of handlers) await measure(basename(f, '.ts'), { path: join(HANDLERS, f) });
  } finally {
    await dynamo.close();
  }

  const minimal = results[0] as Result;
  console.log(
    `Cold start (${RUNS} fresh processes each, median; Node ${process.version}, esbuild target ${esbuildTarget})`,
  );
  console.log(
    '| function | bundle | init | first event | init + first | vs minimal | first event outcome | targets |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  let failed = false;
  for (const r of results) {
    const ratio = r.total / minimal.total;
    const ok = r.name === 'minimal' || (r.bytes <= MAX_BYTES && ratio <= MAX_RATIO);
    if (!ok) failed = true;
    console.log(
      `| ${r.name} | ${(r.bytes / 1024).toFixed(1)} KB | ${r.init.toFixed(0)} ms | ${r.first.toFixed(0)} ms | ` +
        `${r.total.toFixed(0)} ms | ${ratio.toFixed(2)}x | ${r.outcome} | ${r.name === 'minimal' ? '-' : ok ? 'met' : 'MISSED'} |`,
    );
  }
  for (const r of results.filter((x) => x.name !== 'minimal')) {
    console.log(`${r.name}: largest inputs: ${topInputs(r.metafile)}`);
    writeFileSync(join(OUT, r.name, 'meta.json'), JSON.stringify(r.metafile));
  }
  console.log(`Metafiles in ${OUT}/<function>/meta.json (esbuild analyze: npx esbuild --analyze).`);
  if (failed)
    console.log(`Targets: bundle <= ${MAX_BYTES / 1024} KB and init + first event <= ${MAX_RATIO}x minimal.`);
}

await main();
