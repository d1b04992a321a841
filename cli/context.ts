import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import { ensureTable } from '../core/adapters/dynamodb/table-bootstrap';
import { DEFAULT_TABLE_NAME } from '../core/adapters/dynamodb/table-schema';
import {
  type EmbeddedDynamo,
  localClient,
  startEmbeddedDynamo,
} from '../core/adapters/embedded/embedded-store';
import { StoreBusyError, StoreUnavailableError, UsageError } from '../core/ports/errors';
import { defaultEvidenceConfig, type EvidenceConfig, loadEvidenceConfig } from '../core/usecases/config';

export interface GlobalOptions {
  json?: boolean;
  dataDir: string;
  endpoint?: string;
  table: string;
  config?: string;
}

export interface CliContext {
  store: DynamoDbEvidenceStore;
  config: EvidenceConfig;
  where: string;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = '.evidence';
export const DEFAULT_CONFIG_FILE = 'evidence.config.json';

function isAwsEndpoint(endpoint: string): boolean {
  return /\.amazonaws\.com(\.cn)?(:\d+)?\/?$/i.test(new URL(endpoint).host);
}

export function readConfig(opts: GlobalOptions): EvidenceConfig {
  if (opts.config) return loadEvidenceConfig(opts.config);
  if (existsSync(DEFAULT_CONFIG_FILE)) return loadEvidenceConfig(DEFAULT_CONFIG_FILE);
  return defaultEvidenceConfig();
}

/**
 * Opens the store the options name: any DynamoDB endpoint with --endpoint (AWS uses the caller's
 * credentials; other endpoints get a table created when missing), else the embedded store in --data-dir.
 */
export async function openContext(opts: GlobalOptions): Promise<CliContext> {
  const config = readConfig(opts);
  const table = opts.table || DEFAULT_TABLE_NAME;
  if (opts.endpoint) {
    let url: URL;
    try {
      url = new URL(opts.endpoint);
    } catch {
      throw new UsageError(`--endpoint is not a URL: ${opts.endpoint}`);
    }
    const aws = isAwsEndpoint(url.href);
    const client = aws ? new DynamoDBClient({ endpoint: url.href }) : localClient(url.href);
    if (!aws) await withStore(url.href, () => ensureTable(client, table));
    return {
      store: new DynamoDbEvidenceStore({ tableName: table, client }),
      config,
      where: `${url.href} table ${table}`,
      close: async () => client.destroy(),
    };
  }
  const dir = resolve(opts.dataDir || DEFAULT_DATA_DIR, 'store');
  let embedded: EmbeddedDynamo;
  try {
    embedded = await startEmbeddedDynamo(dir, opts.dataDir || DEFAULT_DATA_DIR);
  } catch (error) {
    if (error instanceof StoreBusyError) throw error;
    throw new StoreUnavailableError(`cannot open the embedded store in ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  await withStore(dir, () => ensureTable(embedded.client, table)).catch(async (error) => {
    await embedded.close();
    throw error;
  });
  return {
    store: new DynamoDbEvidenceStore({ tableName: table, client: embedded.client }),
    config,
    where: `embedded store ${join(opts.dataDir || DEFAULT_DATA_DIR, 'store')}`,
    close: () => embedded.close(),
  };
}

async function withStore<T>(where: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const e = error as Error;
    const hint = /LOCK|lock/.test(e.message) ? ' (is another evidence command using this data dir?)' : '';
    throw new StoreUnavailableError(`store at ${where} is not usable: ${e.name}: ${e.message}${hint}`, {
      cause: error,
    });
  }
}
