/**
 * Checkpoint function: run every 15 minutes by an EventBridge schedule (any event is accepted: the
 * clock, not the event, decides what is due). Signs a tree head over every entry of the evidence log
 * stamped since the last one, and the Merkle root of every closed UTC day not yet checkpointed, with the
 * KMS Ed25519 key; anchors both in the Object Lock bucket, then stores them in the evidence table. When
 * the table and the anchors disagree it signs nothing past the disagreement and fails, so the schedule's
 * dead-letter alarm fires.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import { KmsEd25519Signer } from '../core/adapters/kms-signer';
import { S3AnchorStore } from '../core/adapters/s3-anchor-store';
import type { AnchorStore } from '../core/ports/anchor-store';
import type { EvidenceStore } from '../core/ports/evidence-store';
import type { Signer } from '../core/ports/signer';
import type { TreeHeadStore } from '../core/ports/tree-head-store';
import { checkpointDays } from '../core/usecases/checkpoint';
import { signTreeHead } from '../core/usecases/tree-heads';

const logger = new Logger({ serviceName: 'evidence-checkpoint' });

export const CheckpointEnvSchema = z.object({
  TABLE_NAME: z.string({ error: 'TABLE_NAME is not set (the evidence table)' }).min(1, 'TABLE_NAME is empty'),
  SIGNING_KEY_ARN: z
    .string({ error: 'SIGNING_KEY_ARN is not set (the KMS Ed25519 key that signs checkpoints)' })
    .startsWith('arn:', 'SIGNING_KEY_ARN must be the ARN of the KMS Ed25519 key that signs checkpoints'),
  ANCHOR_BUCKET: z
    .string({ error: 'ANCHOR_BUCKET is not set (the Object Lock bucket that anchors heads and checkpoints)' })
    .min(3, 'ANCHOR_BUCKET is not a bucket name'),
  ANCHOR_PREFIX: z.string().default('anchors/'),
  ANCHOR_KMS_KEY_ARN: z.string().startsWith('arn:', 'ANCHOR_KMS_KEY_ARN must be a KMS key ARN').optional(),
  /** how long a collector may take between stamping an entry and storing it */
  TREE_HEAD_GRACE_MINUTES: z.coerce.number().min(0).max(60).default(5),
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
  store: EvidenceStore & TreeHeadStore;
  signer: Signer;
  anchors: AnchorStore;
  now?: () => Date;
  graceMs?: number;
}

export interface CheckpointHandlerResult {
  created: { day: string; treeSize: number; rootHash: string }[];
  lastClosedDay: string | null;
  total: number;
  /** the tree head signed by this run, if anything was due */
  treeHead: { sequence: number; treeSize: number; upTo: string; appended: number } | null;
}

/** The table and the anchors disagree: nothing was signed past the disagreement. */
export class AnchorMismatchError extends Error {
  constructor(readonly problems: string[]) {
    super(`tree heads not signed: ${problems.join('; ')}`);
    this.name = 'AnchorMismatchError';
  }
}

/** The handler's logic with its ports injected (tests: dynalite for the store, a local key and anchors). */
export async function checkpointRun(deps: CheckpointDeps): Promise<CheckpointHandlerResult> {
  const head = await signTreeHead({
    store: deps.store,
    anchors: deps.anchors,
    signer: deps.signer,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.graceMs !== undefined ? { graceMs: deps.graceMs } : {}),
  });
  if (head.problems.length > 0) throw new AnchorMismatchError(head.problems);
  const run = await checkpointDays(deps.store, deps.signer, deps.now, { anchors: deps.anchors });
  const result = {
    created: run.created.map((c) => ({ day: c.day, treeSize: c.treeSize, rootHash: c.rootHash })),
    lastClosedDay: run.lastClosedDay ?? null,
    total: run.total,
    treeHead: head.signed
      ? {
          sequence: head.signed.sequence,
          treeSize: head.signed.treeSize,
          upTo: head.signed.upTo,
          appended: head.appended,
        }
      : null,
  };
  logger.info('tree head and checkpoints written', {
    ...result,
    restoredDays: run.restored,
    restoredHeads: head.restored,
  });
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
      anchors: new S3AnchorStore({
        bucket: env.ANCHOR_BUCKET,
        prefix: env.ANCHOR_PREFIX,
        ...(env.ANCHOR_KMS_KEY_ARN ? { kmsKeyArn: env.ANCHOR_KMS_KEY_ARN } : {}),
      }),
      graceMs: env.TREE_HEAD_GRACE_MINUTES * 60_000,
    };
  }
  return defaults;
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => checkpointRun(defaultDeps()));
