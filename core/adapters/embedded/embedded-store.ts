import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../dynamodb/retry';

/** A DynamoDB-API server (dynalite) running inside this process, persisted under `dataDir`. */
export interface EmbeddedDynamo {
  endpoint: string;
  client: DynamoDBClient;
  close(): Promise<void>;
}

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

/**
 * Starts dynalite on 127.0.0.1 (a random free port) in a worker thread, with its LevelDB files in
 * `dataDir`, or fully in memory when `dataDir` is undefined (tests).
 */
export async function startEmbeddedDynamo(dataDir?: string): Promise<EmbeddedDynamo> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const worker = new Worker(new URL('./dynalite-worker.mjs', import.meta.url), {
    workerData: { path: dataDir },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`embedded store thread exited with code ${code}`)));
    worker.once('message', (m: { type: string; port?: number; message?: string }) => {
      if (m.type === 'listening' && m.port) resolve(m.port);
      else reject(new Error(`embedded store did not start: ${m.message ?? m.type}`));
    });
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  worker.unref();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('message', done);
        worker.once('exit', done);
        worker.postMessage('close');
        setTimeout(done, 2000).unref();
      });
      await worker.terminate();
    },
  };
}
