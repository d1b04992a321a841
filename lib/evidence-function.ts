import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  DynamoEventSource,
  SqsDlq,
  SqsEventSource,
  type SqsEventSourceProps,
} from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { type BundledFile, nodejsBundling } from './bundling';
import { validateFunctionProps } from './function-validation';

export { MIN_LOG_RETENTION_DAYS } from './function-validation';

/** Properties of {@link EvidenceFunction}. */
export interface EvidenceFunctionProps {
  /** Absolute path of the TypeScript entry file, bundled locally with esbuild. */
  readonly entry: string;
  /**
   * Name of the exported handler in `entry`.
   * @default 'handler'
   */
  readonly handler?: string;
  /**
   * Function description.
   * @default - none
   */
  readonly description?: string;
  /** Customer-managed key that encrypts the function's log group. */
  readonly encryptionKey: kms.IKey;
  /**
   * Plain configuration for the function. Names that look like secrets and values that look like
   * credentials are rejected: pass a Secrets Manager / SSM parameter ARN or name instead.
   * @default - no variables
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Maximum run time of one invocation.
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MB (128 to 10240).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Size of the function's `/tmp` in MB (512 to 10240).
   * @default 512
   */
  readonly ephemeralStorageMb?: number;
  /**
   * Files the code reads at run time from beside its bundle (`new URL('./x', import.meta.url)`, or a
   * package path resolved with `createRequire(import.meta.url)`), which esbuild cannot inline: each is
   * copied from `from` (absolute) to `to` (relative to the bundle's root) after bundling.
   * @default - none
   */
  readonly bundledFiles?: readonly BundledFile[];
  /**
   * Reserved concurrent executions (a positive integer).
   * @default - unreserved (the account's shared pool)
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Enable AWS X-Ray active tracing. Grants `xray:PutTraceSegments` / `xray:PutTelemetryRecords`,
   * which have no resource-level permissions.
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Retention of the function's log group; must be at least six years (2192 days).
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Lambda runtime (Node.js family).
   * @default lambda.Runtime.NODEJS_22_X
   */
  readonly runtime?: lambda.Runtime;
  /**
   * VPC to run the function in; when set the function is placed in `vpcSubnets`.
   * @default - not in a VPC (the function reaches only AWS APIs)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets used when `vpc` is set.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Dead-letter queue of asynchronous invocations (e.g. from EventBridge Scheduler): events whose
   * invocation still failed after Lambda's retries land here. Grants `sqs:SendMessage` on it; an encrypted
   * queue also needs {@link EvidenceFunction.grantKeyUse} with `kms:GenerateDataKey` and `kms:Decrypt`.
   * @default - none (right for functions invoked synchronously or by event source mappings)
   */
  readonly deadLetterQueue?: sqs.IQueue;
}

/** Options of {@link EvidenceFunction.consumeQueue}. */
export interface ConsumeQueueOptions {
  /**
   * Messages per invocation.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long to gather a batch.
   * @default Duration.seconds(5)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Cap on concurrent invocations by this event source (2 to 1000). Keep it at or below reserved
   * concurrency so throttled batches do not burn receive counts and land in the DLQ.
   * @default - no cap
   */
  readonly maxConcurrency?: number;
}

