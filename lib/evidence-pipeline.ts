import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { BY_DAY_INDEX, BY_RECORDED_DAY_INDEX, TABLE_KEY } from '../core/adapters/dynamodb/table-schema';
import { controlById } from '../core/domain/catalog';
import { deadLetterQueue, queueDepthAlarm } from './dead-letter';
import { assertPatternSize, evidenceRuleSpecs } from './event-patterns';
import { EvidenceFunction } from './evidence-function';
import { ScheduledEvidence } from './scheduled-evidence';

/** The collect handler shipped with this project. */
export const DEFAULT_COLLECT_ENTRY = fileURLToPath(new URL('../lambdas/collect.ts', import.meta.url));

/** The drift (Slack notification) handler shipped with this project. */
export const DEFAULT_DRIFT_ENTRY = fileURLToPath(new URL('../lambdas/drift.ts', import.meta.url));

/** The export (evidence binder) handler shipped with this project. */
export const DEFAULT_EXPORT_ENTRY = fileURLToPath(new URL('../lambdas/export.ts', import.meta.url));

/** Key prefix of exported binders in the binder bucket. */
export const BINDER_PREFIX = 'binders/';
/** Where uploaded documents live in the binder bucket (the S3 document store's default prefix). */
export const DOCUMENTS_PREFIX = 'documents/';

/**
 * Files the export function reads at run time beside its bundle: the DejaVu fonts the PDF/A embeds
 * (resolved as `dejavu-fonts-ttf/ttf/...` from the bundle) and pdfkit's sRGB ICC profile (the PDF/A
 * output intent, read from `./data/` next to the bundle).
 */
export function exportBundledFiles(): { from: string; to: string }[] {
  const fromPackage = (path: string) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));
  const fonts = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf'].map((font) => ({
    from: fromPackage(`dejavu-fonts-ttf/ttf/${font}`),
    to: `node_modules/dejavu-fonts-ttf/ttf/${font}`,
  }));
  return [
    ...fonts,
    { from: fromPackage('dejavu-fonts-ttf/package.json'), to: 'node_modules/dejavu-fonts-ttf/package.json' },
    { from: fromPackage('pdfkit/js/data/sRGB_IEC61966_2_1.icc'), to: 'data/sRGB_IEC61966_2_1.icc' },
  ];
}

/**
 * How an operator stores the Slack webhook(s) in the created secret after deploy (shown in the stack
 * output, so it names no URL). The value is JSON: `webhookUrl` (default destination, e.g.
 * `https://hooks.slack.com/services/...`) and optional `routes` per control family and/or account.
 */
export const SLACK_SECRET_PUT_COMMAND =
  'aws secretsmanager put-secret-value --secret-id <arn> --secret-string ' +
  `'{"webhookUrl":"<incoming-webhook URL>","routes":[{"family":"<family>","accountId":"<12 digits>","webhookUrl":"<URL>"}]}' ` +
  '(routes optional)';

const COLLECT_TIMEOUT = Duration.seconds(60);
/** Slack delivery honours Retry-After and backs off; leave room for a digest plus retries. */
const DRIFT_TIMEOUT = Duration.minutes(5);
/** Custom Config rule names are at most 128 characters. */
const MAX_CONFIG_RULE_NAME = 128;
/** A binder export streams the period twice and writes the PDF: give it Lambda's longest run. */
const EXPORT_TIMEOUT = Duration.minutes(15);
/** S3 Object Lock accepts a default retention of at most 100 years. */
const MAX_OBJECT_LOCK_YEARS = 100;

