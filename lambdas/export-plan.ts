/**
 * Export plan function, the first state of the sharded export's state machine: the export function's
 * request (`{from, to, accounts?, title?}`) plus an optional `sliceDays` in; the chain heads
 * snapshotted and the job written to the work bucket; the job id and the Map's items out.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { DEFAULT_SLICE_DAYS, planShardedExport } from '../core/usecases/export-binder/shard-plan';
import type { PlanStepResult } from '../evidence-schemas/binder-shard';
import { ExportRequestSchema } from '../evidence-schemas/export-request';
import pkg from '../package.json';
import {
  PackageSchema,
  parseStep,
  readEnv,
  runStep,
  ShardEnvSchema,
  type ShardStepPorts,
  shardPorts,
} from './shared/shard-env';

const logger = new Logger({ serviceName: 'evidence-export-plan' });

/** The plan's input: an export request and the days per slice (1 to 366, default DEFAULT_SLICE_DAYS). */
export const PlanStepSchema = z.object({
  request: ExportRequestSchema,
  sliceDays: z.number().int().min(1).max(366).default(DEFAULT_SLICE_DAYS),
});

export interface PlanDeps extends ShardStepPorts {
  generator: { name: string; version: string };
  now?: () => Date;
}

/** The handler's logic with its ports injected. */
export async function planStep(event: unknown, deps: PlanDeps): Promise<PlanStepResult> {
  const { request, sliceDays } = parseStep(PlanStepSchema, event, 'export plan request');
  return runStep(logger, 'export plan', async () => {
    const job = await planShardedExport(
      { ...request, generator: deps.generator },
      { reader: deps.reader, workspace: deps.workspace, sliceDays, ...(deps.now ? { now: deps.now } : {}) },
    );
    logger.info('export planned', { jobId: job.id, from: job.from, to: job.to, slices: job.slices.length });
    return { jobId: job.id, slices: job.slices.map((s) => ({ jobId: job.id, index: s.index })) };
  });
}

let defaults: PlanDeps | undefined;
function defaultDeps(): PlanDeps {
  defaults ??= {
    ...shardPorts(readEnv(ShardEnvSchema, process.env, 'export plan function')),
    generator: PackageSchema.parse(pkg),
  };
  return defaults;
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => planStep(event, defaultDeps()));
