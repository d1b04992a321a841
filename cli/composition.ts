/**
 * The CLI's composition root: the one place that turns the global options (--data-dir, --endpoint,
 * --table, --config, --slack-webhook, --signing-key, --anchors) into adapters. Commands receive a
 * Composition and see only ports (EvidenceStore, EvidenceReader, Signer, DocumentStore, Notifier,
 * SweepCollector); nothing is built before a command asks for it, so `--help` or a rejected flag never
 * starts the embedded store.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDbEvidenceReader } from '../core/adapters/dynamodb/evidence-reader';
import { dynamoDbClient } from '../core/adapters/dynamodb/retry';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import { ensureTable } from '../core/adapters/dynamodb/table-bootstrap';
import { DEFAULT_TABLE_NAME } from '../core/adapters/dynamodb/table-schema';
import { lockDirectory } from '../core/adapters/embedded/dir-lock';
import {
  type EmbeddedDynamo,
  localClient,
  startEmbeddedDynamo,
  storeLockPath,
} from '../core/adapters/embedded/embedded-store';
import { LocalAnchorStore } from '../core/adapters/local-anchor-store';
import { LocalDocumentStore } from '../core/adapters/local-document-store';
import { LOCAL_KEY_FILE, LocalEd25519Signer, publicKeyPathOf } from '../core/adapters/local-signer';
import { parseS3Url, S3AnchorStore } from '../core/adapters/s3-anchor-store';
import { S3DocumentStore } from '../core/adapters/s3-document-store';
import { SlackWebhookNotifier } from '../core/adapters/slack-notifier';
import {
  createSweepClients,
  destroySweepClients,
  SWEEP_SERVICES,
  type SweepClients,
  type SweepService,
  sweepCollectors,
} from '../core/adapters/sweep';
import type { AnchorStore } from '../core/ports/anchor-store';
import type { DocumentStore } from '../core/ports/document-store';
import { StoreBusyError, StoreUnavailableError, UsageError } from '../core/ports/errors';
import type { EvidenceStore } from '../core/ports/evidence-store';
import type { NotificationLedger, Notifier } from '../core/ports/notifier';
import type { Signer } from '../core/ports/signer';
import type { SweepCollector } from '../core/ports/sweep-collector';
import type { TreeHeadStore } from '../core/ports/tree-head-store';
import { defaultEvidenceConfig, type EvidenceConfig, loadEvidenceConfig } from '../core/usecases/config';
import type { LocalExportDeps } from '../core/usecases/export-binder/local-export';
import { type SignTreeHeadResult, signTreeHead } from '../core/usecases/tree-heads';
import type { ExportResult } from '../evidence-schemas/export-request';
import { DEFAULT_DATA_DIR } from './defaults';
import { claimDemoDirectory } from './demo/data-dir';
import { collectBatchGarbage } from './memory';
import { type SlackNotifications, type SlackOptions, slackNotifications } from './notify';
import { invokeRemoteBinder, type RemoteBinderRequest } from './remote-binder';
import type { ShardedBinderRequest } from './remote-sharded-binder';
import { storeAnchorDir, userDirs } from './user-dirs';

export type { RemoteBinderRequest };
export { DEFAULT_DATA_DIR, DEFAULT_TABLE_NAME };

export interface GlobalOptions {
  json?: boolean;
  dataDir: string;
  endpoint?: string;
  table: string;
  config?: string;
  /** the Ed25519 private key (PEM) that signs; default EVIDENCE_SIGNING_KEY, else the user's config directory */
  signingKey?: string;
  /** where tree heads and checkpoints are anchored: a directory or s3://bucket/prefix */
  anchors?: string;
}

export interface DocumentOptions {
  documentsBucket?: string;
}

export const DEFAULT_CONFIG_FILE = 'evidence.config.json';

/** The store as the CLI uses it: evidence, and the ledger of Slack notifications sent. */
export type CliStore = EvidenceStore & NotificationLedger & TreeHeadStore;

/** What the binder's ports are made of, beyond the store. */
export interface BinderPortOptions extends DocumentOptions {
  /** sign the manifest with the local key (created on first use) */
  sign: boolean;
  /** the documents beside the embedded store, whatever the configuration names (the demo's own) */
  localDocuments?: boolean;
  /**
   * checkpoint the closed days first, where this store's checkpoints are the local key's to sign (the
   * embedded store; never an --endpoint table, whose checkpoints its own key signs)
   */
  anchorClosedDays?: boolean;
}