/** Properties of {@link EvidencePipeline}. */
export interface EvidencePipelineProps {
  /**
   * Entry file of the collect function (an SQS batch handler exporting `handler`).
   * @default - `lambdas/collect.ts` of this project
   */
  readonly collectEntry?: string;
  /**
   * Custom AWS Config rule name to control id, for rules the catalog cannot recognise by name.
   * Passed to the function as `RULE_MAPPINGS` (JSON).
   * @default - none: only managed-rule names are mapped
   */
  readonly ruleMappings?: Readonly<Record<string, string>>;
  /**
   * Extra configuration keys to redact from evidence snapshots. Passed as `REDACT_KEYS`
   * (comma separated), so a key may not contain a comma.
   * @default - none beyond the domain's built-in list
   */
  readonly redactKeys?: readonly string[];
  /**
   * Reserved concurrency of the collect function; the SQS event source is capped to the same
   * value so throttling never pushes messages to the DLQ. An integer of at least 2 (the SQS
   * event source minimum).
   * @default 10
   */
  readonly reservedConcurrency?: number;
  /**
   * Enable X-Ray active tracing on the collect and drift functions.
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Place the collect and drift functions in this VPC (private subnets with egress, or `vpcSubnets`).
   * The VPC needs a NAT gateway or interface endpoints for DynamoDB, SQS, KMS, Config, Secrets Manager
   * and CloudWatch Logs, and the drift function needs HTTPS egress to hooks.slack.com (a NAT gateway
   * or proxy): without it every notification lands in the drift DLQ.
   * @default - not in a VPC: the functions reach only AWS APIs (and Slack)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets for the functions when `vpc` is set.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Retention of the functions' log groups (at least six years).
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Actions of the DLQ-depth alarms, intake and drift (e.g. an SNS topic action).
   * @default - none: the alarm state is visible in CloudWatch only
   */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
  /**
   * Entry file of the drift function (a DynamoDB stream batch handler exporting `handler`).
   * @default - `lambdas/drift.ts` of this project
   */
  readonly driftEntry?: string;
  /**
   * Secret holding the Slack webhook(s) the drift function posts to, as JSON
   * `{"webhookUrl":"https://hooks.slack.com/services/...","routes":[{"family":"...","accountId":"...","webhookUrl":"..."}]}`
   * (`routes` optional; `family` and `accountId` of a route each optional). The URL lives only in the
   * secret: never in environment variables, the template, code or logs. A secret encrypted with a
   * customer-managed key other than the pipeline key is granted `kms:Decrypt` on that key when the
   * imported secret carries it (`encryptionKey`); otherwise that key's policy must allow the role.
   *
   * @default - a secret encrypted with the pipeline key, holding `{}` (no webhook: notifications fail
   * and land in the drift DLQ until it is set). After deploy the operator sets the value with
   * `aws secretsmanager put-secret-value --secret-id <arn> --secret-string '{"webhookUrl":"https://hooks.slack.com/services/..."}'`
   * (the ARN is the stack output `SlackSecretArn`; the caller needs `kms:GenerateDataKey` on the key).
   */
  readonly slackSecret?: secretsmanager.ISecret;
  /**
   * More drift transitions than this within one minute go to Slack as one digest message
   * (`STORM_THRESHOLD`). A positive integer.
   * @default 10
   */
  readonly stormThreshold?: number;
  /**
   * Reserved concurrency of the drift function (a positive integer). Low on purpose: Slack
   * rate-limits incoming webhooks to about one message per second.
   * @default 2
   */
  readonly driftReservedConcurrency?: number;
  /**
   * Default Object Lock retention (COMPLIANCE mode) of exported binders, in whole years (1 to 100).
   * No one, the root user included, can delete or overwrite a binder before it expires.
   * @default 6 - 45 CFR 164.316(b)(2)(i) keeps documentation six years
   */
  readonly binderRetentionYears?: number;
  /**
   * Entry file of the export function (exporting `handler`).
   * @default - `lambdas/export.ts` of this project
   */
  readonly exportEntry?: string;
  /**
   * Reserved concurrency of the export function (a positive integer): exports are rare, long and read
   * the whole period, so few run at once.
   * @default 2
   */
  readonly exportReservedConcurrency?: number;
  /**
   * Id of the AWS Organization (`o-` and 10 to 32 lowercase letters or digits) whose member accounts
   * forward events with {@link MemberAccountForwarder}. Creates a dedicated event bus whose resource
   * policy allows `events:PutEvents` only to principals of that organization (`aws:PrincipalOrgID`),
   * with the pipeline's rules on it routing to the intake queue.
   * @default - no organization bus: only this account's events are collected
   */
  readonly organizationId?: string;
  /**
   * Deletion protection of the evidence table. Turn it off only for short-lived development stacks; the
   * table keeps its RETAIN removal policy either way.
   * @default true
   */
  readonly tableDeletionProtection?: boolean;
  /**
   * Tag rules of the ePHI inventory: a resource is in scope when one of its tags has one of the values
   * (case-insensitive). Passed to the collect and sweep functions as `EPHI_TAGS` (JSON).
   * @default - `ephi=true` or `data-classification=ephi`
   */
  readonly ephiTags?: readonly { readonly key: string; readonly values: readonly string[] }[];
  /**
   * When the daily sweep runs (EventBridge Scheduler `cron(...)` / `rate(...)`, in {@link scheduleTimeZone}).
   * @default 'cron(0 2 * * ? *)'
   */
  readonly sweepSchedule?: string;
  /**
   * When the daily Merkle checkpoint runs (after midnight UTC plus the 30-minute settling time).
   * @default 'cron(30 3 * * ? *)'
   */
  readonly checkpointSchedule?: string;
  /**
   * IANA time zone of both schedules.
   * @default 'UTC'
   */
  readonly scheduleTimeZone?: string;
}

