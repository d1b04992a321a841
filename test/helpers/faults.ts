/**
 * Fault injection for the DynamoDB client: SDK middleware that fails a seeded pseudo-random share of
 * calls the way DynamoDB does under load (throttling, capacity, HTTP 500), either before the request
 * reaches the server (nothing happened) or after the server answered (the write happened, the caller
 * sees a failure). It sits in the deserialize step, inside the SDK's retry middleware, so with
 * `maxAttempts > 1` the SDK retries the faults as it would real ones, and with `maxAttempts: 1` the
 * caller's own handling is exercised.
 */
import {
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';

/** A small seeded PRNG (mulberry32): the same seed replays the same faults for the same call order. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultKind = 'throttling' | 'capacity' | 'server-error';
export type FaultTiming = 'before' | 'after';

export interface FaultOptions {
  /** share of calls that fail, 0..1 */
  rate: number;
  seed: number;
  /** which errors to throw (default: all three) */
  kinds?: FaultKind[];
  /** when to fail: before the request is sent, after the server answered (default: both) */
  timings?: FaultTiming[];
  /** only these commands are faulted (default: all), e.g. ['PutItemCommand'] */
  commands?: string[];
  /** at most this many faults in all (default: no limit) */
  maxFaults?: number;
  /** after this many requests, every request fails before it is sent: the store "dies" */
  dieAfter?: number;
}

/** What the layer did, for assertions that faults really happened. */
export interface FaultLog {
  calls: number;
  injected: { command: string; kind: FaultKind; timing: FaultTiming }[];
  /** how many injected faults hit a request that the server had already applied */
  afterWrite: number;
}

function faultError(kind: FaultKind, command: string): Error {
  const $metadata = { httpStatusCode: kind === 'server-error' ? 500 : 400, attempts: 1 };
  const message = `injected ${kind} fault on ${command}`;
  if (kind === 'throttling') return new ThrottlingException({ message, $metadata });
  if (kind === 'capacity') return new ProvisionedThroughputExceededException({ message, $metadata });
  return new InternalServerError({ message, $metadata });
}

/** Adds the fault layer to a client; returns the log of what it injected. */
export function injectFaults(client: DynamoDBClient, options: FaultOptions): FaultLog {
  const random = seededRandom(options.seed);
  const kinds = options.kinds ?? ['throttling', 'capacity', 'server-error'];
  const timings = options.timings ?? ['before', 'after'];
  const log: FaultLog = { calls: 0, injected: [], afterWrite: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      log.calls++;
      if (options.dieAfter !== undefined && log.calls > options.dieAfter) {
        log.injected.push({ command, kind: 'server-error', timing: 'before' });
        throw faultError('server-error', command);
      }
      const eligible = !options.commands || options.commands.includes(command);
      // draw every time, so the sequence of faults depends only on the seed and the call order
      const roll = random();
      const kind = kinds[Math.floor(random() * kinds.length)] ?? 'server-error';
      const timing = timings[Math.floor(random() * timings.length)] ?? 'before';
      const spent = options.maxFaults !== undefined && log.injected.length >= options.maxFaults;
      if (!eligible || spent || roll >= options.rate) return next(args);
      log.injected.push({ command, kind, timing });
      if (timing === 'before') throw faultError(kind, command);
      await next(args);
      log.afterWrite++;
      throw faultError(kind, command);
    },
    { step: 'deserialize', name: 'injectFaults', priority: 'high' },
  );
  return log;
}

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/**
 * The SDK's retry loop with its classification (throttling, transient, server errors) but delays of a
 * few milliseconds: the standard strategy waits up to seconds per throttle, which would make a test
 * with hundreds of injected faults take minutes without exercising anything more.
 */
function quickRetries(maxAttempts: number) {
  const token = (count: number): RetryToken => ({
    getRetryCount: () => count,
    getRetryDelay: () => 2 + count * 3,
  });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: { errorType: string }) => {
      const count = previous.getRetryCount() + 1;
      if (count >= maxAttempts || info.errorType === 'CLIENT_ERROR') throw new Error('no more retries');
      return token(count);
    },
    recordSuccess: () => undefined,
  };
}

/** A client for a local endpoint with the fault layer on, and the SDK's retries as given. */
export function faultyClient(
  endpoint: string,
  options: FaultOptions & { maxAttempts?: number },
): { client: DynamoDBClient; log: FaultLog } {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: options.maxAttempts ?? 5,
    retryStrategy: quickRetries(options.maxAttempts ?? 5),
  });
  return { client, log: injectFaults(client, options) };
}