/** An open store, its configuration and the ports over it; `close` when done. */
export interface CliContext {
  readonly store: CliStore;
  readonly config: EvidenceConfig;
  /** where the store is, for people */
  readonly where: string;
  /** Drift notifications routed by --slack-webhook, SLACK_WEBHOOK_URL or the configuration. */
  slack(opts: SlackOptions): SlackNotifications;
  /**
   * The uploaded documents: an S3 bucket (--documents-bucket, else documents.bucket in the
   * configuration), else the folder `<data-dir>/blobs` beside the embedded store.
   */
  documents(opts: DocumentOptions): DocumentStore;
  /** the folder `<data-dir>/blobs`, whatever the configuration names */
  localDocuments(): DocumentStore;
  /** Everything a binder export reads and signs through, over this store. */
  binder(opts: BinderPortOptions): LocalExportDeps;
  /** where this store's tree heads and checkpoints are anchored, outside the data directory */
  readonly anchors: AnchorStore;
  /**
   * Signs a tree head over what is new in the log (records and quarantined input), when this store's
   * heads are the local key's to sign (not a table at an AWS endpoint, which its schedule signs).
   */
  sealLog(): Promise<SignTreeHeadResult | undefined>;
  /**
   * Between batches of a long command (ingest): a full garbage collection in this thread and in the
   * embedded store's, so memory follows one batch rather than the whole input (cli/memory.ts).
   */
  collectGarbage(): void;
  /** Closes the store; when the command wrote to the log, it is sealed with a signed tree head first. */
  close(): Promise<void>;
}

/**
 * The local Ed25519 key: it signs local binders, checkpoints and tree heads. It lives apart from the
 * data directory (--signing-key, EVIDENCE_SIGNING_KEY, else `<config dir>/keys`), so nobody who can
 * write the data directory can sign with it.
 */
export interface LocalKey {
  /** where the private key is */
  readonly path: string;
  /** the signer, its key created (0600) on first use */
  signer(): Signer;
  /** the public key file beside it (what `verify-store` checks signatures with), when there is one */
  publicKeyFilePem(): string | undefined;
}

/** One sweep's AWS collectors; `close` releases their clients. */
export interface SweepSource {
  /** --region, else the profile's or AWS_REGION; a UsageError when there is none */
  region(): Promise<string>;
  readonly collectors: SweepCollector[];
  close(): void;
}

export interface SweepSourceOptions {
  region?: string;
  profile?: string;
  /** only these services (names may be comma-separated); default all */
  services?: string[];
}

/** Runs the deployed export function and returns where it put the binder. */
export type RemoteBinder = (request: RemoteBinderRequest) => Promise<ExportResult>;
export type RemoteShardedBinder = (request: ShardedBinderRequest) => Promise<ExportResult>;

/** How a command opens the store. */
export interface OpenOptions {
  /**
   * The demo's store: the data directory must be new, empty or marked as the demo's (claimDemoDirectory),
   * and its embedded store is emptied first, under the store's lock.
   */
  fresh?: boolean;
  /**
   * A command that only reads: an embedded data directory that does not exist is a UsageError naming
   * it (a mistyped --data-dir must not be created and answered with an empty store's results).
   */
  existing?: boolean;
}

/** What a command is given: each port built on first use from the global options. */
export interface Composition {
  /** Reads the configuration and opens the store. */
  open(options?: OpenOptions): Promise<CliContext>;
  readonly localKey: LocalKey;
  /** where this store's tree heads and checkpoints are anchored */
  readonly anchors: AnchorStore;
  /** Checks the services named, then makes the AWS clients and one collector per service. */
  sweep(opts: SweepSourceOptions): SweepSource;
  /** an AWS Config client (the sweep's, with its retry settings) for reading configuration history */
  configHistory(opts: Omit<SweepSourceOptions, 'services'>): { client: ConfigServiceClient; close(): void };
  readonly remoteBinder: RemoteBinder;
  /** the sharded export state machine, started and followed to its end */
  readonly remoteShardedBinder: RemoteShardedBinder;
}

/** Makes the sweep's AWS clients; tests pass one that returns mocked clients. */
export type SweepClientFactory = (opts: { region?: string; profile?: string }) => SweepClients;

let clientFactory: SweepClientFactory = createSweepClients;

/** Replaces the sweep's client factory (tests); returns a function that restores the previous one. */
export function setSweepClientFactory(factory: SweepClientFactory): () => void {
  const previous = clientFactory;
  clientFactory = factory;
  return () => {
    clientFactory = previous;
  };
}