/**
 * The HIPAA evidence pipeline: EventBridge rules for AWS Config and CloudTrail changes feed a
 * KMS-encrypted SQS queue (with DLQ and alarm), consumed by the collect function, which writes the
 * evidence chain to a KMS-encrypted, point-in-time-recoverable DynamoDB table. The table's stream,
 * filtered to chain-head writes that changed posture, feeds the drift function, which posts the
 * transitions to Slack (webhook in Secrets Manager); batches that keep failing go to the drift DLQ.
 * The construct holds no business logic: it wires resources and permissions only.
 */
export class EvidencePipeline extends Construct {
  /** Customer-managed key (rotation on) for the table, the queues and the log groups. */
  public readonly key: kms.Key;
  /** Evidence table (key schema from `core/adapters/dynamodb/table-schema.ts`). */
  public readonly table: dynamodb.Table;
  /** Intake queue the rules deliver to. */
  public readonly queue: sqs.Queue;
  /** Dead-letter queue of the intake queue and of the rule targets. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The collect function. */
  public readonly collectFunction: EvidenceFunction;
  /** Rule for AWS Config compliance and configuration item changes. */
  public readonly configRule: events.Rule;
  /** Rule for the CloudTrail management events the control catalog evaluates. */
  public readonly cloudTrailRule: events.Rule;
  /** Rule for console sign-in events. */
  public readonly signInRule: events.Rule;
  /**
   * Event bus the member accounts of `organizationId` forward to (PutEvents allowed only with
   * `aws:PrincipalOrgID` equal to that id); undefined without `organizationId`.
   */
  public readonly organizationBus?: events.EventBus;
  /** Rules on {@link organizationBus} routing to the intake queue (empty without `organizationId`). */
  public readonly organizationRules: readonly events.Rule[];
  /** Alarm raised when any message reaches the DLQ. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  /** The drift function: evidence table stream (posture transitions only) to Slack. */
  public readonly driftFunction: EvidenceFunction;
  /** The drift function's stream event source. */
  public readonly driftEventSource: DynamoEventSource;
  /** On-failure destination of the drift event source: stream batches whose notifications failed. */
  public readonly driftDeadLetterQueue: sqs.Queue;
  /** Alarm raised when any message reaches the drift DLQ. */
  public readonly driftDeadLetterAlarm: cloudwatch.Alarm;
  /** Secret holding the Slack webhook(s) (the `slackSecret` prop, or one created here). */
  public readonly slackSecret: secretsmanager.ISecret;
  /**
   * Bucket of exported binders: Object Lock in COMPLIANCE mode with default retention, versioned,
   * SSE-KMS with {@link key}, TLS only, no public access, access-logged to {@link binderAccessLogBucket}.
   */
  public readonly binderBucket: s3.Bucket;
  /** Server access logs of the binder bucket (SSE-S3: the only encryption S3 log delivery supports). */
  public readonly binderAccessLogBucket: s3.Bucket;
  /** Asymmetric KMS key (Ed25519, SIGN_VERIFY) that signs binder manifests; the private key never leaves KMS. */
  public readonly binderSigningKey: kms.Key;
  /** The export function: the binder for a period into {@link binderBucket}, and a presigned link. */
  public readonly exportFunction: EvidenceFunction;
  /** The daily sweep and checkpoint functions with their schedules. */
  public readonly scheduled: ScheduledEvidence;

