/**
 * Runs the parsers and the whole ingest path over a corpus of real, published AWS payloads that
 * nobody on the project wrote (`npm run test:corpus -- <dir>`; CI passes ../shared). Prints, per file,
 * what was stored, ignored and quarantined (with the reason). Fails on a crash, or when a payload of
 * a kind this project supports is quarantined. Kinds it does not support (Config rule Lambda
 * invocations, SNS notifications) may be quarantined: that is the designed outcome for them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readInputs } from '../cli/input';
import { DynamoDbEvidenceStore } from '../lambdas/adapters/dynamodb-store';
import { startEmbeddedDynamo } from '../lambdas/adapters/embedded-store';
import { ensureTable } from '../lambdas/adapters/table-bootstrap';
import { ingest } from '../lambdas/usecases/ingest';
import { verifyStore } from '../lambdas/usecases/verify-store';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SUPPORTED_DETAIL_TYPES = new Set([
  'Config Rules Compliance Change',
  'Config Configuration Item Change',
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
]);

/** Whether an input has the shape of a kind the parsers claim to support. */
export function supportedKind(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r['detail-type'] === 'string')
    return SUPPORTED_DETAIL_TYPES.has(r['detail-type']) ? r['detail-type'] : undefined;
  if ('eventName' in r && 'eventSource' in r && 'eventTime' in r) return 'CloudTrail record';
  if ('configurationItemCaptureTime' in r && 'resourceType' in r) return 'configuration item';
  return undefined;
}

/**
 * Payloads of a supported kind that the pipeline must quarantine, and why: published samples whose
 * identifiers were sanitized into values AWS never produces. Rejecting them is the designed outcome,
 * so the corpus checks that they are quarantined for exactly this reason.
 */
const EXPECTED_QUARANTINE: Record<string, RegExp> = {
  // 13-digit account id: AWS account ids are 12 digits, and an id is not something to guess
  'cloudtrail-record/elastic-integrations_config-stopconfigurationrecorder.json': /account id is 12 digits/,
};

function eventsDir(root: string): string {
  const nested = join(root, 'fixtures', 'real-events');
  return existsSync(nested) ? nested : root;
}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...jsonFiles(full));
    else if (/\.json(l)?(\.gz)?$/.test(name)) out.push(full);
  }
  return out;
}

async function main(): Promise<number> {
  const root = process.argv[2];
  if (!root || !existsSync(root)) {
    process.stderr.write(
      'usage: npm run test:corpus -- <dir with fixtures/real-events, or the events dir itself>\n',
    );
    return 2;
  }
  const dir = eventsDir(root);
  const files = jsonFiles(dir);
  if (files.length === 0) {
    process.stderr.write(`no .json payloads under ${dir}\n`);
    return 2;
  }
  const dynamo = await startEmbeddedDynamo();
  let failures = 0;
  const totals = {
    files: 0,
    events: 0,
    stored: 0,
    duplicates: 0,
    unchanged: 0,
    ignored: 0,
    quarantined: 0,
    expectedQuarantine: 0,
  };
  try {
    await ensureTable(dynamo.client, 'corpus');
    const store = new DynamoDbEvidenceStore({ tableName: 'corpus', client: dynamo.client });
    for (const file of files) {
      const name = relative(dir, file);
      totals.files++;
      try {
        const inputs = readInputs(file);
        const r = await ingest(inputs, { store });
        totals.events += r.received;
        totals.stored += r.stored;
        totals.duplicates += r.duplicates;
        totals.unchanged += r.unchanged;
        totals.ignored += r.ignored;
        totals.quarantined += r.quarantined.length;
        const expected = EXPECTED_QUARANTINE[name.split('\\').join('/')];
        const bad = r.quarantined.filter(
          (q) => supportedKind(inputs[q.index]?.raw) !== undefined && !expected?.test(q.reason),
        );
        totals.expectedQuarantine += r.quarantined.length - bad.length;
        const verdict = r.failed.length > 0 || bad.length > 0 ? 'FAIL' : 'ok  ';
        if (verdict === 'FAIL') failures++;
        process.stdout.write(
          `${verdict} ${name}: ${r.received} events, stored ${r.stored}, duplicate ${r.duplicates}, unchanged ${r.unchanged}, ignored ${r.ignored}, quarantined ${r.quarantined.length}\n`,
        );
        for (const q of r.quarantined) {
          const kind = supportedKind(inputs[q.index]?.raw);
          const why = !kind
            ? ' (unsupported kind)'
            : expected?.test(q.reason)
              ? ' (as expected: invalid identifier)'
              : ` (SUPPORTED KIND: ${kind})`;
          process.stdout.write(`       quarantined${why}: ${q.reason}\n`);
        }
        for (const f of r.failed) process.stdout.write(`       not stored: ${f.error}\n`);
      } catch (error) {
        failures++;
        process.stdout.write(`FAIL ${name}: crashed: ${(error as Error).stack}\n`);
      }
    }
    const integrity = await verifyStore(store);
    if (!integrity.ok) {
      failures++;
      process.stdout.write(`FAIL store integrity after the corpus: ${integrity.problems.length} problems\n`);
      for (const p of integrity.problems.slice(0, 10))
        process.stdout.write(`       ${p.subjectKey}: ${p.problem}\n`);
    }
  } finally {
    await dynamo.close();
  }
  process.stdout.write(
    `\ncorpus: ${totals.files} files, ${totals.events} events: stored ${totals.stored}, duplicate ${totals.duplicates}, unchanged ${totals.unchanged}, ignored ${totals.ignored}, quarantined ${totals.quarantined} (${totals.expectedQuarantine} expected: unsupported kinds or invalid identifiers)\n`,
  );
  process.stdout.write(`${totals.files - failures} passed, ${failures} failed\n`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 1;
  },
);
