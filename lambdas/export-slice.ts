/**
 * Export slice function, one invocation per item of the sharded export's Map state: `{jobId, index}`
 * in; the slice's records read, verified, folded into its partial model and written as its zip part
 * and work files in the work bucket; a small summary out (the merge's input).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { readJob } from '../core/usecases/export-binder/shard-files';
import { exportSlice } from '../core/usecases/export-binder/shard-slice';
import { SliceStepSchema, type SliceSummary } from '../evidence-schemas/binder-shard';
import {
  parseStep,
  readEnv,
  runStep,
  ShardEnvSchema,
  type ShardStepPorts,
  shardPorts,
} from './shared/shard-env';

const logger = new Logger({ serviceName: 'evidence-export-slice' });

/** The handler's logic with its ports injected. */
export async function sliceStep(event: unknown, deps: ShardStepPorts): Promise<SliceSummary> {
  const { jobId, index } = parseStep(SliceStepSchema, event, 'export slice request');
  return runStep(logger, `export slice ${index}`, async () => {
    const job = await readJob(deps.workspace, jobId);
    const summary = await exportSlice(job, index, deps);
    logger.info('slice exported', { ...summary });
    return summary;
  });
}

let defaults: ShardStepPorts | undefined;
function defaultDeps(): ShardStepPorts {
  defaults ??= shardPorts(readEnv(ShardEnvSchema, process.env, 'export slice function'));
  return defaults;
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => sliceStep(event, defaultDeps()));
