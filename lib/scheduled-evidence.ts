import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack, TimeZone, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  BY_DAY_INDEX,
  BY_RECORDED_TIME_INDEX,
  WRITER_PARTITIONS,
} from '../core/adapters/dynamodb/table-schema';
import { SWEEP_SCOPES, type SweepScope } from '../core/domain/controls/control';
import { sweepIamActionsScoped } from '../core/domain/sweep-apis';
import { deadLetterQueue, queueDepthAlarm } from './dead-letter';
import { EvidenceFunction, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from './evidence-function';

/** The sweep handler of this project (written on its own branch). */
export const DEFAULT_SWEEP_ENTRY = fileURLToPath(new URL('../lambdas/sweep.ts', import.meta.url));

/** The checkpoint handler of this project (written on its own branch). */
export const DEFAULT_CHECKPOINT_ENTRY = fileURLToPath(new URL('../lambdas/checkpoint.ts', import.meta.url));

/** Every day at 02:00 in {@link ScheduledEvidenceProps.timeZone}. */
export const DEFAULT_SWEEP_SCHEDULE = 'cron(0 2 * * ? *)';
/**
 * Every 15 minutes: each run signs a tree head over what was recorded since the last (the tamper window)
 * and, once a UTC day is over, that day's checkpoint.
 */
export const DEFAULT_CHECKPOINT_SCHEDULE = 'rate(15 minutes)';
/** Where in the anchor bucket the signed heads and checkpoints are kept. */
export const ANCHOR_PREFIX = 'anchors/';

/**
 * The actions the sweep reads the account's posture with: explicit read-only actions instead of the
 * SecurityAudit managed policy, grouped by the resource they can be scoped to. Derived from the calls
 * the controls declare (core/domain/controls/sweep-calls.ts), so the role allows what the collectors call.
 */
export const SWEEP_READ_ACTIONS: Readonly<Record<SweepScope, readonly string[]>> = sweepIamActionsScoped();

/** Properties of {@link ScheduledEvidence}. */
export interface ScheduledEvidenceProps {
  /** The evidence table the sweep writes to and the checkpoint reads. */
  readonly table: dynamodb.ITable;
  /** Customer-managed key of the table; also encrypts the log groups and the dead-letter queue. */
  readonly key: kms.IKey;
  /** Asymmetric SIGN_VERIFY key the checkpoint signs with (`kms:Sign`, `kms:GetPublicKey`). */
  readonly signingKey: kms.IKey;
  /**
   * The S3 bucket under Object Lock (COMPLIANCE) where every signed tree head and checkpoint is also
   * written (`anchors/`), beyond the reach of the table's writers; encrypted with {@link key}.
   */
  readonly anchorBucket: s3.IBucket;
  /**
   * Entry file of the sweep function (exporting `handler`).
   * @default - `lambdas/sweep.ts` of this project
   */
  readonly sweepEntry?: string;
  /**
   * Entry file of the checkpoint function (exporting `handler`).
   * @default - `lambdas/checkpoint.ts` of this project
   */
  readonly checkpointEntry?: string;
  /**
   * When the sweep runs: an EventBridge Scheduler `cron(...)`, `rate(...)` or `at(...)` expression,
   * evaluated in {@link timeZone}.
   * @default 'cron(0 2 * * ? *)' - daily at 02:00
   */
  readonly sweepSchedule?: string;
  /**
   * When the checkpoint runs (same syntax as {@link sweepSchedule}): the longest time evidence stays
   * unsigned. At most every 15 minutes is recommended.
   * @default 'rate(15 minutes)'
   */
  readonly checkpointSchedule?: string;
  /**
   * IANA time zone both schedules are evaluated in (daylight saving time is honoured).
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /**
   * Retries of an invocation Scheduler could not deliver (0 to 185); then the event goes to the DLQ.
   * @default 5
   */
  readonly retryAttempts?: number;
  /**
   * How long Scheduler keeps retrying an undelivered invocation (60 seconds to 24 hours).
   * @default Duration.hours(6)
   */
  readonly maxEventAge?: Duration;
  /**
   * Retention of the functions' log groups (at least six years).
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Enable X-Ray active tracing on both functions.
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * VPC of both functions (it needs endpoints or NAT for every API the sweep reads).
   * @default - not in a VPC
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets when `vpc` is set.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Actions of the DLQ-depth alarm (e.g. an SNS topic action).
   * @default - none: the alarm state is visible in CloudWatch only
   */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
  /**
   * Extra plain configuration of the sweep function (validated like every EvidenceFunction variable).
   * @default - none beyond TABLE_NAME, POWERTOOLS_SERVICE_NAME and LOG_LEVEL
   */
  readonly sweepEnvironment?: Readonly<Record<string, string>>;
  /**
   * Extra plain configuration of the checkpoint function.
   * @default - none beyond TABLE_NAME, SIGNING_KEY_ARN, POWERTOOLS_SERVICE_NAME and LOG_LEVEL
   */
  readonly checkpointEnvironment?: Readonly<Record<string, string>>;
}

/**
 * The scheduled side of the pipeline: a daily sweep (reads the account's Config, CloudTrail, IAM, Logs,
 * KMS and S3 posture and records it as evidence) and a daily checkpoint (signs the day's records), each
 * an {@link EvidenceFunction} invoked by an EventBridge Scheduler schedule in a dedicated schedule group,
 * with a retry policy, a KMS-encrypted dead-letter queue (shared by the schedules and the functions'
 * asynchronous invocations, alarmed), and one role per schedule that may invoke only its function.
 *
 * Each function receives `{"scheduledTime": "<ISO time>", "executionId": "<id>", "attempt": "<n>"}`.
 */
export class ScheduledEvidence extends Construct {
  /** The sweep function. */
  public readonly sweepFunction: EvidenceFunction;
  /** The checkpoint function. */
  public readonly checkpointFunction: EvidenceFunction;
  /** The sweep's schedule. */
  public readonly sweepSchedule: scheduler.Schedule;
  /** The checkpoint's schedule. */
  public readonly checkpointSchedule: scheduler.Schedule;
  /** The group both schedules live in (the scheduler roles trust only this group). */
  public readonly scheduleGroup: scheduler.ScheduleGroup;
  /** Dead-letter queue of undeliverable schedule invocations and failed asynchronous runs. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Alarm raised when any message reaches {@link deadLetterQueue}. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  /** Role Scheduler assumes to invoke the sweep function. */
  public readonly sweepSchedulerRole: iam.Role;
  /** Role Scheduler assumes to invoke the checkpoint function. */
  public readonly checkpointSchedulerRole: iam.Role;

  constructor(scope: Construct, id: string, props: ScheduledEvidenceProps) {
    super(scope, id);
    const timeZone = props.timeZone ?? 'UTC';
    const sweepExpression = props.sweepSchedule ?? DEFAULT_SWEEP_SCHEDULE;
    const checkpointExpression = props.checkpointSchedule ?? DEFAULT_CHECKPOINT_SCHEDULE;
    validate(this, props, timeZone, [sweepExpression, checkpointExpression]);

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', {
      key: props.key,
      of: 'the schedules and of the scheduled functions',
    });
    this.deadLetterAlarm = queueDepthAlarm(this, 'DeadLetterAlarm', {
      queue: this.deadLetterQueue,
      description:
        'A scheduled sweep or checkpoint did not run: messages are waiting in the scheduled-evidence DLQ',
      actions: props.alarmActions,
      period: Duration.minutes(5),
    });

    const common = {
      encryptionKey: props.key,
      logRetention: props.logRetention,
      tracing: props.tracing,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      deadLetterQueue: this.deadLetterQueue,
    };
    this.sweepFunction = new EvidenceFunction(this, 'Sweep', {
      ...common,
      entry: props.sweepEntry ?? DEFAULT_SWEEP_ENTRY,
      description:
        'Daily sweep: records the account posture (Config, CloudTrail, IAM, Logs, KMS, S3) as evidence',
      // Credential report generation and paging through every user, role, key and bucket takes a while.
      timeout: Duration.minutes(15),
      memorySize: 1024,
      reservedConcurrentExecutions: 1,
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: 'evidence-sweep',
        LOG_LEVEL: 'INFO',
        ...props.sweepEnvironment,
      },
    });
    // Scan: the coverage check that ends every sweep reads every chain head (one item kind across the table)
    this.sweepFunction.grantTableItemAccess(
      props.table,
      [BY_DAY_INDEX.name],
      [...TABLE_READ_ACTIONS, 'dynamodb:Scan'],
    );
    this.sweepFunction.grantTableItemAccess(props.table, [], TABLE_WRITE_ACTIONS, {
      leadingKeys: WRITER_PARTITIONS.evidence,
    });
    // Table items (encrypt/decrypt) and the encrypted DLQ (generate data key).
    this.sweepFunction.grantKeyUse(props.key);
    this.grantSweepReads(this.sweepFunction);

    this.checkpointFunction = new EvidenceFunction(this, 'Checkpoint', {
      ...common,
      entry: props.checkpointEntry ?? DEFAULT_CHECKPOINT_ENTRY,
      description: "Daily checkpoint: signs the root of the day's evidence records",
      // A day's tree is held packed (core/domain/day-tree.ts: 56 bytes a leaf, about 100 while its leaves
      // are gathered and sorted), and a backfill records years of history on the days it runs: 512 MB
      // ended near 4 million records a day; 2 GB holds about 18 million (measured: 2 million leaves sorted in
      // 11 s; the reads from byRecordedTime are an estimate, a few minutes at 1 MB pages).
      timeout: Duration.minutes(15),
      memorySize: 2048,
      reservedConcurrentExecutions: 1,
      environment: {
        TABLE_NAME: props.table.tableName,
        SIGNING_KEY_ARN: props.signingKey.keyArn,
        ANCHOR_BUCKET: props.anchorBucket.bucketName,
        ANCHOR_PREFIX,
        ANCHOR_KMS_KEY_ARN: props.key.keyArn,
        POWERTOOLS_SERVICE_NAME: 'evidence-checkpoint',
        LOG_LEVEL: 'INFO',
        ...props.checkpointEnvironment,
      },
    });
    // A day's leaves and log entries through byRecordedTime, the checkpoint items themselves (query / get / put), and on
    // the first run only a keys-only Scan to find the day the log starts.
    this.checkpointFunction.grantTableItemAccess(
      props.table,
      [BY_RECORDED_TIME_INDEX.name],
      ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan'],
    );
    // it writes only checkpoints and tree heads: it cannot touch the evidence it signs
    this.checkpointFunction.grantTableItemAccess(props.table, [], ['dynamodb:PutItem'], {
      leadingKeys: WRITER_PARTITIONS.checkpoint,
    });
    this.checkpointFunction.grantKeyUse(props.key);
    this.checkpointFunction.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [props.signingKey.keyArn],
      }),
    );
    // anchors: write (conditional create) and read under anchors/ only; no delete, no retention change
    this.checkpointFunction.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [props.anchorBucket.arnForObjects(`${ANCHOR_PREFIX}*`)],
      }),
    );
    this.checkpointFunction.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.anchorBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${ANCHOR_PREFIX}*`] } },
      }),
    );
    NagSuppressions.addResourceSuppressions(this.checkpointFunction.policy, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Anchors are one object per signed tree head and per day, named by sequence or day at run time: ' +
          'put (a conditional create that never replaces) and get under the anchors/ prefix of the Object ' +
          'Lock bucket only; no delete, no retention or legal-hold change.',
        // the anchor bucket's ARN is a token (or an imported bucket's ARN): match its anchors/* objects
        appliesTo: [{ regex: `/^Resource::.*\\/${ANCHOR_PREFIX.slice(0, -1)}\\/\\*$/g` }],
      },
    ]);
    for (const fn of [this.sweepFunction, this.checkpointFunction]) {
      if (!props.vpc) {
        NagSuppressions.addResourceSuppressions(fn.function, [
          {
            id: 'HIPAA.Security-LambdaInsideVPC',
            reason:
              'The function holds no network listener and reaches only AWS APIs over TLS with IAM ' +
              'authentication; pass the vpc prop to place it in private subnets.',
          },
        ]);
      }
    }

    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    const tz = TimeZone.of(timeZone);
    ({ schedule: this.sweepSchedule, role: this.sweepSchedulerRole } = this.schedule(
      'SweepSchedule',
      this.sweepFunction,
      scheduler.ScheduleExpression.expression(sweepExpression, tz),
      'Daily HIPAA evidence sweep',
      props,
    ));
    ({ schedule: this.checkpointSchedule, role: this.checkpointSchedulerRole } = this.schedule(
      'CheckpointSchedule',
      this.checkpointFunction,
      scheduler.ScheduleExpression.expression(checkpointExpression, tz),
      'HIPAA evidence tree head and daily checkpoint',
      props,
    ));
  }

  /** A schedule invoking `fn`, with its own role: invoke that function, send to the DLQ, nothing else. */
  private schedule(
    id: string,
    fn: EvidenceFunction,
    expression: scheduler.ScheduleExpression,
    description: string,
    props: ScheduledEvidenceProps,
  ) {
    const stack = Stack.of(this);
    const role = new iam.Role(this, `${id}Role`, {
      description: `EventBridge Scheduler: invokes ${fn.node.path} only`,
      // Only schedules of this account's scheduled-evidence group (confused-deputy guard).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': this.scheduleGroup.scheduleGroupArn,
          },
        },
      }),
    });
    const policy = new iam.ManagedPolicy(this, `${id}Policy`, {
      description: `Invoke ${fn.node.path}; dead-letter undeliverable invocations`,
      roles: [role],
      statements: [
        // The unqualified function only: no versions or aliases (`:*`).
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.function.functionArn] }),
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [props.key.keyArn],
        }),
      ],
    });
    const schedule = new scheduler.Schedule(this, id, {
      description,
      schedule: expression,
      scheduleGroup: this.scheduleGroup,
      target: new targets.LambdaInvoke(fn.function, {
        // The target's own grants (inline, `<arn>:*`) are dropped: the role's managed policy is complete.
        role: role.withoutPolicyUpdates({ addGrantsToResources: false }),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: props.retryAttempts ?? 5,
        maxEventAge: props.maxEventAge ?? Duration.hours(6),
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
          executionId: scheduler.ContextAttribute.executionId,
          attempt: scheduler.ContextAttribute.attemptNumber,
        }),
      }),
    });
    schedule.node.addDependency(policy);
    return { schedule, role };
  }

  /** The sweep's read-only posture actions, each scoped as far as its API allows. */
  private grantSweepReads(fn: EvidenceFunction): void {
    const stack = Stack.of(this);
    const arn = (
      service: string,
      resource: string,
      resourceName: string,
      region?: string,
      account?: string,
    ) =>
      stack.formatArn({
        service,
        resource,
        resourceName,
        region,
        account,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    // The ARNs of each resource class a declared call can be scoped to (the Record makes it total).
    const resources: Record<SweepScope, string[]> = {
      // No resource-level permissions (Service Authorization Reference): Resource "*" only.
      unscoped: ['*'],
      configRules: [arn('config', 'config-rule', '*')],
      // Any region and account: an organization trail lives in the management account, multi-region
      // trails in their home region.
      trails: [arn('cloudtrail', 'trail', '*', '*', '*')],
      users: [arn('iam', 'user', '*', '')],
      roles: [arn('iam', 'role', '*', '')],
      // this account's customer managed policies (GetPolicyVersion of their default version)
      policies: [arn('iam', 'policy', '*', '')],
      logGroups: [
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      keys: [arn('kms', 'key', '*')],
      // Bucket ARNs only (no object path): bucket-level reads of every bucket the sweep lists.
      buckets: [stack.formatArn({ service: 's3', region: '', account: '', resource: '*' })],
      // this region's functions and manual DB (cluster) snapshots: the public-exposure reads
      functions: [
        stack.formatArn({
          service: 'lambda',
          resource: 'function',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      dbSnapshots: ['snapshot', 'cluster-snapshot'].map((resource) =>
        stack.formatArn({
          service: 'rds',
          resource,
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ),
      // databases: this region's Redshift clusters (logging status) and parameter groups (require_ssl)
      redshiftClusters: ['cluster', 'parametergroup'].map((resource) =>
        stack.formatArn({
          service: 'redshift',
          resource,
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ),
      // stores: this region's EFS file systems, SNS topics, SQS queues, Kinesis streams and EKS clusters
      // (a topic's and a queue's ARN ends in its name, with no resource type)
      efsFileSystems: [arn('elasticfilesystem', 'file-system', '*')],
      snsTopics: [stack.formatArn({ service: 'sns', resource: '*' })],
      sqsQueues: [stack.formatArn({ service: 'sqs', resource: '*' })],
      kinesisStreams: [arn('kinesis', 'stream', '*')],
      eksClusters: [arn('eks', 'cluster', '*')],
      // search and machine learning: this region's OpenSearch domains (DescribeDomains)
      opensearchDomains: [arn('es', 'domain', '*')],
      // this region's SageMaker notebook instances and endpoint configurations (their Describe calls)
      sagemakerResources: [
        arn('sagemaker', 'notebook-instance', '*'),
        arn('sagemaker', 'endpoint-config', '*'),
      ],
      // network edge: this region's REST APIs and their stages only (apigateway:GET elsewhere reads
      // API key values, usage plans and client certificates)
      restApis: ['/restapis', '/restapis/*/stages'].map(
        (path) => `arn:${stack.partition}:apigateway:${stack.region}::${path}`,
      ),
      // storage: this region's DynamoDB tables (continuous backups) and AWS Backup plans (their rules)
      tables: [arn('dynamodb', 'table', '*')],
      backupPlans: [
        stack.formatArn({
          service: 'backup',
          resource: 'backup-plan',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // and AWS Backup vaults (their access policies)
      backupVaults: [
        stack.formatArn({
          service: 'backup',
          resource: 'backup-vault',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // threat detection: this region's GuardDuty detector (its state and findings)
      detectors: [arn('guardduty', 'detector', '*')],
      hubs: [arn('securityhub', 'hub', '*')],
    };
    const a = SWEEP_READ_ACTIONS;
    fn.addToPolicy(
      ...SWEEP_SCOPES.filter((scope) => a[scope].length > 0).map(
        (scope) => new iam.PolicyStatement({ actions: [...a[scope]], resources: resources[scope] }),
      ),
    );
    NagSuppressions.addResourceSuppressions(fn.policy, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'The sweep reads the posture of every resource of a kind, whose names it learns at run time. ' +
          `Resource "*" only for ${a.unscoped.join(', ')}, which support no resource-level permissions ` +
          '(Service Authorization Reference); the rest are scoped to their resource type: Config rules, ' +
          "trails, this account's IAM users, roles and customer managed policies, log groups, KMS keys, " +
          'Lambda functions, DB snapshots, Redshift clusters and parameter groups, EFS file systems, SNS ' +
          'topics, SQS queues, Kinesis streams, EKS clusters, OpenSearch domains, SageMaker notebook ' +
          'instances and endpoint configurations, REST API stages, DynamoDB tables, AWS Backup plans and ' +
          'vaults, the GuardDuty detector and Security Hub of this region, and bucket ' +
          'ARNs (no objects). Every action is read-only except iam:GenerateCredentialReport, which only ' +
          'refreshes the account credential report.',
        appliesTo: [
          'Resource::*',
          'Resource::arn:<AWS::Partition>:config:<AWS::Region>:<AWS::AccountId>:config-rule/*',
          'Resource::arn:<AWS::Partition>:cloudtrail:*:*:trail/*',
          'Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*',
          'Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:policy/*',
          'Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/*',
          'Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*',
          'Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:*',
          'Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:snapshot:*',
          'Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster-snapshot:*',
          'Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*',
          'Resource::arn:<AWS::Partition>:s3:::*',
          // databases
          'Resource::arn:<AWS::Partition>:redshift:<AWS::Region>:<AWS::AccountId>:cluster:*',
          'Resource::arn:<AWS::Partition>:redshift:<AWS::Region>:<AWS::AccountId>:parametergroup:*',
          // stores
          'Resource::arn:<AWS::Partition>:elasticfilesystem:<AWS::Region>:<AWS::AccountId>:file-system/*',
          'Resource::arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:*',
          'Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:*',
          'Resource::arn:<AWS::Partition>:kinesis:<AWS::Region>:<AWS::AccountId>:stream/*',
          'Resource::arn:<AWS::Partition>:eks:<AWS::Region>:<AWS::AccountId>:cluster/*',
          // search and machine learning
          'Resource::arn:<AWS::Partition>:es:<AWS::Region>:<AWS::AccountId>:domain/*',
          'Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:notebook-instance/*',
          'Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:endpoint-config/*',
          // network edge
          'Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/restapis/*/stages',
          // storage
          'Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/*',
          'Resource::arn:<AWS::Partition>:backup:<AWS::Region>:<AWS::AccountId>:backup-plan:*',
          'Resource::arn:<AWS::Partition>:backup:<AWS::Region>:<AWS::AccountId>:backup-vault:*',
          // threat detection
          'Resource::arn:<AWS::Partition>:guardduty:<AWS::Region>:<AWS::AccountId>:detector/*',
          'Resource::arn:<AWS::Partition>:securityhub:<AWS::Region>:<AWS::AccountId>:hub/*',
        ],
      },
    ]);
  }
}

const EXPRESSION =
  /^(cron\((\S+ ){5}\S+\)|rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\)|at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\))$/;

function validate(
  scope: Construct,
  props: ScheduledEvidenceProps,
  timeZone: string,
  expressions: readonly string[],
): void {
  const fail = (message: string): never => {
    throw new Error(`${scope.node.path}: ${message}`);
  };
  for (const expression of expressions) {
    if (!Token.isUnresolved(expression) && !EXPRESSION.test(expression)) {
      fail(
        `schedule "${expression}" must be cron(<6 fields>), rate(<n> minutes|hours|days) or at(yyyy-mm-ddThh:mm:ss)`,
      );
    }
  }
  if (!Token.isUnresolved(timeZone)) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      fail(`timeZone "${timeZone}" is not an IANA time zone (e.g. UTC, America/New_York)`);
    }
  }
  const retries = props.retryAttempts;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0 || retries > 185)) {
    fail(`retryAttempts must be an integer from 0 to 185, got ${retries}`);
  }
  const age = props.maxEventAge?.toSeconds();
  if (age !== undefined && (age < 60 || age > 86400)) {
    fail(`maxEventAge must be between 60 seconds and 24 hours, got ${age} seconds`);
  }
}
