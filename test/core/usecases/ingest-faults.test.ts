import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEvidenceStore } from '../../../core/adapters/dynamodb/store';
import { ensureTable } from '../../../core/adapters/dynamodb/table-bootstrap';
import type { EmbeddedDynamo } from '../../../core/adapters/embedded/embedded-store';
import { ingest } from '../../../core/usecases/ingest';
import { verifyStore } from '../../../core/usecases/verify-store';
import { setAt } from '../../fixtures/builders';
import { logGroupItem, retentionCall } from '../../helpers/events';
import { checkChains } from '../../helpers/fault-scenario';
import { type FaultOptions, faultyClient } from '../../helpers/faults';
import { startTestStore } from '../../helpers/store';

const inputsOf = (events: unknown[], tag: string) => events.map((raw, i) => ({ raw, origin: `${tag}#${i}` }));

/** Regression tests for what the fault runs found, each fault placed exactly. */
describe('ingest when a single DynamoDB call fails', () => {
  let dynamo: EmbeddedDynamo;
  let tables = 0;

  beforeAll(async () => {
    ({ dynamo } = await startTestStore());
  });
  afterAll(async () => {
    await dynamo.close();
  });

  async function stores(faults: FaultOptions & { maxAttempts?: number }) {
    const tableName = `single-fault-${++tables}`;
    await ensureTable(dynamo.client, tableName);
    const { client, log } = faultyClient(dynamo.endpoint, faults);
    return {
      faulty: new DynamoDbEvidenceStore({ tableName, client }),
      clean: new DynamoDbEvidenceStore({ tableName, client: dynamo.client }),
      log,
    };
  }

  const events = () => [
    logGroupItem('/a', '2026-10-01T00:00:00.000Z', 30),
    logGroupItem('/a', '2026-10-02T00:00:00.000Z', 7),
    retentionCall('/b', '2026-10-01T00:00:00.000Z', 365),
  ];

  it('keeps the records of a head write whose response was lost (it was applied)', async () => {
    // Prepare: every head write is applied by the server, then reported failed
    const { faulty, clean, log } = await stores({
      rate: 1,
      seed: 1,
      commands: ['PutItemCommand'],
      timings: ['after'],
      maxFaults: 2,
      maxAttempts: 1,
    });

    // Act
    const result = await ingest(inputsOf(events(), 'lost'), { store: faulty });

    // Assess: the heads are ours, so the inputs are stored and their records still there
    expect(log.afterWrite).toBe(2);
    expect(result.failed).toEqual([]);
    expect(result.statuses).toEqual(['stored', 'stored', 'stored']);
    const report = await verifyStore(clean);
    expect(report.problems).toEqual([]);
    expect(report.records).toBe(3);
  });

  it("keeps the records when the SDK's retry of an applied head write fails its condition", async () => {
    // Prepare: the first head write is applied but answered with a 500; the SDK retries it, and the
    // retry finds the head already moved (by itself): ConditionalCheckFailedException
    const { faulty, clean, log } = await stores({
      rate: 1,
      seed: 2,
      commands: ['PutItemCommand'],
      kinds: ['server-error'],
      timings: ['after'],
      maxFaults: 1,
      maxAttempts: 2,
    });

    // Act
    const result = await ingest(inputsOf(events(), 'retried'), { store: faulty });

    // Assess
    expect(log.afterWrite).toBe(1);
    expect(result.failed).toEqual([]);
    const report = await verifyStore(clean);
    expect(report.problems).toEqual([]);
    expect(report.records).toBe(3);
    await checkChains(clean);
  });

  it('gets a batch through one throttled read without the SDK retrying', async () => {
    // Prepare: the chain exists, so a re-sent event needs its source-event markers read
    const { faulty, clean, log } = await stores({
      rate: 1,
      seed: 3,
      commands: ['QueryCommand'],
      kinds: ['throttling'],
      timings: ['before'],
      maxFaults: 1,
      maxAttempts: 1,
    });
    await ingest(inputsOf(events(), 'first'), { store: clean });

    // Act
    const result = await ingest(inputsOf(events(), 'again'), { store: faulty });

    // Assess
    expect(log.injected).toHaveLength(1);
    expect(result.failed).toEqual([]);
    expect(result.duplicates).toBe(3);
  });

  it('does not store an event twice when its commit lost its markers and the chain moved on', async () => {
    // Prepare: the API call's commit is applied, then every later write fails (markers included)
    const { faulty, clean } = await stores({ rate: 0, seed: 4, maxAttempts: 1, dieAfter: 3 });
    const call = retentionCall('/c', '2026-10-01T00:00:00.000Z', 30);
    const first = await ingest(inputsOf([call], 'crash'), { store: faulty });
    expect(first.failed).toHaveLength(1);
    // another event of the same subject commits before SQS redelivers the first
    const later = await ingest(inputsOf([retentionCall('/c', '2026-10-03T00:00:00.000Z', 7)], 'later'), {
      store: clean,
    });
    expect(later.stored).toBe(1);

    // Act
    const redelivered = await ingest(inputsOf([call], 'crash'), { store: clean });

    // Assess
    expect(redelivered.failed).toEqual([]);
    expect(redelivered.statuses).toEqual(['duplicate']);
    const { eventRecords } = await checkChains(clean);
    expect([...eventRecords.keys()].filter((k) => k.includes(':log-group:/c'))).toHaveLength(2);
  });

  it('records a re-seen state that is newer than a verdict another source set since', async () => {
    // Prepare: the group never expires (Config), then an API call sets 7 days, then Config sees the
    // group never expiring again: the same state as its last item, but newer than the API call
    const { clean } = await stores({ rate: 0, seed: 5 });
    const events = [
      logGroupItem('/p', '2026-10-01T00:00:00.000Z'),
      retentionCall('/p', '2026-10-02T00:00:00.000Z', 7),
      logGroupItem('/p', '2026-10-03T00:00:00.000Z'),
    ];

    // Act
    const result = await ingest(inputsOf(events, 'seen-again'), { store: clean });

    // Assess: the latest evidence decides, whatever came in between
    expect(result.statuses).toEqual(['stored', 'stored', 'stored']);
    const heads = await clean.getHeads([`arn:aws:logs:eu-west-1:444455556666:log-group:/p`]);
    const head = [...heads.values()][0];
    expect(head?.posture['log-retention']?.status).toBe('COMPLIANT');
    expect(head?.posture['log-retention']?.observedAt).toBe('2026-10-03T00:00:00.000Z');
  });

  it('quarantines an event whose record would not fit in one item, instead of failing its batch', async () => {
    // Prepare: a configuration of 500 KB, and a good event in the same batch
    const { clean } = await stores({ rate: 0, seed: 7 });
    const big = logGroupItem('/big', '2026-10-01T00:00:00.000Z', 30);
    setAt(big, ['detail', 'configurationItem', 'configuration', 'description'], 'x'.repeat(500_000));

    // Act
    const result = await ingest(
      inputsOf([big, logGroupItem('/small', '2026-10-01T00:00:00.000Z', 30)], 'big'),
      {
        store: clean,
      },
    );

    // Assess
    expect(result.statuses).toEqual(['quarantined', 'stored']);
    expect(result.quarantined[0]?.reason).toMatch(
      /evidence record would be \d+ bytes, more than one item holds/,
    );
  });
});