  constructor(scope: Construct, id: string, props: EvidencePipelineProps = {}) {
    super(scope, id);
    const reservedConcurrency = props.reservedConcurrency ?? 10;
    validate(this, props, reservedConcurrency);
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: 'HIPAA evidence pipeline: evidence table, queues and log groups',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccountAndRegion',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    // EventBridge encrypts what it sends to the queues; only rules of this account may use the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeRulesOfThisAccount',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEY.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: props.tableDeletionProtection ?? true,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: BY_DAY_INDEX.name,
      partitionKey: { name: BY_DAY_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: BY_DAY_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    // the leaves of each day's Merkle checkpoint: keys only, the sort key carries observedAt and recordHash
    this.table.addGlobalSecondaryIndex({
      indexName: BY_RECORDED_DAY_INDEX.name,
      partitionKey: { name: BY_RECORDED_DAY_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: BY_RECORDED_DAY_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });
    NagSuppressions.addResourceSuppressions(this.table, [
      {
        id: 'HIPAA.Security-DynamoDBInBackupPlan',
        reason:
          'Continuous backups are on (PITR, 35 days) and the table has deletion protection and a RETAIN policy; ' +
          'evidence is append-only and never expires. Multi-year backup copies belong to the account owner ' +
          'central AWS Backup plan and vault, which this construct does not compete with.',
      },
    ]);

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', {
      key: this.key,
      of: 'the intake queue and of the rule targets',
      namedByRedrivePolicy: true,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      // AWS guidance for Lambda consumers: six times the function timeout.
      visibilityTimeout: Duration.seconds(COLLECT_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    this.collectFunction = new EvidenceFunction(this, 'Collect', {
      entry: props.collectEntry ?? DEFAULT_COLLECT_ENTRY,
      description: 'Collects AWS Config / CloudTrail events as HIPAA evidence',
      encryptionKey: this.key,
      timeout: COLLECT_TIMEOUT,
      memorySize: 512,
      reservedConcurrentExecutions: reservedConcurrency,
      tracing: props.tracing,
      logRetention: props.logRetention,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      environment: {
        TABLE_NAME: this.table.tableName,
        POWERTOOLS_SERVICE_NAME: 'evidence-collect',
        LOG_LEVEL: 'INFO',
        ...evidenceEnvironment(props),
      },
    });
    this.collectFunction.grantTableItemAccess(this.table, [BY_DAY_INDEX.name]);
    this.collectFunction.grantKeyUse(this.key);
    this.collectFunction.consumeQueue(this.queue, {
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(5),
      maxConcurrency: reservedConcurrency,
    });
    this.collectFunction.addToPolicy(
      new iam.PolicyStatement({
        actions: ['config:GetResourceConfigHistory', 'config:BatchGetResourceConfig'],
        resources: ['*'],
      }),
    );
    NagSuppressions.addResourceSuppressions(this.collectFunction.policy, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'config:GetResourceConfigHistory and config:BatchGetResourceConfig support no resource-level ' +
          'permissions (Service Authorization Reference), so Resource "*" is the only valid value; ' +
          'the statement is read-only and limited to these two actions.',
        appliesTo: ['Resource::*'],
      },
    ]);
    this.suppressFunctionFindings(
      this.collectFunction,
      props.vpc !== undefined,
      'The function is invoked only synchronously by the SQS event source mapping; a function DLQ applies ' +
        'to asynchronous invocations only. Failed messages move to the intake queue DLQ ' +
        '(maxReceiveCount 5), which is alarmed.',
      'AWS APIs (DynamoDB, SQS, KMS, Config, CloudWatch Logs) over TLS with IAM authentication',
    );

    const target = new IntakeQueueTarget(this.queue, this.deadLetterQueue);
    const [configRule, cloudTrailRule, signInRule] = this.intakeRules(undefined, '', target);
    this.configRule = configRule as events.Rule;
    this.cloudTrailRule = cloudTrailRule as events.Rule;
    this.signInRule = signInRule as events.Rule;
    if (props.organizationId !== undefined) {
      ({ bus: this.organizationBus, rules: this.organizationRules } = this.organizationIntake(
        props.organizationId,
        target,
      ));
    } else {
      this.organizationRules = [];
    }

    this.deadLetterAlarm = this.queueDepthAlarm(
      'DeadLetterAlarm',
      this.deadLetterQueue,
      'Evidence could not be collected: messages are waiting in the dead-letter queue',
      props.alarmActions,
    );

    // --- drift notifications: stream of posture transitions to Slack ---
    this.slackSecret =
      props.slackSecret ??
      new secretsmanager.Secret(this, 'SlackSecret', {
        description:
          'Slack incoming webhook(s) of the HIPAA evidence drift notifications, JSON ' +
          '{"webhookUrl": ..., "routes": [{"family", "accountId", "webhookUrl"}]}; set with put-secret-value',
        encryptionKey: this.key,
        // A placeholder, not a credential: no webhook until the operator sets one after deploy.
        secretObjectValue: {},
      });
    if (!props.slackSecret) {
      NagSuppressions.addResourceSuppressions(this.slackSecret, [
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
    }

    this.driftDeadLetterQueue = deadLetterQueue(this, 'DriftDeadLetterQueue', {
      key: this.key,
      // the on-failure destination of an event source mapping: cdk-nag recognises only redrive policies
      of: 'the drift function stream event source mapping (its on-failure destination)',
    });
    this.driftFunction = new EvidenceFunction(this, 'Drift', {
      entry: props.driftEntry ?? DEFAULT_DRIFT_ENTRY,
      description: 'Sends HIPAA safeguard drift (posture transitions) to Slack',
      encryptionKey: this.key,
      timeout: DRIFT_TIMEOUT,
      memorySize: 256,
      reservedConcurrentExecutions: props.driftReservedConcurrency ?? 2,
      tracing: props.tracing,
      logRetention: props.logRetention,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      environment: {
        TABLE_NAME: this.table.tableName,
        SLACK_SECRET_ARN: this.slackSecret.secretArn,
        STORM_THRESHOLD: String(props.stormThreshold ?? 10),
        POWERTOOLS_SERVICE_NAME: 'evidence-drift',
        LOG_LEVEL: 'INFO',
      },
    });
    // The notification ledger (N#<id> / SENT items): batch read and write, nothing else.
    this.driftFunction.grantTableItemAccess(
      this.table,
      [],
      ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
    );
    this.driftFunction.grantSecretRead(this.slackSecret);
    // Decrypt: table items, stream records, the secret; GenerateDataKey: sends to the encrypted DLQ.
    this.driftFunction.grantKeyUse(this.key, ['kms:Decrypt', 'kms:GenerateDataKey']);
    const secretKey = this.slackSecret.encryptionKey;
    if (secretKey && secretKey !== this.key) this.driftFunction.grantKeyUse(secretKey, ['kms:Decrypt']);
    this.driftEventSource = this.driftFunction.consumeTableStream(this.table, {
      deadLetterQueue: this.driftDeadLetterQueue,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      maxBatchingWindow: Duration.seconds(5),
      bisectBatchOnError: true,
      retryAttempts: 5,
      maxRecordAge: Duration.days(1),
      // Only chain-head writes whose commit changed posture; ledger writes never match.
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
          dynamodb: { NewImage: { hasTransitions: { BOOL: lambda.FilterRule.isEqual(true) } } },
        }),
      ],
    });
    this.suppressFunctionFindings(
      this.driftFunction,
      props.vpc !== undefined,
      'The function is invoked only synchronously by the DynamoDB stream event source mapping; a function ' +
        'DLQ applies to asynchronous invocations only. Batches that still fail after 5 retries (bisected) ' +
        'go to the event source on-failure destination, the drift DLQ, which is alarmed.',
      'DynamoDB, KMS, Secrets Manager, SQS and CloudWatch Logs over TLS with IAM authentication, and the ' +
        'Slack webhook over HTTPS',
    );
    this.driftDeadLetterAlarm = this.queueDepthAlarm(
      'DriftDeadLetterAlarm',
      this.driftDeadLetterQueue,
      'Drift notifications could not be delivered to Slack: stream records are waiting in the drift dead-letter queue',
      props.alarmActions,
    );

    ({
      bucket: this.binderBucket,
      accessLogBucket: this.binderAccessLogBucket,
      signingKey: this.binderSigningKey,
      exportFunction: this.exportFunction,
    } = this.binderExport(props));

    // the daily sweep ("it was true every day", ending with the coverage check) and the daily signed
    // Merkle checkpoint (with the binder's KMS Ed25519 key, so binders verify the checkpoints)
    this.scheduled = new ScheduledEvidence(this, 'Scheduled', {
      table: this.table,
      key: this.key,
      signingKey: this.binderSigningKey,
      ...(props.sweepSchedule ? { sweepSchedule: props.sweepSchedule } : {}),
      ...(props.checkpointSchedule ? { checkpointSchedule: props.checkpointSchedule } : {}),
      ...(props.scheduleTimeZone ? { timeZone: props.scheduleTimeZone } : {}),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      ...(props.tracing !== undefined ? { tracing: props.tracing } : {}),
      ...(props.vpc ? { vpc: props.vpc } : {}),
      ...(props.vpcSubnets ? { vpcSubnets: props.vpcSubnets } : {}),
      ...(props.alarmActions ? { alarmActions: props.alarmActions } : {}),
      sweepEnvironment: evidenceEnvironment(props),
    });
  }

