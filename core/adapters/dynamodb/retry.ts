/**
 * The one retry policy of the evidence table. Every request the adapter makes goes through `send` (or
 * the batch loops in batch.ts, which follow the same policy): a request that fails with throttling, a
 * server error or a transient network error is sent again, up to `RETRY_POLICY.attempts` times in
 * all, after an exponential, jittered delay. Nothing else retries:
 * - the SDK client's own retries are off (`dynamoDbClient` sets `maxAttempts: 1`); a client injected
 *   into the store should be made the same way, or each of its attempts multiplies these;
 * - the ingest use case does not retry a failed store step: the input is reported failed, and SQS (or
 *   the caller) delivers it again. What ingest does after a failed head write (read the head to learn
 *   whether the write was applied; re-plan on a head that moved) is its commit protocol, not a retry.
 *
 * Retrying here rather than in the SDK keeps one throttled request among the many of a batch (one per
 * subject) from failing the whole batch, whatever client the store is given. A conditional write sent
 * again after it was applied fails its own condition; each caller settles that: a head commit from the
 * head itself, a checkpoint as "already there", a quarantine update as "redriven since".
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';

/** Attempts per request (the first included), and the delay before each retry: base * 2^n, capped. */
export const RETRY_POLICY = { attempts: 5, baseDelayMs: 25, maxDelayMs: 1_000 } as const;

/** An SDK client for the evidence table, with the SDK's retries off: the adapter retries (see above). */
export function dynamoDbClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({ ...config, maxAttempts: 1 });
}

/** Runs a request under the retry policy. */
export async function withRetries<O>(request: () => Promise<O>): Promise<O> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= RETRY_POLICY.attempts || !isRetryable(error)) throw error;
      await retryDelay(attempt);
    }
  }
}

/** Waits before retry number `retry` (1 for the first): exponential, half of it random. */
export function retryDelay(retry: number): Promise<void> {
  const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** (retry - 1));
  return new Promise((r) => setTimeout(r, ceiling * (0.5 + Math.random() / 2)));
}

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);
const TRANSIENT = new Set(['InternalServerError', 'ServiceUnavailable', 'TimeoutError', 'RequestTimeout']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
const SdkErrorShape = z.object({
  $metadata: z.object({ httpStatusCode: z.number().optional() }).optional(),
  $retryable: z.unknown().optional(),
  code: z.string().optional(),
});

/**
 * Throttling, a server-side failure or a dropped connection: worth sending again. A refused condition,
 * a validation error or a missing table is an answer, never retried.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (THROTTLING.has(error.name) || TRANSIENT.has(error.name)) return true;
  const shape = SdkErrorShape.safeParse(error);
  if (!shape.success) return false;
  const status = shape.data.$metadata?.httpStatusCode ?? 0;
  return (
    shape.data.$retryable !== undefined ||
    status >= 500 ||
    status === 429 ||
    NETWORK_CODES.has(shape.data.code ?? '')
  );
}

/** Whether DynamoDB refused a conditional write because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
