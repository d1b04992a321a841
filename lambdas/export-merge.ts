/**
 * Export merge function, the last state of the sharded export: `{jobId, slices}` (the Map's output)
 * in; the slices merged into one model, the manifest, anchors, renderings and signature written, the
 * zip put together in the binder bucket from the slices' parts (a multipart upload copying each),
 * the work files removed; the export function's result out (where the binder is, a download link).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { KmsEd25519Signer } from '../core/adapters/kms-signer';
import { S3BlobStore } from '../core/adapters/s3-blob-store';
import { S3DocumentStore } from '../core/adapters/s3-document-store';
import type { S3ShardWorkspace } from '../core/adapters/s3-shard-workspace';
import type { BlobStore } from '../core/ports/blob-store';
import type { DocumentStore } from '../core/ports/document-store';
import type { BucketZipAssembler } from '../core/ports/shard-workspace';
import type { Signer } from '../core/ports/signer';
import { readJob } from '../core/usecases/export-binder/shard-files';
import { mergeSlices } from '../core/usecases/export-binder/shard-merge';
import { exportResultOf } from '../core/usecases/export-binder/to-bucket';
import { bucketShardTarget } from '../core/usecases/export-binder/to-bucket-sharded';
import { MergeStepSchema } from '../evidence-schemas/binder-shard';
import { type ExportResult, ExportResultSchema } from '../evidence-schemas/export-request';
import {
  parseStep,
  readEnv,
  runStep,
  ShardEnvSchema,
  type ShardStepPorts,
  shardPorts,
} from './shared/shard-env';

const logger = new Logger({ serviceName: 'evidence-export-merge' });

export const MergeEnvSchema = ShardEnvSchema.extend({
  BINDER_BUCKET: z
    .string({ error: 'BINDER_BUCKET is not set (the binder bucket)' })
    .min(3, 'BINDER_BUCKET is not a bucket name'),
  SIGNING_KEY_ARN: z
    .string({ error: 'SIGNING_KEY_ARN is not set (the KMS Ed25519 key that signs binders)' })
    .startsWith('arn:', 'SIGNING_KEY_ARN must be the ARN of the KMS Ed25519 key that signs binders'),
  DOCUMENTS_BUCKET: z.string().min(3, 'DOCUMENTS_BUCKET is not a bucket name').optional(),
  DOCUMENTS_PREFIX: z.string().default('documents/'),
});

export interface MergeDeps extends ShardStepPorts {
  workspace: ShardStepPorts['workspace'] & BucketZipAssembler;
  signer?: Signer;
  documents?: DocumentStore;
  blobs: BlobStore;
  bucket: string;
  bucketKeyArn: string;
  now?: () => Date;
}

/** The handler's logic with its ports injected. */
export async function mergeStep(event: unknown, deps: MergeDeps): Promise<ExportResult> {
  const { jobId, slices } = parseStep(MergeStepSchema, event, 'export merge request');
  return runStep(logger, 'export merge', async () => {
    const job = await readJob(deps.workspace, jobId);
    const target = bucketShardTarget({
      blobs: deps.blobs,
      assembler: deps.workspace,
      bucket: deps.bucket,
      bucketKeyArn: deps.bucketKeyArn,
      ...(deps.now ? { now: deps.now } : {}),
    });
    const result = await mergeSlices(job, slices, target, {
      reader: deps.reader,
      workspace: deps.workspace,
      ...(deps.signer ? { signer: deps.signer } : {}),
      ...(deps.documents ? { documents: deps.documents } : {}),
    });
    const answer = ExportResultSchema.parse(exportResultOf(result));
    logger.info('binder exported', {
      jobId,
      zipKey: answer.zipKey,
      rootHash: answer.rootHash,
      records: answer.records,
    });
    return answer;
  });
}

let defaults: MergeDeps | undefined;
function defaultDeps(): MergeDeps {
  if (!defaults) {
    const env = readEnv(MergeEnvSchema, process.env, 'export merge function');
    const ports: ShardStepPorts & { workspace: S3ShardWorkspace } = shardPorts(env);
    defaults = {
      ...ports,
      signer: new KmsEd25519Signer({ keyId: env.SIGNING_KEY_ARN }),
      blobs: new S3BlobStore(),
      bucket: env.BINDER_BUCKET,
      bucketKeyArn: env.BUCKET_KEY_ARN,
      ...(env.DOCUMENTS_BUCKET
        ? { documents: new S3DocumentStore({ bucket: env.DOCUMENTS_BUCKET, prefix: env.DOCUMENTS_PREFIX }) }
        : {}),
    };
  }
  return defaults;
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => mergeStep(event, defaultDeps()));
