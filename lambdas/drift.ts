/**
 * Drift function: the evidence table's stream (filtered to chain heads whose commit changed posture or
 * stored notable activity) in, Slack messages out: one per notable event, then the transitions. Each
 * transition is announced once (a ledger in the table), the transitions of one cause in one message
 * (oldest first), flagged ePHI when the head says its subject is in scope, storms become one digest,
 * and stream records whose notifications could not be delivered are reported as batch item
 * failures, so Lambda retries them and finally sends them to the function's DLQ.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import middy from '@middy/core';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { z } from 'zod';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import { SlackWebhookNotifier } from '../core/adapters/slack-notifier';
import type { NotificationLedger, Notifier } from '../core/ports/notifier';
import { SlackRouteSchema, SlackWebhookUrlSchema } from '../core/usecases/config';
import {
  type NotifyResult,
  notifyNotable,
  notifyTransitions,
  type SlackRouting,
} from '../core/usecases/notify';
import {
  DynamoDbStreamEventSchema,
  type NotableEntry,
  NotableEntrySchema,
  type Transition,
  TransitionSchema,
} from '../evidence-schemas';

const logger = new Logger({ serviceName: 'evidence-drift' });

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1, 'TABLE_NAME must name the evidence table'),
  SLACK_SECRET_ARN: z
    .string()
    .startsWith('arn:', 'SLACK_SECRET_ARN must be the ARN of the Slack webhook secret'),
  STORM_THRESHOLD: z.coerce.number().int().positive().default(10),
});

/** The secret's JSON: the default webhook and optional routes (never in environment or logs). */
export const SlackSecretSchema = z
  .object({
    webhookUrl: SlackWebhookUrlSchema.optional(),
    routes: z.array(SlackRouteSchema).default([]),
  })
  .strict();

/**
 * Reads the secret's value. Errors never quote it: a parse error from JSON.parse or zod could otherwise
 * carry part of the webhook URL into the logs.
 */
export function parseSlackSecret(value: unknown): SlackRouting {
  let json: unknown;
  try {
    json = typeof value === 'string' ? JSON.parse(value) : value;
  } catch {
    throw new Error(
      'the Slack secret is not valid JSON (expected {"webhookUrl": "https://hooks.slack.com/...", "routes": [...]})',
    );
  }
  const parsed = SlackSecretSchema.safeParse(json);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new Error(`the Slack secret does not have the expected shape (check: ${paths})`);
  }
  return parsed.data;
}

export interface DriftDeps {
  notifier: Notifier;
  ledger: NotificationLedger;
  routing: () => Promise<SlackRouting>;
  stormThreshold?: number;
}

/** Transitions in one stream record's new image; an image without them yields none. */
export function transitionsOfImage(image: Record<string, unknown> | undefined): Transition[] {
  const text = z.object({ S: z.string() }).safeParse(image?.transitions);
  if (!text.success) return [];
  return z.array(TransitionSchema).parse(JSON.parse(text.data.S));
}

const EphiAttributeSchema = z.object({ inScope: z.boolean() });

/**
 * Whether the head in a stream record's new image is in ePHI scope: the head carries the subject's
 * scope (decided by its latest configuration item), so the drift function needs no extra read.
 */
export function ephiOfImage(image: Record<string, unknown> | undefined): boolean {
  const text = z.object({ S: z.string() }).safeParse(image?.ephi);
  if (!text.success) return false;
  try {
    return EphiAttributeSchema.safeParse(JSON.parse(text.data.S)).data?.inScope === true;
  } catch {
    // a malformed scope must not keep the drift from being announced; it is then not flagged
    return false;
  }
}

/** Notable activity in one stream record's new image (a head written before it carried none). */
export function notableOfImage(image: Record<string, unknown> | undefined): NotableEntry[] {
  const text = z.object({ S: z.string() }).safeParse(image?.notable);
  if (!text.success) return [];
  return z.array(NotableEntrySchema).parse(JSON.parse(text.data.S));
}

/** The handler's logic with its ports injected (tests use dynalite and a local HTTP server). */
export async function drift(event: unknown, deps: DriftDeps): Promise<DynamoDBBatchResponse> {
  const parsed = DynamoDbStreamEventSchema.safeParse(event);
  if (!parsed.success)
    throw new Error(`drift expects a DynamoDB stream batch: ${parsed.error.issues[0]?.message}`);
  const bySequence = new Map<string, { id: string }[]>();
  const all: Transition[] = [];
  const notable: NotableEntry[] = [];
  const ephi = new Set<string>();
  for (const r of parsed.data.Records) {
    if (r.eventName === 'REMOVE') continue;
    const transitions = transitionsOfImage(r.dynamodb.NewImage);
    const entries = notableOfImage(r.dynamodb.NewImage);
    all.push(...transitions);
    notable.push(...entries);
    bySequence.set(r.dynamodb.SequenceNumber, [...transitions, ...entries]);
    if (ephiOfImage(r.dynamodb.NewImage)) for (const t of transitions) ephi.add(t.subjectKey);
  }
  if (all.length === 0 && notable.length === 0) return { batchItemFailures: [] };
  const routing = await deps.routing();
  const noted = await notifyNotable(notable, { notifier: deps.notifier, ledger: deps.ledger, routing });
  if (notable.length > 0)
    logger.info('notable activity notifications', {
      notable: notable.length,
      sent: noted.sent,
      alreadySent: noted.alreadySent,
      failed: noted.failed.length,
    });
  const result: NotifyResult =
    all.length > 0
      ? await notifyTransitions(all, {
          notifier: deps.notifier,
          ledger: deps.ledger,
          routing,
          stormThreshold: deps.stormThreshold ?? 10,
          onFailure: 'report',
          includePending: false,
          ephiScope: async () => ephi,
        })
      : { messages: [], sent: 0, alreadySent: 0, pending: 0, failed: [] };
  logger.info('drift notifications', {
    transitions: all.length,
    sent: result.sent,
    alreadySent: result.alreadySent,
    failed: result.failed.length,
  });
  result.failed.push(...noted.failed);
  const failedIds = new Set(result.failed.flatMap((f) => f.transitionIds));
  for (const f of result.failed)
    logger.error('notification not delivered; the stream record will be retried', {
      error: f.error,
      transitions: f.transitionIds,
    });
  return {
    batchItemFailures: [...bySequence.entries()]
      .filter(([, ts]) => ts.some((t) => failedIds.has(t.id)))
      .map(([sequence]) => ({ itemIdentifier: sequence })),
  };
}

let defaults: DriftDeps | undefined;
function defaultDeps(): DriftDeps {
  if (!defaults) {
    const env = EnvSchema.parse(process.env);
    defaults = {
      notifier: new SlackWebhookNotifier(),
      ledger: new DynamoDbEvidenceStore({ tableName: env.TABLE_NAME }),
      stormThreshold: env.STORM_THRESHOLD,
      // cached for five minutes by Powertools, so a rotated webhook is picked up without a redeploy
      routing: async () => parseSlackSecret(await getSecret(env.SLACK_SECRET_ARN, { maxAge: 300 })),
    };
  }
  return defaults;
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => drift(event, defaultDeps()));