/** Options of {@link EvidenceFunction.consumeTableStream}. */
export interface ConsumeTableStreamOptions {
  /**
   * Where records of batches that failed `retryAttempts` times (or grew older than `maxRecordAge`)
   * are sent: nothing leaves the stream silently. Encrypted queues need {@link EvidenceFunction.grantKeyUse}
   * with `kms:GenerateDataKey` and `kms:Decrypt`.
   */
  readonly deadLetterQueue: sqs.IQueue;
  /**
   * Where to start reading the stream.
   * @default lambda.StartingPosition.TRIM_HORIZON
   */
  readonly startingPosition?: lambda.StartingPosition;
  /**
   * Records per invocation (1 to 1000).
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * How long to gather a batch.
   * @default Duration.seconds(5)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Split a failing batch in two and retry the halves.
   * @default true
   */
  readonly bisectBatchOnError?: boolean;
  /**
   * Retries of a failing batch before its records go to `deadLetterQueue`.
   * @default 5
   */
  readonly retryAttempts?: number;
  /**
   * Records older than this go to `deadLetterQueue` instead of the function.
   * @default Duration.days(1)
   */
  readonly maxRecordAge?: Duration;
  /**
   * Event filters (`lambda.FilterCriteria.filter(...)`); records that match none are dropped
   * before invoking the function.
   * @default - every record
   */
  readonly filters?: readonly Record<string, unknown>[];
}

/** The runtime every function uses unless told otherwise (its Node.js major is the esbuild target). */
export const DEFAULT_RUNTIME = lambda.Runtime.NODEJS_22_X;

/** Item-level DynamoDB actions {@link EvidenceFunction.grantTableItemAccess} can grant. */
export type TableItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:DescribeTable'
  /** never in the default: only for a reader that lists one item kind across the table (chain heads) */
  | 'dynamodb:Scan';

/** Options of {@link EvidenceFunction.grantTableItemAccess}. */
export interface TableItemAccessOptions {
  /** Partition key patterns (`dynamodb:LeadingKeys`, e.g. `S#*`) the actions are limited to. @default - any */
  readonly leadingKeys?: readonly string[];
}

/** Item writes: a role limited to some partitions gets these with `leadingKeys`. */
export const TABLE_WRITE_ACTIONS: readonly TableItemAction[] = [
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** Item reads. */
export const TABLE_READ_ACTIONS: readonly TableItemAction[] = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:DescribeTable',
];

/** What {@link EvidenceFunction.grantTableItemAccess} grants by default: no Scan, no UpdateItem. */
export const TABLE_ITEM_ACTIONS: readonly TableItemAction[] = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DescribeTable',
];

/** Data-key actions {@link EvidenceFunction.grantKeyUse} can grant. */
export type KeyUseAction = 'kms:Encrypt' | 'kms:Decrypt' | 'kms:GenerateDataKey';

/**
 * The one function shape of the pipeline: a `NodejsFunction` (nodejs22.x, arm64, minified ESM,
 * local esbuild, AWS SDK v3 from the runtime) with its own CMK-encrypted six-year log group and an
 * execution role whose only permissions live in one customer-managed policy. CDK's implicit
 * grants (event sources, `grant*` helpers) are deliberately not applied to the role: every
 * permission is added explicitly through this construct's helpers, so the policy reads as the
 * complete least-privilege list.
 */
