import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { ensureTable } from '../../core/adapters/dynamodb/table-bootstrap';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { parseEvent } from '../../core/domain/normalize';
import { subjectKey } from '../../core/domain/observation';
import { ingest } from '../../core/usecases/ingest';
import { logGroupItem, retentionCall } from '../helpers/events';
import { checkChains, postureOf } from '../helpers/fault-scenario';
import { seededRandom } from '../helpers/faults';
import { spawnTs } from '../helpers/spawn-cli';
import { startTestStore } from '../helpers/store';

const GROUPS = ['/co/a', '/co/b', '/co/c', '/co/d', '/co/e', '/co/f'];

/** Events over the same six log groups: `shared` ones every process gets, and `own` ones per process. */
function eventsFor(tag: number, count: number) {
  const random = seededRandom(tag + 1);
  return Array.from({ length: count }, (_, i) => {
    const group = GROUPS[Math.floor(random() * GROUPS.length)] ?? '/co/a';
    // distinct times across processes: posture is by event time and ties would be arbitrary
    const time = new Date(Date.parse('2026-10-01T00:00:00.000Z') + (i * 10 + tag) * 60_000).toISOString();
    return random() < 0.5
      ? retentionCall(group, time, [7, 30, 365][Math.floor(random() * 3)] ?? 30)
      : logGroupItem(group, time, [undefined, 30, 2192][Math.floor(random() * 3)]);
  });
}

function shuffled<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const run = spawnTs;

const ProcessResultSchema = z.object({ statuses: z.array(z.string()) });
const CliResultSchema = z.object({ stored: z.number(), duplicates: z.number(), unchanged: z.number() });

describe('several ingesters as separate processes on the same subjects', () => {
  let dynamo: EmbeddedDynamo;
  let tableName: string;
  let dir: string;

  beforeAll(async () => {
    ({ dynamo, tableName } = await startTestStore());
    dir = mkdtempSync(join(tmpdir(), 'evidence-concurrent-'));
  });
  afterAll(async () => {
    await dynamo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every chain linear and stores every event exactly once', async () => {
    // Prepare: four processes, each with the shared events (in its own order) and its own events
    const shared = eventsFor(0, 40);
    const files = [1, 2, 3, 4].map((p) => {
      const events = shuffled([...shared, ...eventsFor(p, 15)], p);
      const file = join(dir, `process-${p}.json`);
      writeFileSync(file, JSON.stringify(events));
      return { file, events };
    });

    // Act: three ingesters in small batches and the CLI's one big ingest, all at once
    const results = await Promise.all([
      ...files
        .slice(0, 3)
        .map(({ file }) => run(['test/helpers/ingest-process.ts', dynamo.endpoint, tableName, file, '4'])),
      run([
        'cli/main.ts',
        'ingest',
        '--endpoint',
        dynamo.endpoint,
        '--table',
        tableName,
        '--json',
        files[3]?.file ?? '',
      ]),
    ]);

    // Assess: every process finished and nothing failed
    for (const r of results) expect(r.stderr + r.code).toBe('0');
    const perProcess = results
      .slice(0, 3)
      .map((r) => ProcessResultSchema.parse(JSON.parse(r.stdout)).statuses);
    for (const statuses of perProcess) expect(statuses.filter((s) => s === 'failed')).toEqual([]);
    const cli = CliResultSchema.parse(JSON.parse(results[3]?.stdout ?? ''));
    const store = new DynamoDbEvidenceStore({ tableName, client: dynamo.client });
    const { eventRecords, records } = await checkChains(store);
    // each record was reported stored by exactly one process: no process counted another's record
    const storedByProcesses =
      perProcess.reduce((n, statuses) => n + statuses.filter((s) => s === 'stored').length, 0) + cli.stored;
    expect(storedByProcesses).toBe(records);
    // every API call (always a record of its own) is on its chain exactly once
    const calls = files
      .flatMap((f) => f.events)
      .filter((e) => e['detail-type'] === 'AWS API Call via CloudTrail');
    for (const call of calls) {
      const outcome = parseEvent(call);
      if (outcome.kind !== 'observation') throw new Error('an API call of the fixture did not parse');
      const key = `${subjectKey(outcome.observation.subject)}\u0000${outcome.observation.source.eventId}`;
      expect(eventRecords.get(key)).toBe(1);
    }
    // and the posture is the one a single ingester reaches with the same events
    const referenceTable = `${tableName}-reference`;
    await ensureTable(dynamo.client, referenceTable);
    const reference = new DynamoDbEvidenceStore({ tableName: referenceTable, client: dynamo.client });
    const all = files.flatMap((f) => f.events);
    await ingest(
      all.map((raw, i) => ({ raw, origin: `all#${i}` })),
      { store: reference },
    );
    expect(await postureOf(store)).toEqual(await postureOf(reference));
  });
});
