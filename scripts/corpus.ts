/**
 * Runs the parsers and the whole ingest path over a corpus of real, published AWS payloads that
 * nobody on the project wrote (`npm run test:corpus -- <dir>`; CI passes ../shared). Prints, per file,
 * what was stored, ignored and quarantined (with the reason). Fails on a crash, or when a payload of
 * a kind this project supports is quarantined. Kinds it does not support (Config rule Lambda
 * invocations, SNS notifications) may be quarantined: that is the designed outcome for them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { replayDemoMonth } from '../cli/demo/month';
import { DEMO_ORG, DEMO_PERIOD } from '../cli/demo/scenario';
import { demoSignOffs } from '../cli/demo/sign-offs';
import { readInputs } from '../cli/input';
import { DynamoDbEvidenceReader } from '../core/adapters/dynamodb/evidence-reader';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import { ensureTable } from '../core/adapters/dynamodb/table-bootstrap';
import { startEmbeddedDynamo } from '../core/adapters/embedded/embedded-store';
import { LocalDocumentStore } from '../core/adapters/local-document-store';
import { OSCAL_PATH } from '../core/domain/binder/layout';
import { evidenceCountText } from '../core/domain/binder/model';
import { redact, redactionPolicy, redactSecrets } from '../core/domain/redact';
import type { DocumentStore } from '../core/ports/document-store';
import { defaultEvidenceConfig } from '../core/usecases/config';
import { exportBinder } from '../core/usecases/export-binder/export-binder';
import { ingest } from '../core/usecases/ingest';
import { verifyStore } from '../core/usecases/verify-store';
import { readBinderFile, verifyBinder } from '../core/verify/verify-binder';
import { CLOUDTRAIL_INSIGHT_DETAIL_TYPE, CLOUDTRAIL_RECORD_DETAIL_TYPES } from '../evidence-schemas';
import { checkCatalogEquivalence } from './corpus-equivalence';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// every CloudTrail kind: API calls, sign-ins, service events and console actions are parsed (and stored
// when their event name bears on a control); Insights events are parsed and ignored
const SUPPORTED_DETAIL_TYPES = new Set<string>([
  'Config Rules Compliance Change',
  'Config Configuration Item Change',
  ...CLOUDTRAIL_RECORD_DETAIL_TYPES,
  CLOUDTRAIL_INSIGHT_DETAIL_TYPE,
]);

/** Whether an input has the shape of a kind the parsers claim to support. */
export function supportedKind(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r['detail-type'] === 'string')
    return SUPPORTED_DETAIL_TYPES.has(r['detail-type']) ? r['detail-type'] : undefined;
  if (r.eventType === 'AwsCloudTrailInsight') return 'CloudTrail Insights record';
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

const POLICY = redactionPolicy();

/** Every string value in a JSON document, JSON-quoted (so `"foo"` never matches inside `"foobar"`). */
function quotedStrings(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (value.length >= 3) out.add(JSON.stringify(value));
  } else if (Array.isArray(value)) for (const v of value) quotedStrings(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) quotedStrings(v, out);
  return out;
}

/**
 * The values that redaction removes from an input and that the input shows nowhere else: what must
 * never appear in what the pipeline keeps of it. `full` is what evidence may not hold (secrets,
 * environment values, tag values); `secrets` is what quarantine may not hold (the same, but an ePHI
 * scope tag value stays there, as redrive needs it).
 */
export function removedValues(raw: unknown): { full: string[]; secrets: string[] } {
  const all = quotedStrings(raw);
  const fullText = JSON.stringify(redact(raw, POLICY));
  const secretText = JSON.stringify(redactSecrets(raw, POLICY));
  return {
    full: [...all].filter((s) => !fullText.includes(s)),
    secrets: [...all].filter((s) => !secretText.includes(s)),
  };
}

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

/**
 * Writes a binder for `period` from `store`, checks it with `verify`, and validates its OSCAL
 * assessment results against NIST's OSCAL 1.0.6 JSON Schema. Returns the problems found.
 */
