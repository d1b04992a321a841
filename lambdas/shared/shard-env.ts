/**
 * What the sharded export's functions (export-plan, export-slice, export-merge) share: their
 * configuration, read once per execution environment, and their ports. Each step is given the job's id
 * and reads the job from the work bucket, so the Step Functions payloads stay small.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { DynamoDbEvidenceReader } from '../../core/adapters/dynamodb/evidence-reader';
import { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { S3ShardWorkspace } from '../../core/adapters/s3-shard-workspace';
import { BinderSourceIntegrityError, StoreChangedDuringExportError } from '../../core/domain/binder/errors';
import type { EvidenceReader } from '../../core/ports/evidence-reader';
import { ShardFileMissingError, type ShardWorkspace } from '../../core/ports/shard-workspace';
import { useBinderHeapPolicy } from '../../core/support/heap-policy';
import { ShardJobIncompleteError } from '../../core/usecases/export-binder/shard-merge';
import { describeIssues } from '../../evidence-schemas/export-request';

export const ShardEnvSchema = z.object({
  TABLE_NAME: z.string({ error: 'TABLE_NAME is not set (the evidence table)' }).min(1, 'TABLE_NAME is empty'),
  WORK_BUCKET: z
    .string({ error: 'WORK_BUCKET is not set (the bucket of the sharded export work files)' })
    .min(3, 'WORK_BUCKET is not a bucket name'),
  BUCKET_KEY_ARN: z
    .string({ error: 'BUCKET_KEY_ARN is not set (the KMS key that encrypts the buckets)' })
    .startsWith('arn:', 'BUCKET_KEY_ARN must be the ARN of the KMS key that encrypts the buckets'),
});
export type ShardEnv = z.infer<typeof ShardEnvSchema>;

/** Reads a function's configuration with `schema`; one error names every missing or invalid variable. */
export function readEnv<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined>,
  what: string,
): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new Error(`${what} configuration: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}

/** The ports every step reads and writes through. */
export interface ShardStepPorts {
  reader: EvidenceReader;
  workspace: ShardWorkspace;
}

export function shardPorts(env: ShardEnv): ShardStepPorts & { workspace: S3ShardWorkspace } {
  return {
    reader: new DynamoDbEvidenceReader({ store: new DynamoDbEvidenceStore({ tableName: env.TABLE_NAME }) }),
    workspace: new S3ShardWorkspace({ bucket: env.WORK_BUCKET, kmsKeyArn: env.BUCKET_KEY_ARN }),
  };
}

/** The step's event does not describe what it must do; the message names each offending field. */
export class ShardStepRequestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShardStepRequestError';
  }
}

/** A step failed for a reason the caller cannot fix; details are in the function's log only. */
export class ShardStepFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShardStepFailedError';
  }
}

/** Errors whose messages are written for the caller (and the execution's history); anything else is logged and replaced. */
const DELIBERATE = [
  ShardStepRequestError,
  BinderSourceIntegrityError,
  StoreChangedDuringExportError,
  ShardJobIncompleteError,
  ShardFileMissingError,
];

/** Parses a step's event with `schema`, or throws ShardStepRequestError naming what is wrong. */
export function parseStep<T extends z.ZodType>(schema: T, event: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(event);
  if (!parsed.success) throw new ShardStepRequestError(`invalid ${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Runs a step: deliberate errors pass to Step Functions as they are, others are logged and replaced. */
export async function runStep<T>(logger: Logger, what: string, step: () => Promise<T>): Promise<T> {
  // the slices and the merge read records through as the one export does: the same heap growth
  useBinderHeapPolicy();
  try {
    return await step();
  } catch (error) {
    if (DELIBERATE.some((type) => error instanceof type)) {
      logger.warn(`${what} stopped`, { error: error as Error });
      throw error;
    }
    logger.error(`${what} failed`, { error: error as Error });
    throw new ShardStepFailedError(`${what} failed; the function log has the details`, { cause: error });
  }
}

export const PackageSchema = z.object({ name: z.string(), version: z.string() });
