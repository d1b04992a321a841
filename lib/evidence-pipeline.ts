import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { controlById } from '../core/domain/catalog';
import { binderExport, grantDocumentUpload, grantExportInvoke } from './binder-export';
import { driftNotifications } from './drift-notifications';
import type { EvidenceFunction } from './evidence-function';
import { evidenceTable, pipelineKey } from './evidence-table';
import { evidenceIntake } from './intake';
import { ScheduledEvidence } from './scheduled-evidence';
import { type ShardedExport, shardedExport } from './sharded-export';

// The public constants of the pipeline's parts, defined beside the part that uses them.
export { BINDER_PREFIX, DEFAULT_EXPORT_ENTRY, DOCUMENTS_PREFIX } from './binder-export';
export { DEFAULT_DRIFT_ENTRY, SLACK_SECRET_PUT_COMMAND } from './drift-notifications';
export { DEFAULT_COLLECT_ENTRY } from './intake';

/** Custom Config rule names are at most 128 characters. */
const MAX_CONFIG_RULE_NAME = 128;
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
   * Slices the sharded export runs at once (the Map state's MaxConcurrency, 1 to 40): each reads its
   * days from the table at its own pace, so this bounds the export's read load.
   * @default 10
   */
  readonly shardedExportConcurrency?: number;
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
 * The export function writes signed binders to an Object Lock bucket; the daily sweep and checkpoint
 * run on schedules. The construct holds no business logic: it wires resources and permissions only.
 *
 * Its parts live one per file: `evidence-table.ts` (key and table), `intake.ts` (rules, queues, collect),
 * `drift-notifications.ts` (stream, drift function, Slack secret), `binder-export.ts` (buckets, signing
 * key, export function) and `scheduled-evidence.ts` (sweep and checkpoint).
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
  /**
   * The sharded export (docs/scale.md): a Step Functions state machine for periods too large for one
   * invocation of {@link exportFunction}, its plan, slice and merge functions and its work bucket.
   */
  public readonly shardedExport: ShardedExport;
  /** The daily sweep and checkpoint functions with their schedules. */
  public readonly scheduled: ScheduledEvidence;

  constructor(scope: Construct, id: string, props: EvidencePipelineProps = {}) {
    super(scope, id);
    const reservedConcurrency = props.reservedConcurrency ?? 10;
    validate(this, props, reservedConcurrency);

    // Every part adds its resources to this construct under the ids they always had: logical ids derive
    // from construct paths, and a changed one would replace a deployed resource (the table above all).
    this.key = pipelineKey(this);
    this.table = evidenceTable(this, {
      key: this.key,
      deletionProtection: props.tableDeletionProtection ?? true,
    });
    const shared = { ...props, key: this.key, table: this.table };

    ({
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      collectFunction: this.collectFunction,
      configRule: this.configRule,
      cloudTrailRule: this.cloudTrailRule,
      signInRule: this.signInRule,
      organizationBus: this.organizationBus,
      organizationRules: this.organizationRules,
      deadLetterAlarm: this.deadLetterAlarm,
    } = evidenceIntake(this, {
      ...shared,
      reservedConcurrency,
      evidenceEnvironment: evidenceEnvironment(props),
    }));

    ({
      slackSecret: this.slackSecret,
      driftDeadLetterQueue: this.driftDeadLetterQueue,
      driftFunction: this.driftFunction,
      driftEventSource: this.driftEventSource,
      driftDeadLetterAlarm: this.driftDeadLetterAlarm,
    } = driftNotifications(this, shared));

    ({
      binderBucket: this.binderBucket,
      binderAccessLogBucket: this.binderAccessLogBucket,
      binderSigningKey: this.binderSigningKey,
      exportFunction: this.exportFunction,
    } = binderExport(this, shared));
    this.shardedExport = shardedExport(this, {
      ...shared,
      binderBucket: this.binderBucket,
      accessLogBucket: this.binderAccessLogBucket,
      signingKey: this.binderSigningKey,
    });

    // the daily sweep ("it was true every day", ending with the coverage check) and the daily signed
    // Merkle checkpoint (with the binder's KMS Ed25519 key, so binders verify the checkpoints)
    this.scheduled = new ScheduledEvidence(this, 'Scheduled', {
      table: this.table,
      key: this.key,
      signingKey: this.binderSigningKey,
      anchorBucket: this.binderBucket,
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

  /**
   * Lets an IAM principal keep documents as evidence with `evidence upload --documents-bucket <binder
   * bucket>`: put objects under `documents/` (Object Lock keeps them), encrypted with the bucket's key.
   */
  public grantUpload(grantee: iam.IGrantable): iam.Grant {
    return grantDocumentUpload(grantee, this.binderBucket, this.key);
  }

  /**
   * Lets `grantee` (a role or user of the auditors' tooling, or the operator running
   * `evidence binder --remote`) invoke the export function: `lambda:InvokeFunction` on it, nothing else.
   */
  public grantExport(grantee: iam.IGrantable): iam.Grant {
    return grantExportInvoke(grantee, this.exportFunction);
  }

  /**
   * Lets `grantee` run the sharded export (`evidence binder --remote ... --state-machine`): start an
   * execution of its state machine and read how that execution went, nothing else.
   */
  public grantShardedExport(grantee: iam.IGrantable): iam.Grant {
    const machine = this.shardedExport.stateMachine;
    const start = machine.grantStartExecution(grantee);
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['states:DescribeExecution'],
      resourceArns: [
        Stack.of(this).formatArn({
          service: 'states',
          resource: 'execution',
          resourceName: `${machine.stateMachineName}:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
    return start;
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
  const slices = props.shardedExportConcurrency;
  if (slices !== undefined && (!Number.isInteger(slices) || slices < 1 || slices > 40)) {
    fail(`shardedExportConcurrency must be a whole number from 1 to 40, got ${slices}`);
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
