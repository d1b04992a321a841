import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complianceChange } from '../../cli/demo/events';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { ingest } from '../../core/usecases/ingest';
import { logGroupItem, where } from '../helpers/events';
import {
  oversizedSns,
  parserWithout,
  parserWithoutSignIns,
  quarantined,
  signIn,
  snsWrapped,
} from '../helpers/quarantine';
import { run } from '../helpers/run-cli';
import { startTestStore } from '../helpers/store';
import { unwrappedOutput } from '../helpers/text';

unwrappedOutput();

describe('evidence quarantine at --endpoint', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;
  let at: string[];

  beforeEach(async () => {
    let tableName: string;
    ({ store, dynamo, tableName } = await startTestStore());
    at = ['--endpoint', dynamo.endpoint, '--table', tableName];
  });
  afterEach(async () => {
    await dynamo.close();
  });

  /** The sign-in is quarantined by the parser as it was before it knew sign-ins (see the helper). */
  async function seed(inputs: { raw: unknown; origin: string }[], now: string) {
    await ingest(inputs, { store, parse: parserWithoutSignIns, now: () => new Date(now) });
  }

  async function recordCount(): Promise<number> {
    let n = 0;
    for await (const _ of store.scanRecordDocs()) n++;
    return n;
  }

  it('lists items as JSON, filtered by reason, time and state', async () => {
    await seed(
      [
        { raw: signIn('2026-10-01T08:00:00.000Z'), origin: 'sqs:m-1' },
        { raw: oversizedSns(), origin: 'sqs:m-2' },
      ],
      '2026-10-01T09:00:00.000Z',
    );
    await seed([{ raw: snsWrapped({ any: 'thing' }), origin: 'sqs:m-3' }], '2026-10-03T09:00:00.000Z');

    const all = await run('quarantine', 'list', ...at, '--json');

    expect(all.code).toBe(0);
    const out = JSON.parse(all.stdout);
    expect(out.count).toBe(3);
    expect(out.items[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      recordedAt: '2026-10-01T09:00:00.000Z',
      origin: 'sqs:m-1',
      reason: 'unsupported EventBridge detail-type "AWS Console Sign In via CloudTrail"',
      index: 0,
      bytes: Buffer.byteLength(JSON.stringify(signIn('2026-10-01T08:00:00.000Z'))),
      rawSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      truncated: false,
      state: 'open',
      attempts: 0,
    });
    expect(out.items[1]).toMatchObject({ origin: 'sqs:m-2', truncated: true });

    const byReason = JSON.parse(
      (await run('quarantine', 'list', ...at, '--json', '--reason', 'unrecognised')).stdout,
    );
    expect(byReason.items.map((q: { origin: string }) => q.origin)).toEqual(['sqs:m-2', 'sqs:m-3']);
    const since = JSON.parse(
      (await run('quarantine', 'list', ...at, '--json', '--since', '2026-10-02')).stdout,
    );
    expect(since.items.map((q: { origin: string }) => q.origin)).toEqual(['sqs:m-3']);
    const human = await run('quarantine', 'list', ...at);
    expect(human.stdout).toContain('3 quarantined items (open)');
    expect(human.stdout).toMatch(/sqs:m-2 {2}\d+ bytes \(truncated\) {2}open {2}attempts 0/);

    expect((await run('quarantine', 'list', ...at, '--since', 'last week')).code).toBe(2);
    expect((await run('quarantine', 'list', ...at, '--state', 'closed')).code).toBe(2);
  });

  it('exits 0 when everything is resolved, and a second redrive changes nothing', async () => {
    await seed(
      [
        { raw: signIn('2026-10-01T08:00:00.000Z'), origin: 'sqs:m-1' },
        { raw: signIn('2026-10-01T08:30:00.000Z', true), origin: 'sqs:m-2' },
      ],
      '2026-10-01T09:00:00.000Z',
    );

    const first = await run('quarantine', 'redrive', '--all', ...at, '--json');

    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ resolved: 2, quarantined: 0, truncated: 0, failed: 0 });
    expect(await recordCount()).toBe(2);
    const items = await quarantined(store);

    const again = await run('quarantine', 'redrive', ...items.map((q) => q.id), ...at);

    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already resolved 2');
    expect(again.stdout).toContain(`${items[0]!.id} (sqs:m-1): already resolved, stored: evidence `);
    expect(await recordCount()).toBe(2);
    expect(await quarantined(store)).toEqual(items);
    const resolved = JSON.parse(
      (await run('quarantine', 'list', ...at, '--json', '--state', 'resolved')).stdout,
    );
    expect(resolved.items.map((q: { outcome: string }) => q.outcome)).toEqual(['stored', 'stored']);
    expect(JSON.parse((await run('quarantine', 'list', ...at, '--json')).stdout).count).toBe(0);
  });

  it('exits 3 when some remain, naming the truncated item and why it cannot be redriven', async () => {
    await seed(
      [
        { raw: signIn('2026-10-01T08:00:00.000Z'), origin: 'sqs:m-1' },
        { raw: oversizedSns(), origin: 'sqs:m-2' },
        { raw: snsWrapped(logGroupItem('/app/x', '2026-10-01T00:00:00.000Z', 30)), origin: 'sqs:m-3' },
      ],
      '2026-10-01T09:00:00.000Z',
    );
    const big = (await quarantined(store)).find((q) => q.origin === 'sqs:m-2')!;

    const res = await run('quarantine', 'redrive', '--all', ...at);

    expect(res.code).toBe(3);
    expect(res.stdout).toContain('redrive: resolved 1, already resolved 0, still quarantined 1, truncated 1');
    expect(res.stdout).toContain(`${big.id} (sqs:m-2): truncated: ${big.id} (sqs:m-2) cannot be redriven`);
    expect(res.stdout).toContain(`sha256 ${big.rawSha256}`);
    expect(res.stdout).toMatch(/\(sqs:m-3\): still quarantined after 1 attempt: unrecognised event/);

    const json = JSON.parse((await run('quarantine', 'redrive', '--all', ...at, '--json')).stdout);
    expect(json.items.map((i: { origin: string; result: string }) => [i.origin, i.result])).toEqual([
      ['sqs:m-2', 'truncated'],
      ['sqs:m-3', 'quarantined'],
    ]);
    expect(json.items[1].attempts).toBe(2);
    expect(await quarantined(store)).toHaveLength(3);
  });

  it('makes evidence with the current configuration: a custom rule mapped since it was quarantined', async () => {
    const verdict = complianceChange(where, '2026-10-01T00:00:00.000Z', {
      name: 'acme-log-keep-6y',
      resourceType: 'AWS::Logs::LogGroup',
      resourceId: '/m',
      compliance: 'NON_COMPLIANT',
    });
    await ingest([{ raw: verdict, origin: 'sqs:m-1' }], {
      store,
      parse: parserWithout('Config Rules Compliance Change'),
    });
    const dir = mkdtempSync(join(tmpdir(), 'evidence-quarantine-config-'));
    try {
      const config = join(dir, 'cfg.json');
      writeFileSync(config, JSON.stringify({ ruleMappings: { 'acme-log-keep-6y': 'log-retention' } }));

      const res = await run('quarantine', 'redrive', '--all', ...at, '--config', config, '--json');

      expect(res.code).toBe(0);
      const status = JSON.parse((await run('status', ...at, '--json')).stdout);
      const control = status.controls.find((c: { controlId: string }) => c.controlId === 'log-retention');
      expect(control.status).toBe('NON_COMPLIANT');
      expect(control.resources[0].evidenceId).toBe(JSON.parse(res.stdout).items[0].evidenceIds[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 for an unknown id, naming it, and for no ids without --all', async () => {
    await seed([{ raw: signIn('2026-10-01T08:00:00.000Z'), origin: 'sqs:m-1' }], '2026-10-01T09:00:00.000Z');
    const [item] = await quarantined(store);

    const unknown = await run('quarantine', 'redrive', item!.id, 'feedfacefeedfacefeedface', ...at);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('feedfacefeedfacefeedface');
    expect((await quarantined(store))[0]).toMatchObject({ state: 'open', attempts: 0 });
    expect((await run('quarantine', 'redrive', ...at)).code).toBe(2);
    expect((await run('quarantine', 'redrive', item!.id, '--all', ...at)).code).toBe(2);
    expect((await run('quarantine', 'bogus', ...at)).code).toBe(2);
  });
});

describe('evidence quarantine on the embedded store', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-quarantine-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists what ingest quarantined and keeps an SNS notification open after a redrive', async () => {
    const dataDir = join(dir, 'data');
    const file = join(dir, 'sns.json');
    writeFileSync(file, JSON.stringify(snsWrapped(logGroupItem('/app/x', '2026-10-01T00:00:00.000Z', 30))));
    expect((await run('ingest', file, '--data-dir', dataDir)).code).toBe(3);

    const redrive = await run('quarantine', 'redrive', '--all', '--data-dir', dataDir, '--json');
    const list = await run('quarantine', 'list', '--data-dir', dataDir, '--json');

    expect(redrive.code).toBe(3);
    expect(JSON.parse(redrive.stdout)).toMatchObject({ quarantined: 1, resolved: 0 });
    const items = JSON.parse(list.stdout).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ origin: file, state: 'open', attempts: 1 });
    expect(items[0].firstReason).toMatch(/unrecognised event/);
  });
});