  /** One rule per {@link evidenceRuleSpecs} entry on `eventBus` (default bus when undefined). */
  private intakeRules(
    eventBus: events.IEventBus | undefined,
    idPrefix: string,
    target: events.IRuleTarget,
  ): events.Rule[] {
    return evidenceRuleSpecs().map((spec) => {
      const rule = new events.Rule(this, `${idPrefix}${spec.id}`, {
        description: `${spec.description} to the evidence intake queue${eventBus ? ' (from member accounts)' : ''}`,
        eventBus,
        eventPattern: spec.eventPattern,
        targets: [target],
      });
      assertPatternSize(rule);
      return rule;
    });
  }

  /**
   * The organization's event bus: member accounts of `organizationId` (and only they) may put events on
   * it; the same rules as on the default bus route them to the intake queue. Events keep their own
   * `account`, so evidence subjects stay per member account.
   */
  private organizationIntake(organizationId: string, target: events.IRuleTarget) {
    const bus = new events.EventBus(this, 'OrganizationBus', {
      description: `HIPAA evidence: events forwarded by the member accounts of ${organizationId}`,
    });
    bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowPutEventsFromOrganizationMembers',
        // Any principal, narrowed by the condition to principals of the organization's accounts.
        principals: [new iam.StarPrincipal()],
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
      }),
    );
    return { bus, rules: this.intakeRules(bus, 'Organization', target) };
  }

  /**
   * Lets `grantee` (a role or user of the auditors' tooling, or the operator running
   * `evidence binder --remote`) invoke the export function: `lambda:InvokeFunction` on it, nothing else.
   */
  /**
   * Lets an IAM principal keep documents as evidence with `evidence upload --documents-bucket <binder
   * bucket>`: put objects under `documents/` (Object Lock keeps them), encrypted with the bucket's key.
   */
  public grantUpload(grantee: iam.IGrantable): iam.Grant {
    const put = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:GetObject'],
      resourceArns: [this.binderBucket.arnForObjects(`${DOCUMENTS_PREFIX}*`)],
    });
    this.key.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    return put;
  }

  public grantExport(grantee: iam.IGrantable): iam.Grant {
    // Only the unqualified function: grantInvoke would add `<arn>:*` (every version and alias) too.
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['lambda:InvokeFunction'],
      resourceArns: [this.exportFunction.function.functionArn],
    });
  }

  /** The binder bucket (and its access-log bucket), the signing key and the export function. */
  private binderExport(props: EvidencePipelineProps) {
    const retentionYears = props.binderRetentionYears ?? 6;
    const accessLogBucket = new s3.Bucket(this, 'BinderAccessLogBucket', {
      // S3 server access log delivery does not support SSE-KMS destinations.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const bucket = new s3.Bucket(this, 'BinderBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      objectLockEnabled: true,
      serverAccessLogsBucket: accessLogBucket,
      serverAccessLogsPrefix: 'binder-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Whole years (not CDK's day count): S3 then honours leap days, and the template reads as the rule.
    (bucket.node.defaultChild as s3.CfnBucket).objectLockConfiguration = {
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: 'COMPLIANCE', years: retentionYears } },
    };
    NagSuppressions.addResourceSuppressions(bucket, [
      {
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason:
          'Binders are immutable (Object Lock COMPLIANCE, versioning) and can be regenerated from the evidence ' +
          'table at any time; a cross-region copy needs a destination bucket and key in another region, which ' +
          'belong to the account owner disaster-recovery design, not to this construct.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(accessLogBucket, [
      {
        id: 'AwsSolutions-S1',
        reason:
          'This is the access-log destination of the binder bucket; logging it to itself would loop and ' +
          'another log bucket would only move the finding.',
      },
      {
        id: 'HIPAA.Security-S3BucketLoggingEnabled',
        reason:
          'This is the access-log destination of the binder bucket; logging it to itself would loop and ' +
          'another log bucket would only move the finding.',
      },
      {
        id: 'HIPAA.Security-S3DefaultEncryptionKMS',
        reason:
          'S3 server access log delivery supports only SSE-S3 (AES-256) on the destination bucket, not SSE-KMS; ' +
          'the logs hold request metadata, never binder content.',
      },
      {
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason:
          'Access logs of the binder bucket are versioned and retained; cross-region copies belong to the ' +
          'account owner disaster-recovery design.',
      },
    ]);

    const signingKey = new kms.Key(this, 'BinderSigningKey', {
      description: 'HIPAA evidence pipeline: signs binder manifests (Ed25519)',
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Ed25519 has no CDK KeySpec member (yet): set on the L1 below.
      keySpec: kms.KeySpec.ECC_NIST_P256,
      enableKeyRotation: false,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    (signingKey.node.defaultChild as kms.CfnKey).keySpec = 'ECC_NIST_EDWARDS25519';
    NagSuppressions.addResourceSuppressions(signingKey, [
      {
        id: 'AwsSolutions-KMS5',
        reason:
          'KMS cannot rotate asymmetric keys. The signing key is long-lived on purpose: binders are verified ' +
          'against its public key for years; to replace it, create a new key and keep the old one for verifying.',
      },
      {
        id: 'HIPAA.Security-KMSBackingKeyRotationEnabled',
        reason:
          'KMS cannot rotate asymmetric keys. The signing key is long-lived on purpose: binders are verified ' +
          'against its public key for years; to replace it, create a new key and keep the old one for verifying.',
      },
    ]);

    const exportFunction = new EvidenceFunction(this, 'Export', {
      entry: props.exportEntry ?? DEFAULT_EXPORT_ENTRY,
      description: 'Exports the HIPAA evidence binder of a period to the Object Lock binder bucket',
      encryptionKey: this.key,
      timeout: EXPORT_TIMEOUT,
      memorySize: 1024,
      ephemeralStorageMb: 2048,
      reservedConcurrentExecutions: props.exportReservedConcurrency ?? 2,
      tracing: props.tracing,
      logRetention: props.logRetention,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      bundledFiles: exportBundledFiles(),
      environment: {
        TABLE_NAME: this.table.tableName,
        BINDER_BUCKET: bucket.bucketName,
        BUCKET_KEY_ARN: this.key.keyArn,
        SIGNING_KEY_ARN: signingKey.keyArn,
        // uploaded documents (`evidence upload --documents-bucket`) live in the same Object Lock bucket
        DOCUMENTS_BUCKET: bucket.bucketName,
        DOCUMENTS_PREFIX: DOCUMENTS_PREFIX,
        POWERTOOLS_SERVICE_NAME: 'evidence-export',
        LOG_LEVEL: 'INFO',
      },
    });
    // The reader: chain heads by Scan (one item kind), chains and checkpoints by Query, the period by
    // Query on byDay, each checkpointed day's leaves (inclusion proofs) by Query on byRecordedDay.
    exportFunction.grantTableItemAccess(
      this.table,
      [BY_DAY_INDEX.name, BY_RECORDED_DAY_INDEX.name],
      ['dynamodb:Query'],
    );
    exportFunction.grantTableItemAccess(this.table, [], ['dynamodb:Scan']);
    // Decrypt: table items; Encrypt / GenerateDataKey: SSE-KMS uploads (multipart parts too).
    exportFunction.grantKeyUse(this.key, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
    const binders = bucket.arnForObjects(`${BINDER_PREFIX}*`);
    const documents = bucket.arnForObjects(`${DOCUMENTS_PREFIX}*`);
    exportFunction.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [signingKey.keyArn],
      }),
      // PutObject covers CreateMultipartUpload / UploadPart / CompleteMultipartUpload; a failed upload is
      // aborted. GetObject only so the presigned link (signed by this role) downloads.
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'],
        resources: [binders],
      }),
      // uploaded documents are read into the binder, never written or deleted by the function
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [documents] }),
    );
    NagSuppressions.addResourceSuppressions(exportFunction.policy, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          `Objects are written and read only under the bucket's ${BINDER_PREFIX} prefix, one key per export ` +
          '(binders/<from>_<to>/<generatedAt>/...), so the object ARN needs a wildcard after that prefix.',
        appliesTo: [
          `Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${BINDER_PREFIX}*`,
        ],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          `Uploaded documents are read (never written) under the bucket's ${DOCUMENTS_PREFIX} prefix, one key per ` +
          'document hash (documents/sha256/<hash>), so the object ARN needs a wildcard after that prefix.',
        appliesTo: [
          `Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${DOCUMENTS_PREFIX}*`,
        ],
      },
    ]);
    this.suppressFunctionFindings(
      exportFunction,
      props.vpc !== undefined,
      'The function is invoked synchronously (RequestResponse) by the CLI and IAM-authorised callers, who ' +
        'receive any error directly; a function DLQ applies to asynchronous invocations only.',
      'AWS APIs (DynamoDB, KMS, S3, CloudWatch Logs) over TLS with IAM authentication',
    );
    return { bucket, accessLogBucket, signingKey, exportFunction };
  }

  private queueDepthAlarm(
    id: string,
    queue: sqs.IQueue,
    description: string,
    actions: readonly cloudwatch.IAlarmAction[] | undefined,
  ): cloudwatch.Alarm {
    return queueDepthAlarm(this, id, { queue, description, actions });
  }

  private suppressFunctionFindings(
    evidenceFunction: EvidenceFunction,
    inVpc: boolean,
    dlqReason: string,
    reaches: string,
  ): void {
    NagSuppressions.addResourceSuppressions(evidenceFunction.function, [
      { id: 'HIPAA.Security-LambdaDLQ', reason: dlqReason },
      { id: 'Serverless-LambdaDLQ', reason: dlqReason },
    ]);
    if (!inVpc) {
      NagSuppressions.addResourceSuppressions(evidenceFunction.function, [
        {
          id: 'HIPAA.Security-LambdaInsideVPC',
          reason:
            `The function holds no network listener and reaches only ${reaches}; ` +
            'pass the vpc prop to place it in private subnets.',
        },
      ]);
    }
  }
}

