import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { ensureTable } from '../../core/adapters/dynamodb/table-bootstrap';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { parseEvent } from '../../core/domain/normalize';
import { subjectKey } from '../../core/domain/observation';
import { type IngestInput, ingest } from '../../core/usecases/ingest';
import { checkChains, faultScenario, ingestUntilDone, postureOf } from '../helpers/fault-scenario';
import { faultyClient } from '../helpers/faults';
import { startTestStore } from '../helpers/store';

const inputs = faultScenario({ seed: 20261001, count: 320, logGroups: 24, buckets: 8 });

/** subject and source event id of each input that parses to an observation */
const eventOf = inputs.map((input) => {
  const outcome = parseEvent(input.raw);
  return outcome.kind === 'observation'
    ? `${subjectKey(outcome.observation.subject)}\u0000${outcome.observation.source.eventId}`
    : undefined;
});

describe('ingest while DynamoDB fails a quarter of the calls', () => {
  let dynamo: EmbeddedDynamo;
  let reference: DynamoDbEvidenceStore;
  let tables = 0;

  async function freshTable(): Promise<string> {
    const name = `faults-${++tables}`;
    await ensureTable(dynamo.client, name);
    return name;
  }

  beforeAll(async () => {
    let tableName: string;
    ({ dynamo, store: reference, tableName } = await startTestStore());
    void tableName;
    // the reference: the same events in the same batches, nothing failing
    const done = await ingestUntilDone(inputs, (batch) => ingest(batch, { store: reference }), {
      batchSize: 10,
      maxRounds: 1,
    });
    expect(done.failures).toBe(0);
  });
  afterAll(async () => {
    await dynamo.close();
  });

  async function runWithFaults(seed: number, maxAttempts: number) {
    const tableName = await freshTable();
    const { client, log } = faultyClient(dynamo.endpoint, { rate: 0.25, seed, maxAttempts });
    const faulty = new DynamoDbEvidenceStore({ tableName, client });
    const done = await ingestUntilDone(inputs, (batch: IngestInput[]) => ingest(batch, { store: faulty }), {
      batchSize: 10,
      maxRounds: 40,
    });
    client.destroy();
    // read back without faults
    return { done, log, clean: new DynamoDbEvidenceStore({ tableName, client: dynamo.client }) };
  }

  async function expectNothingLost(result: Awaited<ReturnType<typeof runWithFaults>>) {
    const { done, log, clean } = result;
    // Assess: faults really happened, on both sides of the server
    expect(log.injected.length).toBeGreaterThan(20);
    expect(log.afterWrite).toBeGreaterThan(5);
    // every input ended somewhere final
    expect(
      done.statuses.filter((s) => s === 'failed'),
      done.lastErrors.slice(0, 5).join('\n'),
    ).toEqual([]);
    const statuses = new Set(done.statuses);
    for (const s of statuses) expect(['stored', 'duplicate', 'unchanged', 'quarantined']).toContain(s);
    const { eventRecords } = await checkChains(clean);
    // every event stored is on exactly one record (checkChains already refused any event on two)
    inputs.forEach((_, i) => {
      const key = eventOf[i];
      if (done.statuses[i] === 'stored') expect(eventRecords.get(key ?? '')).toBe(1);
      if (done.statuses[i] === 'quarantined') expect(key).toBeUndefined();
    });
    // an event not on a chain was unchanged state, and at least one copy of it said so
    const unchanged = new Set(eventOf.filter((_, i) => done.statuses[i] === 'unchanged'));
    for (const key of eventOf)
      if (key && !eventRecords.has(key)) expect(unchanged.has(key), key.replace('\u0000', ' ')).toBe(true);
    // every malformed input is kept
    const kept = new Set<number>();
    for await (const q of clean.listQuarantine()) kept.add(Number(q.origin.split('#')[1]));
    inputs.forEach((_, i) => {
      if (eventOf[i] === undefined) expect(kept.has(i)).toBe(true);
    });
    expect(await postureOf(clean)).toEqual(await postureOf(reference));
  }

  it('with the SDK retrying: nothing lost, no duplicate, no fork, same posture', async () => {
    const result = await runWithFaults(7, 3);
    await expectNothingLost(result);
  });

  it("with the SDK's retries off: the store's retries, the commit protocol or redelivery settle every fault", async () => {
    const result = await runWithFaults(11, 1);
    // head writes applied but reported failed, which only ingest itself can settle (it reads the head)
    const ambiguous = result.log.injected.filter(
      (f) => f.command === 'PutItemCommand' && f.timing === 'after',
    );
    expect(ambiguous.length).toBeGreaterThan(3);
    await expectNothingLost(result);
  });
});
