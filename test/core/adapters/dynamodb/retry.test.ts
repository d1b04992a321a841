import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamoDbClient, isRetryable, RETRY_POLICY } from '../../../../core/adapters/dynamodb/retry';
import { DynamoDbEvidenceStore } from '../../../../core/adapters/dynamodb/store';
import { ChainConflictError, StoreUnavailableError } from '../../../../core/ports/errors';
import { SUBJECT } from '../../../fixtures/builders';

const dynamo = mockClient(DynamoDBClient);
const $metadata = { httpStatusCode: 400 };
const throttled = () => new ThrottlingException({ message: 'slow down', $metadata });
const store = () =>
  new DynamoDbEvidenceStore({ tableName: 'evidence', client: new DynamoDBClient({ region: 'local' }) });
const head = {
  subjectKey: 'k',
  subject: SUBJECT,
  sequence: 1,
  recordHash: 'a'.repeat(64),
  lastObservedAt: '2025-03-01T00:00:00.000Z',
  facets: {},
  posture: {},
  lastBatch: [],
};
const marker = (eventId: string) => ({
  subjectKey: 'k',
  sequence: 1,
  tip: 'a'.repeat(64),
  events: [{ subjectKey: 'k', eventId, observedAt: '2025-03-01T00:00:00.000Z' }],
});

afterEach(() => {
  dynamo.reset();
});

describe('the evidence table retry policy', () => {
  it('classifies throttling, server and network faults as worth another try, answers as not', () => {
    // Prepare
    const network = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const validation = new DynamoDBServiceException({
      name: 'ValidationException',
      $fault: 'client',
      message: 'bad request',
      $metadata,
    });

    // Assess
    expect(isRetryable(throttled())).toBe(true);
    expect(isRetryable(new ProvisionedThroughputExceededException({ message: 'x', $metadata }))).toBe(true);
    expect(isRetryable(new InternalServerError({ message: 'x', $metadata: { httpStatusCode: 500 } }))).toBe(
      true,
    );
    expect(isRetryable(network)).toBe(true);
    expect(isRetryable(Object.assign(new Error('late'), { name: 'TimeoutError' }))).toBe(true);
    expect(isRetryable(new ConditionalCheckFailedException({ message: 'x', $metadata }))).toBe(false);
    expect(isRetryable(validation)).toBe(false);
    expect(isRetryable(new Error('a bug'))).toBe(false);
    expect(isRetryable('not an error')).toBe(false);
  });

  it("turns the SDK's own retries off in the clients it makes", async () => {
    expect(await dynamoDbClient({ region: 'local' }).config.maxAttempts()).toBe(1);
  });

  it('sends a throttled request again until it gets through', async () => {
    // Prepare
    dynamo
      .on(BatchGetItemCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ Responses: {} });

    // Act
    const heads = await store().getHeads(['k']);

    // Assess
    expect(heads.size).toBe(0);
    expect(dynamo.commandCalls(BatchGetItemCommand)).toHaveLength(3);
  });

  it('gives up after the attempts of the policy, with the last error', async () => {
    // Prepare
    dynamo.on(BatchGetItemCommand).rejects(throttled());

    // Act / Assess
    await expect(store().getHeads(['k'])).rejects.toThrow(ThrottlingException);
    expect(dynamo.commandCalls(BatchGetItemCommand)).toHaveLength(RETRY_POLICY.attempts);
  });

  it('never sends again a request refused for what it asked', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'moved', $metadata }));

    // Act / Assess: a refused head condition is a conflict, at once
    await expect(store().commitHead(head, 0)).rejects.toThrow(ChainConflictError);
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(1);
  });

  it('sends again what a batch left unprocessed, and gives up when it makes no progress', async () => {
    // Prepare: the first request leaves one of two items unprocessed, the second processes it
    const requests = (n: number) =>
      dynamo.commandCalls(BatchWriteItemCommand)[n]?.args[0].input.RequestItems?.evidence ?? [];
    dynamo
      .on(BatchWriteItemCommand)
      .callsFakeOnce((input) => ({ UnprocessedItems: { evidence: input.RequestItems.evidence.slice(1) } }))
      .resolvesOnce({});

    // Act
    await store().markSourceEvents([marker('a'), { ...marker('b'), sequence: 2 }]);

    // Assess
    expect(requests(0)).toHaveLength(2);
    expect(requests(1)).toEqual([requests(0)[1]]);

    // Prepare: DynamoDB never processes anything
    dynamo.reset();
    dynamo
      .on(BatchWriteItemCommand)
      .callsFake((input) => ({ UnprocessedItems: { evidence: input.RequestItems.evidence } }));

    // Act / Assess
    await expect(store().markSourceEvents([marker('c')])).rejects.toThrow(StoreUnavailableError);
    expect(dynamo.commandCalls(BatchWriteItemCommand)).toHaveLength(RETRY_POLICY.attempts);
  });
});