/**
 * Delivers a rule's events to the intake queue, with delivery failures going to the DLQ. The queue
 * policies allow `events.amazonaws.com` to send only on behalf of the rules bound here
 * (`aws:SourceArn`), independent of feature flags; KMS use is granted once in the key policy.
 */
class IntakeQueueTarget implements events.IRuleTarget {
  constructor(
    private readonly queue: sqs.IQueue,
    private readonly deadLetterQueue: sqs.IQueue,
  ) {}

  public bind(rule: events.IRuleRef): events.RuleTargetConfig {
    const ruleArn = events.CfnRule.arnForRule(rule);
    for (const queue of [this.queue, this.deadLetterQueue]) {
      queue.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
        }),
      );
    }
    return {
      arn: this.queue.queueArn,
      targetResource: this.queue,
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      retryPolicy: { maximumEventAgeInSeconds: 24 * 60 * 60, maximumRetryAttempts: 185 },
    };
  }
}

function validate(scope: Construct, props: EvidencePipelineProps, reservedConcurrency: number): void {
  const fail = (message: string): never => {
    throw new Error(`${scope.node.path}: ${message}`);
  };
  if (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 2) {
    fail(
      `reservedConcurrency must be an integer of at least 2 (the SQS event source minimum), got ${reservedConcurrency}`,
    );
  }
  for (const [ruleName, controlId] of Object.entries(props.ruleMappings ?? {})) {
    if (ruleName.trim() === '' || ruleName.trim() !== ruleName || ruleName.length > MAX_CONFIG_RULE_NAME) {
      fail(
        `ruleMappings key "${ruleName}" must be a Config rule name of 1-${MAX_CONFIG_RULE_NAME} characters ` +
          'without surrounding spaces',
      );
    }
    if (typeof controlId !== 'string' || controlId.trim() === '') {
      fail(`ruleMappings["${ruleName}"] must be a non-empty control id`);
    }
    if (!controlById(controlId)) {
      fail(`ruleMappings["${ruleName}"] names control "${controlId}", which is not in the control catalog`);
    }
  }
  for (const key of props.redactKeys ?? []) {
    if (typeof key !== 'string' || key.trim() === '' || key.includes(',')) {
      fail(`redactKeys entries must be non-empty and contain no comma, got "${key}"`);
    }
  }
  if (props.vpcSubnets && !props.vpc) fail('vpcSubnets is set but vpc is not');
  const storm = props.stormThreshold;
  if (storm !== undefined && !Token.isUnresolved(storm) && (!Number.isInteger(storm) || storm < 1)) {
    fail(`stormThreshold must be a positive integer, got ${storm}`);
  }
  const driftConcurrency = props.driftReservedConcurrency;
  if (driftConcurrency !== undefined && (!Number.isInteger(driftConcurrency) || driftConcurrency < 1)) {
    fail(`driftReservedConcurrency must be a positive integer, got ${driftConcurrency}`);
  }
  const years = props.binderRetentionYears;
  if (years !== undefined && (!Number.isInteger(years) || years < 1 || years > MAX_OBJECT_LOCK_YEARS)) {
    fail(
      `binderRetentionYears must be a whole number of years from 1 to ${MAX_OBJECT_LOCK_YEARS} ` +
        `(the Object Lock default retention), got ${years}`,
    );
  }
  const org = props.organizationId;
  if (org !== undefined && !Token.isUnresolved(org) && !/^o-[a-z0-9]{10,32}$/.test(org)) {
    fail(
      `organizationId must be an AWS Organizations id (o- and 10 to 32 lowercase letters or digits), got "${org}"`,
    );
  }
  const exportConcurrency = props.exportReservedConcurrency;
  if (exportConcurrency !== undefined && (!Number.isInteger(exportConcurrency) || exportConcurrency < 1)) {
    fail(`exportReservedConcurrency must be a positive integer, got ${exportConcurrency}`);
  }
}

/** The evidence configuration the collect and sweep functions share (read by readCollectConfig). */
function evidenceEnvironment(props: EvidencePipelineProps): Record<string, string> {
  return {
    ...(props.ruleMappings && Object.keys(props.ruleMappings).length > 0
      ? { RULE_MAPPINGS: JSON.stringify(props.ruleMappings) }
      : {}),
    ...(props.redactKeys && props.redactKeys.length > 0 ? { REDACT_KEYS: props.redactKeys.join(',') } : {}),
    ...(props.ephiTags ? { EPHI_TAGS: JSON.stringify(props.ephiTags) } : {}),
  };
}