export class EvidenceFunction extends Construct {
  /** The Lambda function. */
  public readonly function: nodejs.NodejsFunction;
  /** The execution role (no inline policies, no AWS managed policies unless `vpc` is set). */
  public readonly role: iam.Role;
  /** The customer-managed policy holding every permission of the function. */
  public readonly policy: iam.ManagedPolicy;
  /** The function's dedicated log group. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EvidenceFunctionProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.seconds(60);
    const memorySize = props.memorySize ?? 512;
    const logRetention = props.logRetention ?? logs.RetentionDays.SIX_YEARS;
    const runtime = props.runtime ?? DEFAULT_RUNTIME;
    validateFunctionProps(this, { ...props, timeout, memorySize, logRetention, runtime });

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logRetention,
      encryptionKey: props.encryptionKey,
      // The logs are part of the evidence trail: they outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Permissions of ${this.node.path}`,
      roles: [this.role],
      statements: [
        // Replaces AWSLambdaBasicExecutionRole, scoped to this function's own log group.
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    });
    if (props.tracing) {
      this.policy.addStatements(
        new iam.PolicyStatement({
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      );
      NagSuppressions.addResourceSuppressions(this.policy, [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; ' +
            'Resource "*" is the only valid value (tracing is opt-in).',
          appliesTo: ['Resource::*'],
        },
      ]);
    }
    if (props.vpc) {
      this.role.addManagedPolicy(
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      );
      NagSuppressions.addResourceSuppressions(this.role, [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'AWSLambdaVPCAccessExecutionRole carries only the ENI actions Lambda needs to attach the function ' +
            'to the customer VPC (opt-in via the vpc prop); those EC2 actions support no narrower resource.',
          appliesTo: [
            'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
          ],
        },
      ]);
    }

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime,
      architecture: lambda.Architecture.ARM_64,
      memorySize,
      timeout,
      ephemeralStorageSize: props.ephemeralStorageMb ? Size.mebibytes(props.ephemeralStorageMb) : undefined,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      environment: { ...props.environment },
      logGroup: this.logGroup,
      // Implicit grants are dropped: permissions come only from `this.policy` (see class doc).
      role: this.role.withoutPolicyUpdates({ addGrantsToResources: false }),
      deadLetterQueue: props.deadLetterQueue,
      vpc: props.vpc,
      vpcSubnets: props.vpc
        ? (props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS })
        : undefined,
      bundling: nodejsBundling(props.bundledFiles),
    });
    // The event source mapping is created against the role: the policy must be attached first.
    this.function.node.addDependency(this.policy);
    if (props.deadLetterQueue) this.grantSendMessages(props.deadLetterQueue);
    this.acknowledgeDefaults(props);
  }

  /** Acknowledges the nag findings that follow from this construct's own defaults, each with its reason. */
  private acknowledgeDefaults(props: EvidenceFunctionProps): void {
    if (props.runtime === undefined) {
      const pinned =
        'The runtime is pinned to nodejs22.x, the supported Node.js line of this project (esbuild target and ' +
        'tests); it is a supported Lambda runtime and moves forward deliberately, not implicitly.';
      NagSuppressions.addResourceSuppressions(this.function, [
        { id: 'AwsSolutions-L1', reason: pinned },
        { id: 'Serverless-LambdaLatestVersion', reason: pinned },
      ]);
    }
    if (!props.tracing) {
      NagSuppressions.addResourceSuppressions(this.function, [
        {
          id: 'Serverless-LambdaTracing',
          reason:
            'X-Ray tracing is opt-in (tracing prop): every function writes structured Powertools logs with the ' +
            'request id to its own six-year log group, and active tracing adds cost and an xray:* grant on "*".',
        },
      ]);
    }
  }

  /** Adds statements to the function's policy. */
  public addToPolicy(...statements: iam.PolicyStatement[]): void {
    this.policy.addStatements(...statements);
  }

