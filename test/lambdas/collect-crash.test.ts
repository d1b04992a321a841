import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { ensureTable } from '../../core/adapters/dynamodb/table-bootstrap';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { parseEvent } from '../../core/domain/normalize';
import { subjectKey } from '../../core/domain/observation';
import { collect } from '../../lambdas/collect';
import { retentionCall, where } from '../helpers/events';
import { checkChains } from '../helpers/fault-scenario';
import { faultyClient } from '../helpers/faults';
import { startTestStore } from '../helpers/store';

const sqsEvent = (messages: { id: string; body: string }[]) => ({
  Records: messages.map(({ id, body }) => ({
    messageId: id,
    receiptHandle: `rh-${id}`,
    body,
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${where.region}:${where.account}:evidence-intake`,
    awsRegion: where.region,
  })),
});

// three log groups, four API calls each (each call is a distinct record), interleaved, and one bad body
const events = [0, 1, 2, 3].flatMap((day) =>
  ['/crash/a', '/crash/b', '/crash/c'].map((name, k) =>
    retentionCall(name, `2026-10-0${day + 1}T0${k}:00:00.000Z`, [7, 30, 365, 2192][day] ?? 30),
  ),
);
const messages = [
  ...events.map((e, i) => ({ id: `m-${i}`, body: JSON.stringify(e) })),
  { id: 'm-bad', body: '{"detail-type": "Config Configuration Item Change"' },
];
const refOf = new Map(
  events.map((e, i) => {
    const outcome = parseEvent(e);
    if (outcome.kind !== 'observation') throw new Error(`fixture ${i} is not an observation`);
    const o = outcome.observation;
    return [
      `m-${i}`,
      { subjectKey: subjectKey(o.subject), eventId: o.source.eventId, observedAt: o.observedAt },
    ];
  }),
);

describe('collect when the store dies in the middle of an SQS batch', () => {
  let dynamo: EmbeddedDynamo;
  let tables = 0;

  beforeAll(async () => {
    ({ dynamo } = await startTestStore());
  });
  afterAll(async () => {
    await dynamo.close();
  });

  it('reports exactly the unfinished messages, and their redelivery completes the batch once', async () => {
    let crashesThatSplit = 0;
    // every point of death: before the first call, between any two, and after the last
    for (let dieAfter = 0; dieAfter <= 16; dieAfter++) {
      const tableName = `crash-${++tables}`;
      await ensureTable(dynamo.client, tableName);
      const { client } = faultyClient(dynamo.endpoint, { rate: 0, seed: dieAfter, dieAfter, maxAttempts: 1 });
      const dying = new DynamoDbEvidenceStore({ tableName, client });
      const clean = new DynamoDbEvidenceStore({ tableName, client: dynamo.client });

      // Act: a batch whose chunks commit in three rounds, against a store that dies after N requests
      const res = await collect(sqsEvent(messages), { store: dying, commitSize: 2 });
      client.destroy();

      // Assess: a message not reported failed is complete: on its chain and marked as stored
      const failed = new Set(res.batchItemFailures.map((f) => f.itemIdentifier));
      const done = [...refOf].filter(([id]) => !failed.has(id));
      const marked = await clean.findSourceEvents(done.map(([, ref]) => ref));
      for (const [id, ref] of done) {
        const chain = await clean.listChainDocs(ref.subjectKey);
        const onChain = chain.filter((d) => JSON.stringify(d.doc).includes(ref.eventId));
        expect(onChain, `${id} after death at ${dieAfter}`).toHaveLength(1);
        expect(marked.has(`${ref.subjectKey}\u0000${ref.eventId}`), `${id} marked`).toBe(true);
      }
      const kept = [];
      for await (const q of clean.listQuarantine()) kept.push(q.origin);
      if (!failed.has('m-bad')) expect(kept).toContain('sqs:m-bad');
      if (failed.size > 0 && failed.size < messages.length) crashesThatSplit++;

      // redelivery of exactly the failed messages, to a healthy store
      const again = await collect(sqsEvent(messages.filter((m) => failed.has(m.id))), { store: clean });
      expect(again.batchItemFailures).toEqual([]);
      const { eventRecords } = await checkChains(clean);
      for (const ref of refOf.values())
        expect(eventRecords.get(`${ref.subjectKey}\u0000${ref.eventId}`)).toBe(1);
      const keptAfter = [];
      for await (const q of clean.listQuarantine()) keptAfter.push(q.origin);
      expect(keptAfter).toContain('sqs:m-bad');
    }
    // the death points really split batches into stored and failed messages
    expect(crashesThatSplit).toBeGreaterThan(3);
  });
});
