import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { WRITER_PARTITIONS } from '../core/adapters/dynamodb/table-schema';
import { deadLetterQueue, queueDepthAlarm } from './dead-letter';
import { EvidenceFunction } from './evidence-function';
import type { EvidencePipelineProps } from './evidence-pipeline';
import { acknowledgeSynchronousFunction } from './function-findings';

/** The drift (Slack notification) handler shipped with this project. */
export const DEFAULT_DRIFT_ENTRY = fileURLToPath(new URL('../lambdas/drift.ts', import.meta.url));

/**
 * How an operator stores the Slack webhook(s) in the created secret after deploy (shown in the stack
 * output, so it names no URL). The value is JSON: `webhookUrl` (default destination, e.g.
 * `https://hooks.slack.com/services/...`) and optional `routes` per control family and/or account.
 */
export const SLACK_SECRET_PUT_COMMAND =
  'aws secretsmanager put-secret-value --secret-id <arn> --secret-string ' +
  `'{"webhookUrl":"<incoming-webhook URL>","routes":[{"family":"<family>","accountId":"<12 digits>","webhookUrl":"<URL>"}]}' ` +
  '(routes optional)';

/** Slack delivery honours Retry-After and backs off; leave room for a digest plus retries. */
const DRIFT_TIMEOUT = Duration.minutes(5);

/** Properties of {@link driftNotifications}: the pipeline's drift props and what the path reads. */
export interface DriftNotificationsProps
  extends Pick<
    EvidencePipelineProps,
    | 'driftEntry'
    | 'slackSecret'
    | 'stormThreshold'
    | 'driftReservedConcurrency'
    | 'tracing'
    | 'logRetention'
    | 'vpc'
    | 'vpcSubnets'
    | 'alarmActions'
  > {
  /** The pipeline key: the table and its stream, the created secret, the drift DLQ and log group. */
  readonly key: kms.Key;
  /** The evidence table whose stream carries the posture transitions. */
  readonly table: dynamodb.ITable;
}

/** What {@link driftNotifications} creates; see the members of the same names on `EvidencePipeline`. */
export interface DriftNotifications {
  readonly slackSecret: secretsmanager.ISecret;
  readonly driftDeadLetterQueue: sqs.Queue;
  readonly driftFunction: EvidenceFunction;
  readonly driftEventSource: DynamoEventSource;
  readonly driftDeadLetterAlarm: cloudwatch.Alarm;
}

/**
 * The drift notification path, added to `scope` (the pipeline): the table's stream, filtered to
 * chain-head writes that changed posture or stored notable activity, feeds the drift function, which
 * posts the transitions and notable events to Slack
 * (webhook in Secrets Manager); batches that keep failing go to the alarmed drift DLQ.
 */
