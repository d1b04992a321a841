/**
 * Collect function: an SQS batch of EventBridge events (Config and CloudTrail) in, evidence out.
 * Parses the batch at the edge, hands it to the one ingest use case, and reports the messages that
 * could not be stored so SQS retries them (and, after maxReceiveCount, moves them to the DLQ).
 * Malformed events are not failures: they are quarantined in the table with their reason.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse } from 'aws-lambda';
import { configItemFetcher } from '../core/adapters/config-item-fetcher';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import { redactionPolicy } from '../core/domain/redact';
import type { EvidenceStore } from '../core/ports/evidence-store';
import { type IngestDeps, ingest } from '../core/usecases/ingest';
import { SqsEventSchema } from '../evidence-schemas';
import { readCollectConfig } from './shared/collect-config';

const logger = new Logger({ serviceName: 'evidence-collect' });

export interface CollectDeps extends Omit<IngestDeps, 'store'> {
  store: EvidenceStore;
}

let defaults: CollectDeps | undefined;
function defaultDeps(): CollectDeps {
  if (!defaults) {
    const config = readCollectConfig(process.env);
    defaults = {
      store: new DynamoDbEvidenceStore({ tableName: config.tableName }),
      mappings: config.ruleMappings,
      redaction: redactionPolicy(config.redactKeys, config.ephiTags),
      maxClockSkewMinutes: config.maxClockSkewMinutes,
      fetchConfigItem: configItemFetcher(),
    };
  }
  return defaults;
}

/** The handler's logic with its ports injected (tests pass a store on dynalite). */
export async function collect(event: unknown, deps: CollectDeps): Promise<SQSBatchResponse> {
  const parsed = SqsEventSchema.safeParse(event);
  if (!parsed.success) {
    // not an SQS batch at all: a wiring error, fail loudly so the invocation is retried and alarmed
    throw new Error(`collect expects an SQS batch event: ${parsed.error.issues[0]?.message}`);
  }
  const records = parsed.data.Records;
  const inputs = records.map((r) => {
    try {
      return { raw: JSON.parse(r.body) as unknown, origin: `sqs:${r.messageId}` };
    } catch (error) {
      return {
        raw: r.body,
        origin: `sqs:${r.messageId}`,
        readError: `message body is not JSON: ${(error as Error).message}`,
      };
    }
  });
  const result = await ingest(inputs, deps);
  logger.info('batch ingested', {
    received: result.received,
    stored: result.stored,
    duplicates: result.duplicates,
    unchanged: result.unchanged,
    ignored: result.ignored,
    quarantined: result.quarantined.length,
    failed: result.failed.length,
  });
  for (const q of result.quarantined)
    logger.warn('event quarantined', { origin: q.origin, reason: q.reason });
  for (const f of result.failed)
    logger.error('event not stored; SQS will retry it', { origin: f.origin, error: f.error });
  return {
    batchItemFailures: result.failed.map((f) => ({ itemIdentifier: records[f.index]!.messageId })),
  };
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => collect(event, defaultDeps()));