async function binderProblems(
  store: DynamoDbEvidenceStore,
  period: { from: string; to: string },
  validate: (doc: unknown) => { ok: boolean; errors: string[] },
  organisation?: string,
  documents?: DocumentStore,
): Promise<string[]> {
  const out = mkdtempSync(join(tmpdir(), 'evidence-corpus-binder-'));
  try {
    const binder = await exportBinder(
      {
        ...period,
        outDir: out,
        generator: { name: 'corpus', version: '0' },
        ...(organisation ? { organisation } : {}),
      },
      { reader: new DynamoDbEvidenceReader({ store }), ...(documents ? { documents } : {}) },
    );
    const problems: string[] = [];
    // unsigned: no key vouches for it (verify would exit 6); every hash, chain and anchor must hold
    const verified = await verifyBinder(binder.zipPath);
    problems.push(...verified.problems.map((p) => `verify: ${p}`));
    const oscal = await readBinderFile(binder.zipPath, OSCAL_PATH);
    if (!oscal) problems.push(`${OSCAL_PATH} is missing from the binder`);
    else {
      const result = validate(JSON.parse(oscal.toString('utf8')));
      problems.push(...result.errors.map((e) => `OSCAL: ${e}`));
    }
    process.stdout.write(
      `${problems.length ? 'FAIL' : 'ok  '} binder ${period.from.slice(0, 10)}..${period.to.slice(0, 10)}: ${evidenceCountText(binder.model.counts)}, ${binder.drifts} drifts; verify ${verified.ok ? `intact (${verified.trust.status}: corpus binders are not signed)` : 'FAILED'}; OSCAL ${problems.some((p) => p.startsWith('OSCAL')) ? 'INVALID' : 'valid'} against the OSCAL 1.0.6 schema\n`,
    );
    return problems;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** An ajv validator for the OSCAL assessment-results schema at `path` (draft-07). */
function oscalValidator(path: string): (doc: unknown) => { ok: boolean; errors: string[] } {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
  return (doc) => {
    const ok = validate(doc) === true;
    return {
      ok,
      errors: (validate.errors ?? [])
        .slice(0, 20)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`),
    };
  };
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
  const demoDir = mkdtempSync(join(tmpdir(), 'evidence-corpus-demo-'));
  const demoDocuments = new LocalDocumentStore(join(demoDir, 'blobs'));
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
    let first: string | undefined;
    let last: string | undefined;
    const secrets = new Set<string>();
    let redactionChecks = 0;
    for (const file of files) {
      const name = relative(dir, file);
      totals.files++;
      try {
        const inputs = readInputs(file);
        const r = await ingest(inputs, { store });
        for (const rec of r.records) {
          if (!first || rec.observedAt < first) first = rec.observedAt;
          if (!last || rec.observedAt > last) last = rec.observedAt;
        }
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
        // redaction on real payloads: nothing the redaction removes reaches a record made from the file
        const removed = inputs.map((i) => removedValues(i.raw));
        for (const v of removed.flatMap((x) => x.secrets)) secrets.add(v);
        const recordText = r.records.map((rec) => JSON.stringify(rec)).join('\n');
        const leaked = [...new Set(removed.flatMap((x) => x.full))].filter((v) => recordText.includes(v));
        redactionChecks += removed.reduce((n, x) => n + x.full.length, 0);
        for (const v of leaked)
          process.stdout.write(`       LEAK: a redacted value reached a record: ${v.slice(0, 12)}…\n`);
        const verdict = r.failed.length > 0 || bad.length > 0 || leaked.length > 0 ? 'FAIL' : 'ok  ';
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
    let quarantineLeaks = 0;
    for await (const q of store.listQuarantine())
      for (const v of secrets) if (q.raw.includes(v)) quarantineLeaks++;
    totals.files++;
    if (quarantineLeaks > 0) failures++;
    process.stdout.write(
      `${quarantineLeaks ? 'FAIL' : 'ok  '} redaction: ${redactionChecks} redacted values (secrets, environment values, tag values) absent from every record; ${secrets.size} secrets and tag values absent from quarantine${quarantineLeaks ? `: ${quarantineLeaks} LEAKED` : ''}\n`,
    );
    const integrity = await verifyStore(store);
    if (!integrity.ok) {
      failures++;
      process.stdout.write(`FAIL store integrity after the corpus: ${integrity.problems.length} problems\n`);
      for (const p of integrity.problems.slice(0, 10))
        process.stdout.write(`       ${p.subjectKey}: ${p.problem}\n`);
    }
    const schema = join(root, 'schemas', 'oscal_assessment-results_schema.json');
    if (existsSync(schema)) {
      const validate = oscalValidator(schema);
      // the corpus's own period, and the demo month (drifts, actors, remediation) on a fresh table
      const sets: {
        store: DynamoDbEvidenceStore;
        period: { from: string; to: string };
        organisation?: string;
        documents?: DocumentStore;
      }[] = [];
      // the corpus spans a decade: its last year, so older evidence comes in as the period's baseline
      if (first && last) {
        const yearBefore = new Date(Date.parse(last) - 365 * 86_400_000).toISOString();
        sets.push({ store, period: { from: yearBefore > first ? yearBefore : first, to: last } });
      }
      await ensureTable(dynamo.client, 'corpus-demo');
      const demoStore = new DynamoDbEvidenceStore({ tableName: 'corpus-demo', client: dynamo.client });
      // the whole demo month: events, daily sweeps with their coverage checks, sign-offs and documents
      const config = defaultEvidenceConfig();
      await replayDemoMonth({
        store: demoStore,
        config,
        signOffs: demoSignOffs({ store: demoStore, documents: demoDocuments, config, dataDir: demoDir }),
        announce: async () => undefined,
      });
      sets.push({ store: demoStore, period: DEMO_PERIOD, organisation: DEMO_ORG, documents: demoDocuments });
      for (const set of sets) {
        totals.files++;
        try {
          const problems = await binderProblems(
            set.store,
            set.period,
            validate,
            set.organisation,
            set.documents,
          );
          for (const p of problems.slice(0, 20)) process.stdout.write(`       ${p}\n`);
          if (problems.length > 0) failures++;
        } catch (error) {
          failures++;
          process.stdout.write(`FAIL binder: crashed: ${(error as Error).stack}\n`);
        }
      }
    } else {
      process.stdout.write(`(no OSCAL schema at ${schema}: binder validation skipped)\n`);
    }
  } finally {
    await dynamo.close();
    rmSync(demoDir, { recursive: true, force: true });
  }
  process.stdout.write(
    `\ncorpus: ${totals.files} files, ${totals.events} events: stored ${totals.stored}, duplicate ${totals.duplicates}, unchanged ${totals.unchanged}, ignored ${totals.ignored}, quarantined ${totals.quarantined} (${totals.expectedQuarantine} expected: unsupported kinds or invalid identifiers)\n`,
  );
  process.stdout.write('\ncatalog equivalence:\n');
  const catalogFailures = checkCatalogEquivalence(root, (line) => process.stdout.write(line));
  process.stdout.write(`${totals.files - failures} passed, ${failures} failed\n`);
  return failures + catalogFailures > 0 ? 1 : 0;
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
