import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../dynamodb/retry';
import type { TableClient } from '../dynamodb/table-client';
import { type DirLock, lockDirectory } from './dir-lock';
import { LocalTableClient } from './local-table-client';

/** A DynamoDB-API server (dynalite) running inside this process, persisted under `dataDir`. */
export interface EmbeddedDynamo {
  endpoint: string;
  /** the store's own client (local-table-client.ts): the adapters' requests without the SDK's pipeline */
  client: TableClient;
  /** Asks the store's thread for a full garbage collection (see cli/memory.ts); it runs between requests. */
  collectGarbage(): void;
  /**
   * Closes LevelDB in the store's thread, waits for the thread to end, then releases the directory's
   * lock. Safe to call more than once; a process that never calls it closes the store before it exits.
   */
  close(): Promise<void>;
}

/** How long the thread may take to close LevelDB (dynalite itself gives up after 30 s). */
const CLOSE_TIMEOUT_MS = 35_000;
/** How long a thread that acknowledged its close may take to end before it is stopped. */
const EXIT_TIMEOUT_MS = 5_000;

/**
 * Region and credentials for local endpoints: dynalite accepts any, so none of the user's are sent.
 * The store retries its own requests (core/adapters/dynamodb/retry.ts), so the SDK's retries are off.
 */
export function localClient(endpoint: string): DynamoDBClient {
  return dynamoDbClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** The lock file that keeps a second process out of the store in `dataDir`: beside it, `<dir>.lock`. */
export function storeLockPath(dataDir: string): string {
  return `${resolve(dataDir)}.lock`;
}

/**
 * Starts dynalite on 127.0.0.1 (a random free port) in a worker thread, with its LevelDB files in
 * `dataDir`, or fully in memory when `dataDir` is undefined (tests). LevelDB admits one process at a
 * time, so `dataDir` is locked first: while another process has it open this throws `StoreBusyError`
 * naming `busyName` (default `dataDir`), rather than starting a store whose every request would fail.
 */
export async function startEmbeddedDynamo(dataDir?: string, busyName?: string): Promise<EmbeddedDynamo> {
  let lock: DirLock | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lock = lockDirectory(storeLockPath(dataDir), busyName ?? dataDir);
  }
  const thread = new StoreThread(dataDir);
  let port: number;
  try {
    port = await thread.started;
  } catch (error) {
    await thread.stop();
    lock?.release();
    throw error;
  }
  thread.unref();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new LocalTableClient(endpoint);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      process.off('beforeExit', close);
      client.destroy();
      await thread.stop();
      lock?.release();
    })();
    return closing;
  };
  // a caller that forgot to close (or failed before it could) still gets an orderly close: the
  // thread is never torn down by the process exiting while LevelDB is open
  process.once('beforeExit', close);
  return { endpoint, client, close, collectGarbage: () => thread.collectGarbage() };
}

/**
 * The store's thread's young generation (V8's default is 3 x 16 MB semi-spaces on 64-bit): dynalite's
 * garbage is short-lived request handling, and a smaller nursery keeps the thread's resident size down.
 */
const STORE_YOUNG_GENERATION_MB = 16;

/** The store's thread: started listening on a port, and stopped only once LevelDB is closed. */
class StoreThread {
  private readonly worker: Worker;
  private exited = false;
  /** settles when the thread has ended, however it ended */
  private readonly ended: Promise<void>;
  /** the port dynalite listens on */
  readonly started: Promise<number>;

  constructor(dataDir: string | undefined) {
    const worker = new Worker(new URL('./dynalite-worker.mjs', import.meta.url), {
      workerData: { path: dataDir },
      resourceLimits: { maxYoungGenerationSizeMb: STORE_YOUNG_GENERATION_MB },
    });
    this.worker = worker;
    // errors the thread reports after it started fail the requests they concern; they must not end
    // the process with the thread's stack trace
    worker.on('error', () => {});
    this.ended = new Promise<void>((resolve) =>
      worker.once('exit', () => {
        this.exited = true;
        resolve();
      }),
    );
    this.started = new Promise<number>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`embedded store thread exited with code ${code}`));
      worker.once('exit', onExit);
      worker.once('message', (m: { type: string; port?: number; message?: string }) => {
        worker.off('exit', onExit);
        if (m.type === 'listening' && m.port) resolve(m.port);
        else reject(new Error(`embedded store did not start: ${m.message ?? m.type}`));
      });
    });
  }

  /** Asks the thread for a full garbage collection, unless it has ended. */
  collectGarbage(): void {
    if (!this.exited) this.worker.postMessage('collect');
  }

  /** Lets the process exit while the store is idle; `stop` keeps it alive while it closes. */
  unref(): void {
    this.worker.unref();
  }

  /**
   * Asks the thread to close dynalite and LevelDB, waits for its acknowledgement and for it to end by
   * itself. It is terminated only when it does neither in time (a hung close), never while closing.
   */
  async stop(): Promise<void> {
    if (this.exited) return;
    const worker = this.worker;
    const acknowledged = new Promise<void>((resolve) => {
      const onMessage = (m: { type?: string }) => {
        if (m?.type !== 'closed') return;
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
    });
    worker.ref();
    try {
      worker.postMessage('close');
      if (await within(Promise.race([acknowledged, this.ended]), CLOSE_TIMEOUT_MS))
        await within(this.ended, EXIT_TIMEOUT_MS);
      if (!this.exited) await worker.terminate();
    } finally {
      worker.unref();
    }
  }
}

/** Whether `promise` settles within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