export function driftNotifications(scope: Construct, props: DriftNotificationsProps): DriftNotifications {
  const slackSecret = props.slackSecret ?? createdSlackSecret(scope, props.key);
  const driftDeadLetterQueue = deadLetterQueue(scope, 'DriftDeadLetterQueue', {
    key: props.key,
    // the on-failure destination of an event source mapping: cdk-nag recognises only redrive policies
    of: 'the drift function stream event source mapping (its on-failure destination)',
  });
  const driftFunction = new EvidenceFunction(scope, 'Drift', {
    entry: props.driftEntry ?? DEFAULT_DRIFT_ENTRY,
    description: 'Sends HIPAA safeguard drift (posture transitions) to Slack',
    encryptionKey: props.key,
    timeout: DRIFT_TIMEOUT,
    memorySize: 256,
    reservedConcurrentExecutions: props.driftReservedConcurrency ?? 2,
    tracing: props.tracing,
    logRetention: props.logRetention,
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    environment: {
      TABLE_NAME: props.table.tableName,
      SLACK_SECRET_ARN: slackSecret.secretArn,
      STORM_THRESHOLD: String(props.stormThreshold ?? 10),
      POWERTOOLS_SERVICE_NAME: 'evidence-drift',
      LOG_LEVEL: 'INFO',
    },
  });
  // The notification ledger (N#<id> / SENT and NP#<shard> pending items): batch read and write of
  // those partitions only, so the drift function can neither write nor delete evidence.
  driftFunction.grantTableItemAccess(props.table, [], ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'], {
    leadingKeys: WRITER_PARTITIONS.drift,
  });
  driftFunction.grantSecretRead(slackSecret);
  // Decrypt: table items, stream records, the secret; GenerateDataKey: sends to the encrypted DLQ.
  driftFunction.grantKeyUse(props.key, ['kms:Decrypt', 'kms:GenerateDataKey']);
  const secretKey = slackSecret.encryptionKey;
  if (secretKey && secretKey !== props.key) driftFunction.grantKeyUse(secretKey, ['kms:Decrypt']);
  const driftEventSource = driftFunction.consumeTableStream(props.table, {
    deadLetterQueue: driftDeadLetterQueue,
    startingPosition: lambda.StartingPosition.TRIM_HORIZON,
    batchSize: 25,
    maxBatchingWindow: Duration.seconds(5),
    bisectBatchOnError: true,
    retryAttempts: 5,
    maxRecordAge: Duration.days(1),
    // Only chain-head writes whose commit changed posture or stored notable activity (filters are
    // OR-ed); ledger writes never match.
    filters: [
      lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
        dynamodb: { NewImage: { hasTransitions: { BOOL: lambda.FilterRule.isEqual(true) } } },
      }),
      lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
        dynamodb: { NewImage: { hasNotable: { BOOL: lambda.FilterRule.isEqual(true) } } },
      }),
    ],
  });
  acknowledgeSynchronousFunction(driftFunction, {
    inVpc: props.vpc !== undefined,
    dlqReason:
      'The function is invoked only synchronously by the DynamoDB stream event source mapping; a function ' +
      'DLQ applies to asynchronous invocations only. Batches that still fail after 5 retries (bisected) ' +
      'go to the event source on-failure destination, the drift DLQ, which is alarmed.',
    reaches:
      'DynamoDB, KMS, Secrets Manager, SQS and CloudWatch Logs over TLS with IAM authentication, and the ' +
      'Slack webhook over HTTPS',
  });
  const driftDeadLetterAlarm = queueDepthAlarm(scope, 'DriftDeadLetterAlarm', {
    queue: driftDeadLetterQueue,
    description:
      'Drift notifications could not be delivered to Slack: stream records are waiting in the drift dead-letter queue',
    actions: props.alarmActions,
  });
  return { slackSecret, driftDeadLetterQueue, driftFunction, driftEventSource, driftDeadLetterAlarm };
}

/**
 * The Slack secret created when none is given (construct id `SlackSecret`): encrypted with the pipeline
 * key and holding `{}` until the operator sets the webhook ({@link SLACK_SECRET_PUT_COMMAND}).
 */
function createdSlackSecret(scope: Construct, key: kms.IKey): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, 'SlackSecret', {
    description:
      'Slack incoming webhook(s) of the HIPAA evidence drift notifications, JSON ' +
      '{"webhookUrl": ..., "routes": [{"family", "accountId", "webhookUrl"}]}; set with put-secret-value',
    encryptionKey: key,
    // A placeholder, not a credential: no webhook until the operator sets one after deploy.
    secretObjectValue: {},
  });
  NagSuppressions.addResourceSuppressions(secret, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret holds Slack incoming-webhook URLs, which cannot be rotated programmatically: a URL ' +
        'is replaced by regenerating it in Slack and updating the secret (put-secret-value); the function ' +
        're-reads the secret every five minutes.',
    },
    {
      id: 'HIPAA.Security-SecretsManagerRotationEnabled',
      reason:
        'Slack incoming-webhook URLs cannot be rotated by a Secrets Manager rotation function; they are ' +
        'replaced by regenerating the webhook in Slack and updating the secret (put-secret-value).',
    },
  ]);
  return secret;
}