/** The adapters the options name, none built yet. */
export function compose(opts: GlobalOptions): Composition {
  const dirs = userDirs();
  const keyPath = resolve(
    opts.signingKey || process.env.EVIDENCE_SIGNING_KEY || join(dirs.configDir, 'keys', LOCAL_KEY_FILE),
  );
  let signer: LocalEd25519Signer | undefined;
  const localKey: LocalKey = {
    path: keyPath,
    signer: () => {
      signer ??= LocalEd25519Signer.openFile(keyPath);
      return signer;
    },
    publicKeyFilePem: () => {
      const file = publicKeyPathOf(keyPath);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
  };
  const anchorsLocation =
    opts.anchors ||
    process.env.EVIDENCE_ANCHORS ||
    storeAnchorDir(
      dirs.anchorsRoot,
      opts.endpoint
        ? { endpoint: opts.endpoint, table: opts.table || DEFAULT_TABLE_NAME }
        : { dataDir: opts.dataDir || DEFAULT_DATA_DIR },
    );
  const anchors = anchorStoreAt(anchorsLocation);
  return {
    async open(options = {}) {
      // the configuration first: a mistake in it is reported before any directory is looked at
      const config = readConfig(opts);
      const dataDir = opts.dataDir || DEFAULT_DATA_DIR;
      if (options.existing && !opts.endpoint && !existsSync(dataDir))
        throw new UsageError(
          `no evidence store in ${dataDir}: the directory does not exist (check --data-dir; ingest, sweep or demo create one)`,
        );
      if (options.fresh) {
        claimDemoDirectory(dataDir);
        if (!opts.endpoint) emptyDemoStore(dataDir, anchors, !opts.anchors && !process.env.EVIDENCE_ANCHORS);
      }
      const opened = await openStore(opts);
      let wrote = false;
      const store = watchWrites(opened.store, () => {
        wrote = true;
      });
      // a full collection in this thread and in the store's (between an ingest's batches, and while a
      // tree head reads the log)
      const collectGarbage = () => {
        collectBatchGarbage();
        opened.collectGarbage?.();
      };
      const sealLog = async () => {
        if (opened.aws) return undefined;
        wrote = false;
        return signTreeHead({
          store: opened.store,
          anchors,
          signer: localKey.signer(),
          graceMs: 0,
          collectGarbage,
        });
      };
      const blobsDir = join(opts.dataDir || DEFAULT_DATA_DIR, 'blobs');
      const documents = (o: DocumentOptions): DocumentStore => {
        const bucket = o.documentsBucket ?? config.documents.bucket;
        if (!bucket) return new LocalDocumentStore(blobsDir);
        return new S3DocumentStore({
          bucket,
          prefix: config.documents.prefix,
          ...(config.documents.kmsKeyArn ? { kmsKeyArn: config.documents.kmsKeyArn } : {}),
        });
      };
      let notifier: Notifier | undefined;
      return {
        store,
        config,
        where: opened.where,
        slack: (o) =>
          slackNotifications(
            {
              ledger: opened.store,
              heads: opened.store,
              notifier: () => {
                notifier ??= new SlackWebhookNotifier();
                return notifier;
              },
            },
            config,
            o,
          ),
        documents,
        localDocuments: () => new LocalDocumentStore(blobsDir),
        binder(o) {
          const signer = o.sign ? localKey.signer() : undefined;
          const anchor = o.anchorClosedDays === true && opened.embedded;
          return {
            reader: new DynamoDbEvidenceReader({ store: opened.store }),
            documents: o.localDocuments ? new LocalDocumentStore(blobsDir) : documents(o),
            ...(signer ? { signer } : {}),
            ...(anchor
              ? {
                  checkpoints: {
                    store,
                    anchors,
                    // the private key, not the public file: it is what signed the checkpoints
                    existingKeyPem: async () =>
                      existsSync(keyPath) ? localKey.signer().publicKeyPem() : undefined,
                  },
                }
              : {}),
          };
        },
        anchors,
        sealLog,
        collectGarbage,
        async close() {
          try {
            if (wrote) await sealLog();
          } finally {
            await opened.close();
          }
        },
      };
    },
    localKey,
    anchors,
    sweep(o) {
      const services = parseServices(o.services);
      const clients = clientFactory({
        ...(o.region ? { region: o.region } : {}),
        ...(o.profile ? { profile: o.profile } : {}),
      });
      return {
        async region() {
          try {
            return o.region ?? (await clients.config.config.region());
          } catch {
            throw new UsageError('no AWS region: pass --region or set AWS_REGION');
          }
        },
        collectors: sweepCollectors(clients, services),
        close: () => destroySweepClients(clients),
      };
    },
    configHistory(o) {
      const clients = clientFactory({
        ...(o.region ? { region: o.region } : {}),
        ...(o.profile ? { profile: o.profile } : {}),
      });
      return { client: clients.config, close: () => destroySweepClients(clients) };
    },
    remoteBinder: (request) => invokeRemoteBinder(request),
    remoteShardedBinder: async (request) =>
      (await import('./remote-sharded-binder')).runShardedBinder(request, {
        onWait: () => process.stderr.write('.'),
      }),
  };
}

/**
 * Removes the demo's embedded store (and its anchors, when they are the default ones beside nothing
 * else) while holding the store's lock: a demo still running on this directory keeps it, and this one
 * stops with StoreBusyError before anything of the other's is removed.
 */
function emptyDemoStore(dataDir: string, anchors: AnchorStore, ownAnchors: boolean): void {
  const lock = lockDirectory(storeLockPath(resolve(dataDir, 'store')), dataDir);
  try {
    rmSync(resolve(dataDir, 'store'), { recursive: true, force: true });
    // the store is new: the anchors of the one it replaces belong to nothing any more
    if (anchors instanceof LocalAnchorStore && ownAnchors)
      rmSync(anchors.location, { recursive: true, force: true });
  } finally {
    lock.release();
  }
}

/** The configuration file the options name, else ./evidence.config.json when present, else defaults. */
export function readConfig(opts: GlobalOptions): EvidenceConfig {
  if (opts.config) return loadEvidenceConfig(opts.config);
  if (existsSync(DEFAULT_CONFIG_FILE)) return loadEvidenceConfig(DEFAULT_CONFIG_FILE);
  return defaultEvidenceConfig();
}

function parseServices(values: string[] | undefined): SweepService[] {
  if (!values || values.length === 0) return [...SWEEP_SERVICES];
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const n of names)
    if (!(SWEEP_SERVICES as readonly string[]).includes(n))
      throw new UsageError(`--services: unknown service "${n}" (one of ${SWEEP_SERVICES.join(', ')})`);
  return SWEEP_SERVICES.filter((s) => names.includes(s));
}

