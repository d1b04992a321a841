import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoEvents } from '../../cli/demo/scenario';
import { formatVerify } from '../../cli/format';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { recordSk, subjectPk } from '../../core/adapters/dynamodb/table-schema';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { eventKey } from '../../core/domain/chain-head';
import { ingest } from '../../core/usecases/ingest';
import { postureStatus } from '../../core/usecases/status';
import { verifyStore } from '../../core/usecases/verify-store';
import { logGroupArn, logGroupItem, retentionCall } from '../helpers/events';
import { startTestStore } from '../helpers/store';

const asInputs = (events: unknown[]) => events.map((raw, i) => ({ raw, origin: `test#${i}` }));

describe('ingest -> status -> verify-store against dynalite', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;
  let tableName: string;

  beforeEach(async () => {
    ({ store, dynamo, tableName } = await startTestStore());
  });
  afterEach(async () => {
    await dynamo.close();
  });

  async function chainOf(subjectKey: string) {
    const docs = await store.listChainDocs(subjectKey);
    return docs.map(
      (d) => d.doc as { evidenceId: string; integrity: { sequence: number; recordHash: string } },
    );
  }

  it('stores the demo month, answers posture and verifies', async () => {
    const result = await ingest(asInputs(demoEvents()), { store });

    expect(result.quarantined).toEqual([]);
    expect(result.failed).toEqual([]);
    expect(result.duplicates).toBe(1);
    expect(result.unchanged).toBe(1);
    expect(result.stored).toBe(result.received - 2);
    const status = await postureStatus(store);
    const byId = new Map(status.controls.map((c) => [c.controlId, c]));
    expect(byId.get('log-retention')?.status).toBe('NON_COMPLIANT');
    expect(byId.get('s3-bucket-encryption')?.status).toBe('COMPLIANT');
    expect(byId.get('cloudtrail-logging')?.status).toBe('COMPLIANT');
    expect(byId.get('root-account-use')?.resources[0]?.subject.arn).toBe('arn:aws:iam::111122223333:root');
    expect(byId.get('config-rule:rch-ephi-tag-required')?.citations).toEqual([]);
    const report = await verifyStore(store);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.records).toBe(result.stored);
  });

  it('answers posture at a point in time from the chain', async () => {
    await ingest(asInputs(demoEvents()), { store });

    const during = await postureStatus(store, { at: '2026-10-15T00:00:00.000Z' });
    const after = await postureStatus(store, { at: '2026-10-16T00:00:00.000Z' });
    const before = await postureStatus(store, { at: '2026-10-05T00:00:00.000Z' });

    const trail = (s: typeof during) => s.controls.find((c) => c.controlId === 'cloudtrail-logging')!;
    expect(trail(during).status).toBe('NON_COMPLIANT');
    expect(trail(during).resources[0]?.reason).toMatch(/stopped/);
    expect(trail(after).status).toBe('COMPLIANT');
    expect(before.controls.find((c) => c.controlId === 'log-retention')?.status).toBe('COMPLIANT');
  });

  it('treats a redelivered batch as duplicates and adds nothing', async () => {
    const events = demoEvents();
    const first = await ingest(asInputs(events), { store });

    const again = await ingest(asInputs(events), { store });

    expect(again.stored).toBe(0);
    expect(again.duplicates + again.unchanged).toBe(events.length);
    expect((await verifyStore(store)).records).toBe(first.stored);
  });

  it('never lets an older event that arrives late override a newer verdict', async () => {
    const name = '/app/late';
    const newer = retentionCall(name, '2026-10-10T10:00:00.000Z', 3653);
    const older = retentionCall(name, '2026-10-05T10:00:00.000Z', 7);

    await ingest(asInputs([newer]), { store });
    const late = await ingest(asInputs([older]), { store });

    expect(late.stored).toBe(1);
    const control = (await postureStatus(store)).controls.find((c) => c.controlId === 'log-retention')!;
    expect(control.status).toBe('COMPLIANT');
    expect(control.resources[0]?.observedAt).toBe('2026-10-10T10:00:00.000Z');
    expect((await verifyStore(store)).ok).toBe(true);
    const early = await postureStatus(store, { at: '2026-10-06T00:00:00.000Z' });
    expect(early.controls.find((c) => c.controlId === 'log-retention')?.status).toBe('NON_COMPLIANT');
  });

  it('records identical state re-observed as unchanged, not as a new record', async () => {
    const name = '/app/steady';
    await ingest(asInputs([logGroupItem(name, '2026-10-01T00:00:00.000Z', 3653)]), { store });

    const again = await ingest(asInputs([logGroupItem(name, '2026-10-02T00:00:00.000Z', 3653)]), { store });

    expect(again.unchanged).toBe(1);
    expect(again.stored).toBe(0);
    const [head] = (await store.getHeads([logGroupArn(name)])).values();
    expect(head?.lastObservedAt).toBe('2026-10-02T00:00:00.000Z');
    expect(head?.sequence).toBe(1);
  });

  it('keeps one subject chain linear under concurrent ingestion', async () => {
    const name = '/app/contended';
    const writers = Array.from({ length: 6 }, (_, w) =>
      Array.from({ length: 5 }, (_, i) =>
        retentionCall(name, `2026-10-0${1 + (i % 9)}T0${w}:${10 + i}:00.000Z`, 30 + w * 10 + i),
      ),
    );

    const results = await Promise.all(
      writers.map((events) => ingest(asInputs(events), { store, commitSize: 2 })),
    );

    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(30);
    const report = await verifyStore(store);
    expect(report.problems).toEqual([]);
    const head = (await store.getHeads([logGroupArn(name)])).get(logGroupArn(name));
    expect(head?.sequence).toBe(30);
  });

  it('quarantines bad input with its reason and stores the rest', async () => {
    const good = retentionCall('/app/ok', '2026-10-01T00:00:00.000Z', 3653);
    const badAccount = structuredClone(good) as { account: string };
    badAccount.account = 'acct-12345';
    const inputs = [
      { raw: good, origin: 'a' },
      { raw: badAccount, origin: 'b' },
      { raw: { hello: 'world' }, origin: 'c' },
      { raw: '{not json', origin: 'd', readError: 'not valid JSON: Unexpected token' },
    ];

    const result = await ingest(inputs, { store });

    expect(result.stored).toBe(1);
    expect(result.quarantined.map((q) => q.index)).toEqual([1, 2, 3]);
    expect(result.quarantined[0]?.reason).toMatch(/account.*12 digits/);
    expect(result.quarantined[1]?.reason).toMatch(/unrecognised event/);
    const kept = [];
    for await (const q of store.listQuarantine()) kept.push(q);
    expect(kept.map((q) => q.origin).sort()).toEqual(['b', 'c', 'd']);
    expect(kept.find((q) => q.origin === 'd')?.raw).toBe('{not json');
    expect(JSON.parse(kept.find((q) => q.origin === 'b')!.raw).account).toBe('acct-12345');
  });

  it('reports a record modified behind the pipeline', async () => {
    await ingest(asInputs(demoEvents()), { store });
    const key = logGroupArn('/rch/ehr/application').replace(
      'eu-west-1:444455556666',
      'us-east-1:111122223333',
    );
    const docs = await store.listChainDocs(key);
    const victim = docs[0]!;
    const doc = victim.doc as { controls: { status: string; reason: string }[] };
    expect(doc.controls[0]?.status).toBe('COMPLIANT');
    doc.controls[0]!.status = 'NON_COMPLIANT';
    await dynamo.client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: subjectPk(key) }, sk: { S: victim.key } },
        UpdateExpression: 'SET doc = :d',
        ExpressionAttributeValues: { ':d': { S: JSON.stringify(doc) } },
      }),
    );

    const report = await verifyStore(store);

    expect(report.ok).toBe(false);
    expect(
      report.problems.some((p) => p.subjectKey === key && /content hash does not match/.test(p.problem)),
    ).toBe(true);
  });

  it('reports a record deleted from the middle of a chain', async () => {
    const name = '/app/deleted';
    await ingest(
      asInputs([30, 60, 90].map((d, i) => retentionCall(name, `2026-10-0${i + 1}T00:00:00.000Z`, d))),
      { store },
    );
    const chain = await chainOf(logGroupArn(name));
    const middle = chain[1]!;
    await dynamo.client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: { pk: { S: subjectPk(logGroupArn(name)) }, sk: { S: recordSk(middle as never) } },
      }),
    );

    const report = await verifyStore(store);

    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.sequence === 2 && /missing/.test(p.problem))).toBe(true);
  });

  it('reports a committed head write that was undone, which would leave its records looking like a lost race', async () => {
    // Prepare: two commits on one chain, then the first commit's head put back (a lost write)
    const name = '/app/undone';
    const key = { pk: { S: subjectPk(logGroupArn(name)) }, sk: { S: 'HEAD' } };
    await ingest(asInputs([retentionCall(name, '2026-10-01T00:00:00.000Z', 30)]), { store });
    const first = await dynamo.client.send(new GetItemCommand({ TableName: tableName, Key: key }));
    await ingest(asInputs([retentionCall(name, '2026-10-02T00:00:00.000Z', 3653)]), { store });
    expect((await verifyStore(store)).problems).toEqual([]);

    // Act
    await dynamo.client.send(new PutItemCommand({ TableName: tableName, Item: first.Item ?? {} }));
    const report = await verifyStore(store);

    // Assess: the second record is off the chain, and the marker of its commit says it was committed
    expect(report.ok).toBe(false);
    expect(report.orphans).toEqual([expect.objectContaining({ sequence: 2 })]);
    expect(report.problems).toEqual([
      expect.objectContaining({
        subjectKey: logGroupArn(name),
        sequence: 2,
        problem: expect.stringMatching(
          /^commit 2 stored events .+ holds no record of them: a committed head write was undone$/,
        ),
      }),
    ]);

    // and when that commit's markers are removed too, the record is listed off its chain, said plainly
    const markers = await dynamo.client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': key.pk, ':e': { S: 'E#' } },
      }),
    );
    for (const m of markers.Items ?? [])
      if (/#0000000002(#|$)/.test(m.sk?.S ?? ''))
        await dynamo.client.send(
          new DeleteItemCommand({ TableName: tableName, Key: { pk: m.pk!, sk: m.sk! } }),
        );
    const unmarked = await verifyStore(store);
    expect(unmarked.problems).toEqual([]);
    expect(unmarked.orphans).toEqual([
      expect.objectContaining({ subjectKey: logGroupArn(name), sequence: 2 }),
    ]);
    const text = formatVerify(unmarked);
    expect(text).toContain(
      "1 record(s) off their chain: left by a writer that crashed or lost a race before its head moved, or by a table writer who put a head back and removed its commit's markers.",
    );
    expect(text).toMatch(new RegExp(`  ${logGroupArn(name)} #2 ev_[0-9a-f]+ recorded 20`));
  });

  it('reports a chain whose head was deleted', async () => {
    const name = '/app/headless';
    await ingest(asInputs([retentionCall(name, '2026-10-01T00:00:00.000Z', 30)]), { store });
    await dynamo.client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: { pk: { S: subjectPk(logGroupArn(name)) }, sk: { S: 'HEAD' } },
      }),
    );

    const report = await verifyStore(store);

    expect(report.problems.some((p) => /head is missing/.test(p.problem))).toBe(true);
  });

  it('completes the markers on redelivery after a crash right after the commit', async () => {
    const name = '/app/crash';
    const event = retentionCall(name, '2026-10-01T00:00:00.000Z', 30);
    const crashing = Object.create(store) as DynamoDbEvidenceStore;
    // a new chain writes no markers before its commit: the only markers written are after it
    crashing.markSourceEvents = async () => {
      throw new Error('simulated crash after commit');
    };

    const first = await ingest(asInputs([event]), { store: crashing });
    expect(first.failed).toHaveLength(1);
    expect((await postureStatus(store)).controls.find((c) => c.controlId === 'log-retention')?.status).toBe(
      'NON_COMPLIANT',
    );
    // the head committed the event (its last batch) but no marker says so yet
    const subjectKey = logGroupArn(name);
    const [eventId] = (await store.getHeads([subjectKey])).get(subjectKey)?.lastBatch ?? [];
    if (!eventId) throw new Error('the first ingest committed nothing');
    const ref = { subjectKey, eventId, observedAt: '2026-10-01T00:00:00.000Z' };
    expect(await store.findSourceEvents([ref])).toEqual(new Set());

    const second = await ingest(asInputs([event]), { store });

    expect(second.duplicates).toBe(1);
    expect(await store.findSourceEvents([ref])).toEqual(new Set([eventKey(ref.subjectKey, ref.eventId)]));
    const report = await verifyStore(store);
    expect(report.problems).toEqual([]);
    expect(report.records).toBe(1);
  });
});
