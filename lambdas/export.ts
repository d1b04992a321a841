/**
 * Export function: `{from, to, accounts?, title?}` in, the binder for that period written to the binder
 * bucket (Object Lock, SSE-KMS), signed with the KMS Ed25519 key, and a one-hour download link out.
 * Invoked synchronously by `evidence binder --remote` and by IAM-authorised callers.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { DynamoDbEvidenceReader } from '../core/adapters/dynamodb/evidence-reader';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import { KmsEd25519Signer } from '../core/adapters/kms-signer';
import { S3BlobStore } from '../core/adapters/s3-blob-store';
import { S3DocumentStore } from '../core/adapters/s3-document-store';
import { BinderSourceIntegrityError, StoreChangedDuringExportError } from '../core/domain/binder/errors';
import { useBinderHeapPolicy } from '../core/support/heap-policy';
import { type ExportToBucketDeps, exportBinderToBucket } from '../core/usecases/export-binder/to-bucket';
import {
  describeIssues,
  ExportRequestSchema,
  type ExportResult,
  ExportResultSchema,
} from '../evidence-schemas/export-request';
import pkg from '../package.json';

const logger = new Logger({ serviceName: 'evidence-export' });

/** The request does not describe a valid export; the message names each offending field. */
export class ExportRequestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExportRequestError';
  }
}

/** The export failed for a reason the caller cannot fix; details are in the function's log only. */
export class ExportFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExportFailedError';
  }
}

/** Errors whose messages are written for the caller; anything else is logged and replaced. */
const DELIBERATE = [ExportRequestError, BinderSourceIntegrityError, StoreChangedDuringExportError];

const arn = (name: string, what: string) =>
  z
    .string({ error: `${name} is not set (${what})` })
    .startsWith('arn:', `${name} must be the ARN of ${what}`);

export const ExportEnvSchema = z.object({
  TABLE_NAME: z.string({ error: 'TABLE_NAME is not set (the evidence table)' }).min(1, 'TABLE_NAME is empty'),
  BINDER_BUCKET: z
    .string({ error: 'BINDER_BUCKET is not set (the binder bucket)' })
    .min(3, 'BINDER_BUCKET is not a bucket name'),
  BUCKET_KEY_ARN: arn('BUCKET_KEY_ARN', 'the KMS key that encrypts the binder bucket'),
  SIGNING_KEY_ARN: arn('SIGNING_KEY_ARN', 'the KMS Ed25519 key that signs binders'),
  /** where uploaded documents are (absent: binders list them by hash, not included) */
  DOCUMENTS_BUCKET: z.string().min(3, 'DOCUMENTS_BUCKET is not a bucket name').optional(),
  DOCUMENTS_PREFIX: z.string().default('documents/'),
});
export type ExportEnv = z.infer<typeof ExportEnvSchema>;

/** Reads the function's configuration; throws one error naming every missing or invalid variable. */
export function readExportEnv(env: Record<string, string | undefined>): ExportEnv {
  const parsed = ExportEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `export function configuration: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
    );
  }
  return parsed.data;
}

const PackageSchema = z.object({ name: z.string(), version: z.string() });

/** The handler's logic with its ports injected (tests: dynalite for the store, S3 and KMS mocked). */
export async function exportRequest(event: unknown, deps: ExportToBucketDeps): Promise<ExportResult> {
  useBinderHeapPolicy();
  const parsed = ExportRequestSchema.safeParse(event);
  if (!parsed.success)
    throw new ExportRequestError(`invalid export request: ${describeIssues(parsed.error)}`);
  try {
    const result = ExportResultSchema.parse(await exportBinderToBucket(parsed.data, deps));
    logger.info('binder exported', {
      from: parsed.data.from,
      to: parsed.data.to,
      zipKey: result.zipKey,
      rootHash: result.rootHash,
      records: result.records,
      files: result.files,
    });
    return result;
  } catch (error) {
    if (DELIBERATE.some((type) => error instanceof type)) {
      logger.warn('binder not exported', { error: error as Error });
      throw error;
    }
    logger.error('binder export failed', { error: error as Error });
    throw new ExportFailedError('the binder export failed; the export function log has the details', {
      cause: error,
    });
  }
}

let defaults: ExportToBucketDeps | undefined;
/** Built once per execution environment, on its first invocation (the cold start). */
function defaultDeps(): ExportToBucketDeps {
  if (!defaults) {
    const env = readExportEnv(process.env);
    defaults = {
      reader: new DynamoDbEvidenceReader({ store: new DynamoDbEvidenceStore({ tableName: env.TABLE_NAME }) }),
      signer: new KmsEd25519Signer({ keyId: env.SIGNING_KEY_ARN }),
      blobs: new S3BlobStore(),
      bucket: env.BINDER_BUCKET,
      bucketKeyArn: env.BUCKET_KEY_ARN,
      ...(env.DOCUMENTS_BUCKET
        ? { documents: new S3DocumentStore({ bucket: env.DOCUMENTS_BUCKET, prefix: env.DOCUMENTS_PREFIX }) }
        : {}),
      generator: PackageSchema.parse(pkg),
    };
  }
  return defaults;
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => exportRequest(event, defaultDeps()));