/** The anchor store at a directory or an `s3://bucket/prefix` URL. */
export function anchorStoreAt(location: string): AnchorStore {
  if (location.startsWith('s3://')) {
    const url = parseS3Url(location);
    if (!url) throw new UsageError(`--anchors: not an s3://bucket/prefix URL: ${location}`);
    return new S3AnchorStore(url);
  }
  return new LocalAnchorStore(location);
}

/** Methods of the store that write to the evidence log. */
const LOG_WRITES = new Set(['putRecords', 'quarantine', 'commitHead']);

/** The store, telling `onWrite` when a command writes to the log (so its close signs a tree head). */
function watchWrites<T extends object>(store: T, onWrite: () => void): T {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      if (typeof name === 'string' && LOG_WRITES.has(name))
        return (...args: unknown[]) => {
          onWrite();
          return value.apply(target, args);
        };
      return value.bind(target);
    },
  });
}

function isAwsEndpoint(endpoint: string): boolean {
  return /\.amazonaws\.com(\.cn)?(:\d+)?\/?$/i.test(new URL(endpoint).host);
}

interface OpenedStore {
  store: DynamoDbEvidenceStore;
  where: string;
  /** the embedded store in --data-dir (its daily checkpoints are the local key's) */
  embedded: boolean;
  /** a table at an AWS endpoint: its heads and checkpoints are the deployed functions' to sign */
  aws: boolean;
  /** the embedded store's thread: a full garbage collection there */
  collectGarbage?: () => void;
  close(): Promise<void>;
}

/**
 * Opens the store the options name: any DynamoDB endpoint with --endpoint (AWS uses the caller's
 * credentials; other endpoints get a table created when missing), else the embedded store in --data-dir.
 */
async function openStore(opts: GlobalOptions): Promise<OpenedStore> {
  const table = opts.table || DEFAULT_TABLE_NAME;
  if (opts.endpoint) {
    let url: URL;
    try {
      url = new URL(opts.endpoint);
    } catch {
      throw new UsageError(`--endpoint is not a URL: ${opts.endpoint}`);
    }
    const aws = isAwsEndpoint(url.href);
    const client = aws ? dynamoDbClient({ endpoint: url.href }) : localClient(url.href);
    if (!aws) await withStore(url.href, () => ensureTable(client, table));
    return {
      store: new DynamoDbEvidenceStore({ tableName: table, client }),
      where: `${url.href} table ${table}`,
      embedded: false,
      aws,
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
    where: `embedded store ${join(opts.dataDir || DEFAULT_DATA_DIR, 'store')}`,
    embedded: true,
    aws: false,
    collectGarbage: () => embedded.collectGarbage(),
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
