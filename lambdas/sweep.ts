/**
 * Sweep function: run by an EventBridge schedule, it reads the state of every safeguard from AWS's
 * APIs in its own account and region and stores it as evidence (core/usecases/sweep.ts). The
 * account is the function's own (from its ARN), so responses from any other account are refused.
 * The event may name the services to read ({"services": ["config", "logs"]}); default: all of them.
 * Returns the sweep summary, which the invocation log keeps.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import {
  createSweepClients,
  SWEEP_SERVICES,
  type SweepService,
  sweepCollectors,
} from '../core/adapters/sweep';
import { redactionPolicy } from '../core/domain/redact';
import { runSweep, type SweepDeps, type SweepSummary } from '../core/usecases/sweep';
import { SweepRequestSchema } from '../evidence-schemas';
import { readCollectConfig } from './shared/collect-config';

const logger = new Logger({ serviceName: 'evidence-sweep' });

export type SweepHandlerDeps = Omit<SweepDeps, 'accountId' | 'collectors'> & {
  /** the collectors of the requested services */
  collectors: (services: readonly SweepService[]) => SweepDeps['collectors'];
};

let defaults: SweepHandlerDeps | undefined;
function defaultDeps(): SweepHandlerDeps {
  if (!defaults) {
    const config = readCollectConfig(process.env);
    const region = process.env.AWS_REGION;
    if (!region) throw new Error('sweep function misconfigured: AWS_REGION is not set');
    const clients = createSweepClients({ region });
    defaults = {
      store: new DynamoDbEvidenceStore({ tableName: config.tableName }),
      collectors: (services) => sweepCollectors(clients, services),
      region,
      mappings: config.ruleMappings,
      redaction: redactionPolicy(config.redactKeys),
    };
  }
  return defaults;
}

/** The account of the running function, from its ARN (arn:aws:lambda:region:account:function:name). */
export function accountOfContext(context: Pick<Context, 'invokedFunctionArn'>): string {
  const account = context.invokedFunctionArn.split(':')[4];
  if (!account || !/^\d{12}$/.test(account))
    throw new Error(`cannot read the account from the function ARN ${context.invokedFunctionArn}`);
  return account;
}

/** The handler's logic with its ports injected (tests pass mocked clients and a store on dynalite). */
export async function sweep(
  event: unknown,
  context: Pick<Context, 'invokedFunctionArn'>,
  deps: SweepHandlerDeps,
): Promise<SweepSummary> {
  const request = SweepRequestSchema.safeParse(event ?? {});
  if (!request.success) {
    const issue = request.error.issues[0];
    throw new Error(`sweep request is invalid: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const services = request.data.services ?? SWEEP_SERVICES;
  const summary = await runSweep({
    ...deps,
    collectors: deps.collectors(services),
    accountId: accountOfContext(context),
  });
  const { quarantined, failed, gaps, ...counts } = summary;
  logger.info('sweep stored', {
    ...counts,
    quarantined: quarantined.length,
    failed: failed.length,
    gaps: gaps.length,
  });
  for (const g of gaps)
    logger.warn('collection gap', { api: g.api, errorCode: g.errorCode, controls: g.controls });
  for (const q of quarantined) logger.warn('sweep observation quarantined', q);
  // what could not be written is lost for this run only: fail the invocation so it is retried and alarmed
  if (failed.length > 0)
    throw new Error(`sweep could not store ${failed.length} observations: ${failed[0]?.error}`);
  return summary;
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown, context: Context) => sweep(event, context, defaultDeps()));