  /**
   * Item-level access to a table and the named indexes; no Scan unless asked for, no table management.
   * @param actions the actions to grant (default {@link TABLE_ITEM_ACTIONS}); pass fewer to narrow.
   */
  public grantTableItemAccess(
    table: dynamodb.ITable,
    indexNames: readonly string[] = [],
    actions: readonly TableItemAction[] = TABLE_ITEM_ACTIONS,
    options: TableItemAccessOptions = {},
  ): void {
    if (actions.length === 0) throw new Error(`${this.node.path}: grantTableItemAccess needs an action`);
    if (options.leadingKeys?.length === 0)
      throw new Error(`${this.node.path}: grantTableItemAccess leadingKeys names no partition`);
    this.addToPolicy(
      new iam.PolicyStatement({
        actions: [...actions],
        resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
        ...(options.leadingKeys
          ? {
              conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...options.leadingKeys] } },
            }
          : {}),
      }),
    );
  }

  /**
   * Data-key use of a KMS key.
   * @param actions the actions to grant (default encrypt, decrypt, generate data key).
   */
  public grantKeyUse(
    key: kms.IKey,
    actions: readonly KeyUseAction[] = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
  ): void {
    if (actions.length === 0) throw new Error(`${this.node.path}: grantKeyUse needs an action`);
    this.addToPolicy(new iam.PolicyStatement({ actions: [...actions], resources: [key.keyArn] }));
  }

  /**
   * Read access to one secret's value (`secretsmanager:GetSecretValue` only). A secret encrypted
   * with a customer-managed key also needs {@link grantKeyUse} with `kms:Decrypt` on that key.
   */
  public grantSecretRead(secret: secretsmanager.ISecret): void {
    // A secret imported by name has no full ARN; Secrets Manager appends six random characters.
    const arn = secret.secretFullArn ?? `${secret.secretArn}-??????`;
    this.addToPolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [arn] }),
    );
  }

  /**
   * Permission to send to one queue (`sqs:SendMessage` only), e.g. a destination. An encrypted queue
   * also needs {@link grantKeyUse} with `kms:GenerateDataKey` and `kms:Decrypt`.
   */
  public grantSendMessages(queue: sqs.IQueue): void {
    this.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  }

  /**
   * Subscribes the function to a queue (partial batch responses on) and grants exactly the consume
   * actions. KMS permissions for an encrypted queue come from {@link grantKeyUse}.
   */
  public consumeQueue(queue: sqs.IQueue, options: ConsumeQueueOptions = {}): SqsEventSource {
    this.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
        ],
        resources: [queue.queueArn],
      }),
    );
    const sourceProps: SqsEventSourceProps = {
      batchSize: options.batchSize ?? 10,
      maxBatchingWindow: options.maxBatchingWindow ?? Duration.seconds(5),
      reportBatchItemFailures: true,
      maxConcurrency: options.maxConcurrency,
    };
    const source = new SqsEventSource(queue, sourceProps);
    const before = new Set(this.function.node.children);
    this.function.addEventSource(source);
    for (const mapping of this.function.node.children.filter((child) => !before.has(child))) {
      NagSuppressions.addResourceSuppressions(mapping, [
        {
          id: 'Serverless-LambdaEventSourceMappingDestination',
          reason:
            'SQS event source mappings take no on-failure destination: a message that keeps failing moves to ' +
            "the queue's own dead-letter queue through its redrive policy (maxReceiveCount).",
        },
      ]);
    }
    return source;
  }

  /**
   * Subscribes the function to a table's DynamoDB stream (partial batch responses on, failed batches
   * to `deadLetterQueue`) and grants exactly the stream read actions plus `sqs:SendMessage` on the
   * queue. KMS permissions (stream and queue encryption) come from {@link grantKeyUse}.
   */
  public consumeTableStream(table: dynamodb.ITable, options: ConsumeTableStreamOptions): DynamoEventSource {
    const streamArn = table.tableStreamArn;
    if (!streamArn) throw new Error(`${this.node.path}: table ${table.node.path} has no stream`);
    this.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [streamArn],
      }),
      new iam.PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }),
    );
    NagSuppressions.addResourceSuppressions(this.policy, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'dynamodb:ListStreams supports no resource-level permissions (Service Authorization Reference; ' +
          'part of the stream read set Lambda documents for DynamoDB event sources), so Resource "*" is the ' +
          "only valid value; it lists stream ARNs only. Reading records is scoped to this table's stream ARN.",
        appliesTo: ['Resource::*'],
      },
    ]);
    this.grantSendMessages(options.deadLetterQueue);
    const source = new DynamoEventSource(table, {
      startingPosition: options.startingPosition ?? lambda.StartingPosition.TRIM_HORIZON,
      batchSize: options.batchSize ?? 100,
      maxBatchingWindow: options.maxBatchingWindow ?? Duration.seconds(5),
      bisectBatchOnError: options.bisectBatchOnError ?? true,
      retryAttempts: options.retryAttempts ?? 5,
      maxRecordAge: options.maxRecordAge ?? Duration.days(1),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(options.deadLetterQueue),
      filters: options.filters ? [...options.filters] : undefined,
    });
    this.function.addEventSource(source);
    return source;
  }
}
