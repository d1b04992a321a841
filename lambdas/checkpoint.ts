/**
 * Checkpoint function: run daily by an EventBridge schedule (any event is accepted: the clock, not
 * the event, decides which days are closed). Signs the Merkle root of every closed UTC day not yet
 * checkpointed with the KMS Ed25519 key and stores the checkpoints in the evidence table.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import { KmsEd25519Signer } from '../core/adapters/kms-signer';
import type { EvidenceStore } from '../core/ports/evidence-store';
import type { Signer } from '../core/ports/signer';
import { checkpointDays } from '../core/usecases/checkpoint';

const logger = new Logger({ serviceName: 'evidence-checkpoint' });

export const CheckpointEnvSchema = z.object({
  TABLE_NAME: z.string({ error: 'TABLE_NAME is not set (the evidence table)' }).min(1, 'TABLE_NAME is empty'),
  SIGNING_KEY_ARN: z
    .string({ error: 'SIGNING_KEY_ARN is not set (the KMS Ed25519 key that signs checkpoints)' })
    .startsWith('arn:', 'SIGNING_KEY_ARN must be the ARN of the KMS Ed25519 key that signs checkpoints'),
});
export type CheckpointEnv = z.infer<typeof CheckpointEnvSchema>;

/** Reads the function's configuration; throws one error naming every missing or invalid variable. */
export function readCheckpointEnv(env: Record<string, string | undefined>): CheckpointEnv {
  const parsed = CheckpointEnvSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `checkpoint function configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  return parsed.data;
}

export interface CheckpointDeps {
  store: EvidenceStore;
  signer: Signer;
  now?: () => Date;
}

export interface CheckpointHandlerResult {
  created: { day: string; treeSize: number; rootHash: string }[];
  lastClosedDay: string | null;
  total: number;
}

/** The handler's logic with its ports injected (tests: dynalite for the store, a local key). */
export async function checkpointRun(deps: CheckpointDeps): Promise<CheckpointHandlerResult> {
  const run = await checkpointDays(deps.store, deps.signer, deps.now);
  const result = {
    created: run.created.map((c) => ({ day: c.day, treeSize: c.treeSize, rootHash: c.rootHash })),
    lastClosedDay: run.lastClosedDay ?? null,
    total: run.total,
  };
  logger.info('checkpoints written', { ...result });
  return result;
}

let defaults: CheckpointDeps | undefined;
/** Built once per execution environment, on its first invocation (the cold start). */
function defaultDeps(): CheckpointDeps {
  if (!defaults) {
    const env = readCheckpointEnv(process.env);
    defaults = {
      store: new DynamoDbEvidenceStore({ tableName: env.TABLE_NAME }),
      signer: new KmsEd25519Signer({ keyId: env.SIGNING_KEY_ARN }),
    };
  }
  return defaults;
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => checkpointRun(defaultDeps()));
