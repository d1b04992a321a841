import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../core/adapters/embedded/embedded-store';
import { ingest } from '../../../core/usecases/ingest';
import {
  listQuarantined,
  QuarantineNotFoundError,
  redriveQuarantine,
} from '../../../core/usecases/quarantine';
import { verifyStore } from '../../../core/usecases/verify-store';
import { logGroupItem } from '../../helpers/events';
import {
  oversizedSns,
  parserWithoutSignIns,
  quarantined,
  signIn,
  snsWrapped,
} from '../../helpers/quarantine';
import { startTestStore } from '../../helpers/store';

const clock = (iso: string) => () => new Date(iso);

describe('quarantine list and redrive against dynalite', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;

  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
  });
  afterEach(async () => {
    await dynamo.close();
  });

  async function recordCount(): Promise<number> {
    let n = 0;
    for await (const _ of store.scanRecordDocs()) n++;
    return n;
  }

  /** Quarantines a sign-in (through the older parser), an SNS notification and an oversized input. */
  async function seed() {
    const result = await ingest(
      [
        { raw: signIn('2026-10-01T08:00:00.000Z'), origin: 'sqs:m-1' },
        { raw: snsWrapped(logGroupItem('/app/x', '2026-10-01T00:00:00.000Z', 30)), origin: 'sqs:m-2' },
        { raw: oversizedSns(), origin: 'sqs:m-3' },
        { raw: logGroupItem('/app/ok', '2026-10-01T00:00:00.000Z', 3653), origin: 'sqs:m-4' },
      ],
      { store, parse: parserWithoutSignIns, now: clock('2026-10-01T09:00:00.000Z') },
    );
    expect(result.statuses).toEqual(['quarantined', 'quarantined', 'quarantined', 'stored']);
    const items = await quarantined(store);
    const id = (origin: string) => items.find((q) => q.origin === origin)!.id;
    return { signInId: id('sqs:m-1'), snsId: id('sqs:m-2'), bigId: id('sqs:m-3') };
  }

  it('lists quarantined items with size, truncation, state and attempts, filtered', async () => {
    await seed();
    await ingest([{ raw: { hello: 'world' }, origin: 'late' }], {
      store,
      now: clock('2026-10-05T00:00:00.000Z'),
    });

    const all = await listQuarantined(store);
    expect(all.map((q) => q.origin)).toEqual(['sqs:m-1', 'sqs:m-2', 'sqs:m-3', 'late']);
    const big = all.find((q) => q.origin === 'sqs:m-3')!;
    expect(big.truncated).toBe(true);
    expect(big.bytes).toBe(Buffer.byteLength(JSON.stringify(oversizedSns())));
    expect(big.bytes).toBeGreaterThan(300_000);
    expect(all.find((q) => q.origin === 'late')).toMatchObject({
      state: 'open',
      attempts: 0,
      truncated: false,
      bytes: Buffer.byteLength('{"hello":"world"}'),
      recordedAt: '2026-10-05T00:00:00.000Z',
    });
    expect(all[0]).not.toHaveProperty('raw');

    expect((await listQuarantined(store, { reason: 'CONSOLE SIGN IN' })).map((q) => q.origin)).toEqual([
      'sqs:m-1',
    ]);
    expect(
      (await listQuarantined(store, { since: '2026-10-02T00:00:00.000Z' })).map((q) => q.origin),
    ).toEqual(['late']);
    expect(await listQuarantined(store, { state: 'resolved' })).toEqual([]);
  });

  it("resolves what today's parser accepts, keeps the rest open, and never makes a second copy", async () => {
    const { signInId, snsId, bigId } = await seed();
    const before = await recordCount();

    const report = await redriveQuarantine({ all: true }, { store, now: clock('2026-10-02T00:00:00.000Z') });

    const byId = new Map(report.items.map((i) => [i.id, i]));
    expect(byId.get(signInId)).toMatchObject({ result: 'resolved', outcome: 'stored', attempts: 1 });
    expect(byId.get(signInId)?.evidenceIds).toHaveLength(1);
    expect(byId.get(snsId)).toMatchObject({ result: 'quarantined', attempts: 1 });
    expect(byId.get(snsId)?.reason).toMatch(/unrecognised event/);
    expect(byId.get(bigId)?.result).toBe('truncated');
    expect(byId.get(bigId)?.message).toContain(bigId);
    expect(byId.get(bigId)?.message).toMatch(/cannot be redriven/);
    expect(report).toMatchObject({ resolved: 1, quarantined: 1, truncated: 1, failed: 0, conflicts: 0 });
    // the sign-in without MFA is a finding: the redriven evidence moves posture like any other
    expect(report.transitions.length).toBeGreaterThan(0);

    expect(await recordCount()).toBe(before + 1);
    const items = await quarantined(store);
    expect(items).toHaveLength(3);
    const signInItem = items.find((q) => q.id === signInId)!;
    expect(signInItem).toMatchObject({
      state: 'resolved',
      outcome: 'stored',
      resolvedAt: '2026-10-02T00:00:00.000Z',
      attempts: 1,
      reason: 'unsupported EventBridge detail-type "AWS Console Sign In via CloudTrail"',
    });
    expect(signInItem.evidenceIds).toEqual(byId.get(signInId)?.evidenceIds);
    const docs = [];
    for await (const d of store.scanRecordDocs()) docs.push(d.doc);
    expect(docs).toContainEqual(expect.objectContaining({ evidenceId: signInItem.evidenceIds?.[0] }));
    const snsItem = items.find((q) => q.id === snsId)!;
    expect(snsItem).toMatchObject({ state: 'open', attempts: 1, lastAttemptAt: '2026-10-02T00:00:00.000Z' });
    expect(snsItem.firstReason).toMatch(/unrecognised event/);
    expect(items.find((q) => q.id === bigId)).toMatchObject({ state: 'open', attempts: 0 });
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('is idempotent: a second redrive adds no evidence and reports resolved items as already resolved', async () => {
    const { signInId, snsId } = await seed();
    await redriveQuarantine({ all: true }, { store, now: clock('2026-10-02T00:00:00.000Z') });
    const records = await recordCount();
    const heads = [];
    for await (const h of store.listHeads()) heads.push(h);

    const again = await redriveQuarantine(
      { ids: [signInId, snsId] },
      { store, now: clock('2026-10-03T00:00:00.000Z') },
    );

    expect(again.items.find((i) => i.id === signInId)).toMatchObject({
      result: 'already-resolved',
      outcome: 'stored',
    });
    expect(again.items.find((i) => i.id === snsId)).toMatchObject({ result: 'quarantined', attempts: 2 });
    expect(await recordCount()).toBe(records);
    const headsAfter = [];
    for await (const h of store.listHeads()) headsAfter.push(h);
    expect(headsAfter).toEqual(heads);
    const items = await quarantined(store);
    expect(items).toHaveLength(3);
    expect(items.find((q) => q.id === signInId)?.resolvedAt).toBe('2026-10-02T00:00:00.000Z');
    // --all only takes open items: the resolved sign-in is not tried again
    const all = await redriveQuarantine({ all: true }, { store });
    expect(all.items.map((i) => i.id)).not.toContain(signInId);
  });

  it('resolves a copy of an event that is already evidence as a duplicate', async () => {
    const event = signIn('2026-10-01T08:00:00.000Z', true);
    // delivered twice (two SQS messages), both quarantined by the older parser
    await ingest(
      [
        { raw: event, origin: 'sqs:first' },
        { raw: event, origin: 'sqs:second' },
      ],
      { store, parse: parserWithoutSignIns },
    );

    const report = await redriveQuarantine({ all: true }, { store });

    expect(report.items.map((i) => [i.origin, i.result, i.outcome])).toEqual([
      ['sqs:first', 'resolved', 'stored'],
      ['sqs:second', 'resolved', 'duplicate'],
    ]);
    expect(report.items[1]?.evidenceIds).toEqual([]);
    expect(await recordCount()).toBe(1);
  });

  it('redrives every stored copy of the same input once', async () => {
    const event = signIn('2026-10-01T08:00:00.000Z');
    for (const at of ['2026-10-01T09:00:00.000Z', '2026-10-01T10:00:00.000Z'])
      await ingest([{ raw: event, origin: 'file.json' }], {
        store,
        parse: parserWithoutSignIns,
        now: clock(at),
      });
    const copies = await quarantined(store);
    expect(copies).toHaveLength(2);
    expect(copies[0]?.id).toBe(copies[1]?.id);

    const report = await redriveQuarantine({ ids: [copies[0]!.id] }, { store });

    expect(report.items).toEqual([
      expect.objectContaining({ result: 'resolved', outcome: 'stored', copies: 2 }),
    ]);
    const after = await quarantined(store);
    expect(after.map((q) => q.state)).toEqual(['resolved', 'resolved']);
    expect(after[0]?.evidenceIds).toEqual(after[1]?.evidenceIds);
  });

  it('keeps an SNS notification open with its attempts counted, redrive after redrive', async () => {
    await ingest([{ raw: snsWrapped({ any: 'thing' }), origin: 'sqs:sns' }], { store });

    await redriveQuarantine({ all: true }, { store });
    const second = await redriveQuarantine({ all: true }, { store });

    expect(second.items).toEqual([expect.objectContaining({ result: 'quarantined', attempts: 2 })]);
    const items = await quarantined(store);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ state: 'open', attempts: 2 });
  });

  it('keeps unreadable text quarantined with a read error', async () => {
    await ingest([{ raw: '{"broken": ', origin: 'lines.jsonl:2', readError: 'line 2 is not valid JSON' }], {
      store,
    });

    const report = await redriveQuarantine({ all: true }, { store });

    expect(report.items[0]).toMatchObject({ result: 'quarantined', attempts: 1 });
    expect(report.items[0]?.reason).toMatch(/stored input is not valid JSON/);
    expect((await quarantined(store))[0]?.firstReason).toBe('line 2 is not valid JSON');
  });

  it('leaves an item untouched when the store fails while writing its evidence', async () => {
    const { signInId } = await seed();
    // the real store, except that writing records fails as a throttled or unreachable table would
    const failing = new Proxy(store, {
      get(target, prop) {
        if (prop === 'putRecords')
          return async () => Promise.reject(new Error('ProvisionedThroughputExceeded'));
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

    const report = await redriveQuarantine({ ids: [signInId] }, { store: failing });

    expect(report.items[0]).toMatchObject({ result: 'failed' });
    expect(report.items[0]?.message).toContain('ProvisionedThroughputExceeded');
    expect((await quarantined(store)).find((q) => q.id === signInId)).toMatchObject({
      state: 'open',
      attempts: 0,
    });
    const retry = await redriveQuarantine({ ids: [signInId] }, { store });
    expect(retry.items[0]).toMatchObject({ result: 'resolved', outcome: 'stored' });
  });

  it('refuses unknown ids before redriving anything', async () => {
    const { signInId } = await seed();

    await expect(
      redriveQuarantine({ ids: [signInId, 'feedfacefeedfacefeedface'] }, { store }),
    ).rejects.toThrow(QuarantineNotFoundError);
    expect((await quarantined(store)).every((q) => q.state === 'open' && q.attempts === 0)).toBe(true);
  });
});
