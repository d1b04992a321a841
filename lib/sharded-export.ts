import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import {
  ALIAS_PARTITIONS,
  BY_DAY_INDEX,
  BY_RECORDED_TIME_INDEX,
} from '../core/adapters/dynamodb/table-schema';
import { BINDER_PREFIX, DOCUMENTS_PREFIX, kmsBucketProps } from './binder-export';
import { exportBundledFiles } from './bundling';
import { EvidenceFunction } from './evidence-function';
import type { EvidencePipelineProps } from './evidence-pipeline';
import { acknowledgeSynchronousFunction } from './function-findings';

const entry = (name: string) => fileURLToPath(new URL(`../lambdas/${name}.ts`, import.meta.url));
/** The handlers of the sharded export's three steps. */
export const SHARD_ENTRIES = {
  plan: entry('export-plan'),
  slice: entry('export-slice'),
  merge: entry('export-merge'),
};

/** Key prefix of the work files in the work bucket. */
export const SHARD_WORK_PREFIX = 'shards/';
/** Work files of a failed export are removed by the bucket's lifecycle after this many days. */
const WORK_EXPIRY_DAYS = 2;
/** A whole sharded export (plan, every slice, merge) runs at most this long. */
const EXECUTION_TIMEOUT = Duration.hours(6);
/** Lambda's longest run, for the slice and merge steps. */
const STEP_TIMEOUT = Duration.minutes(15);
/** Throttles and service errors of Lambda itself: retried with backoff before a step counts as failed. */
const LAMBDA_TRANSIENT = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
];

/** What Step Functions needs to deliver execution logs to CloudWatch Logs (none takes a resource). */
const LOG_DELIVERY = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];
/** X-Ray, when tracing is on. */
const TRACING = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
];

/** Properties of {@link shardedExport}. */
export interface ShardedExportProps
  extends Pick<
    EvidencePipelineProps,
    'tracing' | 'logRetention' | 'vpc' | 'vpcSubnets' | 'shardedExportConcurrency'
  > {
  /** The pipeline key: the work bucket, the table items read, the log groups. */
  readonly key: kms.Key;
  readonly table: dynamodb.ITable;
  /** Where the binder goes (and the uploaded documents are read from). */
  readonly binderBucket: s3.IBucket;
  /** Server access logs of the work bucket go here (the binder bucket's log bucket). */
  readonly accessLogBucket: s3.IBucket;
  readonly signingKey: kms.IKey;
}

/** What {@link shardedExport} creates; see the members of the same names on `EvidencePipeline`. */
export interface ShardedExport {
  readonly workBucket: s3.Bucket;
  readonly planFunction: EvidenceFunction;
  readonly sliceFunction: EvidenceFunction;
  readonly mergeFunction: EvidenceFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly stateMachineLogGroup: logs.LogGroup;
  readonly stateMachineRole: iam.Role;
  readonly stateMachinePolicy: iam.ManagedPolicy;
}

/**
 * The sharded binder export (docs/scale.md): a Step Functions state machine that plans the slices of a
 * period, exports them in a Map state (bounded concurrency), and merges them into one binder in the
 * binder bucket, with the bucket its steps pass their work files through. A period too large for one
 * invocation of the export function is exported this way; the binder is the same.
 */
export function shardedExport(scope: Construct, props: ShardedExportProps): ShardedExport {
  const sliceConcurrency = props.shardedExportConcurrency ?? 10;
  const workBucket = new s3.Bucket(scope, 'ShardWorkBucket', {
    ...kmsBucketProps(props.key),
    serverAccessLogsBucket: props.accessLogBucket,
    serverAccessLogsPrefix: 'shard-work-bucket/',
    lifecycleRules: [
      {
        expiration: Duration.days(WORK_EXPIRY_DAYS),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    // work files only, each removed once its binder is delivered and expired otherwise
    removalPolicy: RemovalPolicy.DESTROY,
  });
  NagSuppressions.addResourceSuppressions(workBucket, [
    {
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        "The work bucket holds a sharded export's intermediate files for hours (removed on delivery, expired " +
        `after ${WORK_EXPIRY_DAYS} days otherwise); they are rebuilt from the evidence table by running the export again.`,
    },
  ]);

  const common = {
    encryptionKey: props.key,
    tracing: props.tracing,
    logRetention: props.logRetention,
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
  };
  const environment = {
    TABLE_NAME: props.table.tableName,
    WORK_BUCKET: workBucket.bucketName,
    BUCKET_KEY_ARN: props.key.keyArn,
    LOG_LEVEL: 'INFO',
  };
  const work = workBucket.arnForObjects(`${SHARD_WORK_PREFIX}*`);

  const planFunction = new EvidenceFunction(scope, 'ExportPlan', {
    ...common,
    entry: SHARD_ENTRIES.plan,
    description: 'Sharded binder export: snapshots the chain heads and cuts the period into slices',
    timeout: Duration.minutes(5),
    memorySize: 1024,
    reservedConcurrentExecutions: 2,
    environment: { ...environment, POWERTOOLS_SERVICE_NAME: 'evidence-export-plan' },
  });
  // the chain heads by Scan (one item kind); the job and heads written to the work bucket
  planFunction.grantTableItemAccess(props.table, [], ['dynamodb:Scan']);
  planFunction.grantKeyUse(props.key, ['kms:Decrypt', 'kms:GenerateDataKey']);
  planFunction.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [work] }));

  const sliceFunction = new EvidenceFunction(scope, 'ExportSlice', {
    ...common,
    entry: SHARD_ENTRIES.slice,
    description: 'Sharded binder export: exports the evidence of one slice of days as a zip part',
    timeout: STEP_TIMEOUT,
    memorySize: 2048,
    ephemeralStorageMb: 10240,
    // the slices of two exports at once
    reservedConcurrentExecutions: 2 * sliceConcurrency,
    environment: { ...environment, POWERTOOLS_SERVICE_NAME: 'evidence-export-slice' },
  });
  // the slice by Query on byDay, checkpoints by Query, each day's leaves by Query on byRecordedTime
  sliceFunction.grantTableItemAccess(
    props.table,
    [BY_DAY_INDEX.name, BY_RECORDED_TIME_INDEX.name],
    ['dynamodb:Query'],
  );
  // Decrypt: table items, the job; GenerateDataKey: SSE-KMS uploads (multipart ones too)
  sliceFunction.grantKeyUse(props.key, ['kms:Decrypt', 'kms:GenerateDataKey']);
  sliceFunction.addToPolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
      resources: [work],
    }),
  );

  const mergeFunction = new EvidenceFunction(scope, 'ExportMerge', {
    ...common,
    entry: SHARD_ENTRIES.merge,
    description: 'Sharded binder export: merges the slices into one signed binder in the binder bucket',
    timeout: STEP_TIMEOUT,
    memorySize: 3008,
    ephemeralStorageMb: 10240,
    reservedConcurrentExecutions: 2,
    bundledFiles: exportBundledFiles(),
    environment: {
      ...environment,
      BINDER_BUCKET: props.binderBucket.bucketName,
      SIGNING_KEY_ARN: props.signingKey.keyArn,
      DOCUMENTS_BUCKET: props.binderBucket.bucketName,
      DOCUMENTS_PREFIX,
      POWERTOOLS_SERVICE_NAME: 'evidence-export-merge',
    },
  });
  // chains and checkpoints by Query, each day's leaves on byRecordedTime, IAM aliases (their
  // partitions only) by BatchGetItem
  mergeFunction.grantTableItemAccess(props.table, [BY_RECORDED_TIME_INDEX.name], ['dynamodb:Query']);
  mergeFunction.grantTableItemAccess(props.table, [], ['dynamodb:BatchGetItem'], {
    leadingKeys: ALIAS_PARTITIONS,
  });
  mergeFunction.grantKeyUse(props.key, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
  mergeFunction.addToPolicy(
    new iam.PolicyStatement({
      actions: ['kms:Sign', 'kms:GetPublicKey'],
      resources: [props.signingKey.keyArn],
    }),
    // work files read (and copied into the binder: UploadPartCopy reads its source), then removed
    new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:DeleteObject'], resources: [work] }),
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [workBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${SHARD_WORK_PREFIX}*`] } },
    }),
    // the binder: multipart upload (PutObject covers Create/UploadPart/UploadPartCopy/Complete), the
    // PDF, a presigned link (GetObject), never a delete
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'],
      resources: [props.binderBucket.arnForObjects(`${BINDER_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [props.binderBucket.arnForObjects(`${DOCUMENTS_PREFIX}*`)],
    }),
  );

  const bucketId = (bucket: s3.IBucket) =>
    Stack.of(scope).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  const objectWildcard = (bucket: s3.IBucket, prefix: string, reason: string) => ({
    id: 'AwsSolutions-IAM5',
    reason,
    appliesTo: [`Resource::<${bucketId(bucket)}.Arn>/${prefix}*`],
  });
  const workReason =
    `Work files are read and written only under the work bucket's ${SHARD_WORK_PREFIX} prefix, one folder per ` +
    'export job (shards/<job id>/...), so the object ARN needs a wildcard after that prefix.';
  for (const f of [planFunction, sliceFunction])
    NagSuppressions.addResourceSuppressions(f.policy, [
      objectWildcard(workBucket, SHARD_WORK_PREFIX, workReason),
    ]);
  NagSuppressions.addResourceSuppressions(mergeFunction.policy, [
    objectWildcard(workBucket, SHARD_WORK_PREFIX, workReason),
    objectWildcard(
      props.binderBucket,
      BINDER_PREFIX,
      `Binders are written only under the binder bucket's ${BINDER_PREFIX} prefix, one key per export ` +
        '(binders/<from>_<to>/<generatedAt>/...), so the object ARN needs a wildcard after that prefix.',
    ),
    objectWildcard(
      props.binderBucket,
      DOCUMENTS_PREFIX,
      `Uploaded documents are read (never written) under the bucket's ${DOCUMENTS_PREFIX} prefix, one key per ` +
        'document hash, so the object ARN needs a wildcard after that prefix.',
    ),
  ]);
  for (const f of [planFunction, sliceFunction, mergeFunction])
    acknowledgeSynchronousFunction(f, {
      inVpc: props.vpc !== undefined,
      dlqReason:
        'The function is invoked synchronously by the sharded export state machine, which retries Lambda ' +
        'throttling and fails the execution with the error; a function DLQ applies to asynchronous invocations only.',
      reaches: 'AWS APIs (DynamoDB, KMS, S3, CloudWatch Logs) over TLS with IAM authentication',
    });

  const stateMachineLogGroup = new logs.LogGroup(scope, 'ShardedExportLogs', {
    retention: props.logRetention ?? logs.RetentionDays.SIX_YEARS,
    encryptionKey: props.key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const step = (id: string, fn: EvidenceFunction, payload?: sfn.TaskInput) =>
    new tasks.LambdaInvoke(scope, id, {
      lambdaFunction: fn.function,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      ...(payload ? { payload } : {}),
    }).addRetry({ errors: LAMBDA_TRANSIENT, interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2 });
  const plan = step('PlanSlices', planFunction);
  const slices = new sfn.Map(scope, 'ExportEachSlice', {
    itemsPath: '$.slices',
    maxConcurrency: sliceConcurrency,
    resultPath: '$.summaries',
  });
  // a slice that failed for a reason outside it (an S3 or DynamoDB outage past the adapters' retries)
  // is run once more: a slice writes the same files again; a slice whose evidence does not verify is not
  slices.itemProcessor(
    step('ExportOneSlice', sliceFunction).addRetry({
      errors: ['ShardStepFailedError'],
      interval: Duration.seconds(30),
      maxAttempts: 1,
    }),
  );
  const merge = step(
    'MergeSlices',
    mergeFunction,
    sfn.TaskInput.fromObject({
      jobId: sfn.JsonPath.stringAt('$.jobId'),
      slices: sfn.JsonPath.objectAt('$.summaries'),
    }),
  );
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'ShardedExportRole', {
    description: 'Step Functions: runs the sharded binder export (its three functions only)',
    assumedBy: new iam.ServicePrincipal('states.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
  });
  const policy = new iam.ManagedPolicy(scope, 'ShardedExportPolicy', {
    description: 'Invoke the sharded export functions; deliver the execution logs (and traces)',
    roles: [role],
    statements: [
      // the unqualified functions only: no versions or aliases (`:*`)
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [planFunction, sliceFunction, mergeFunction].map((f) => f.function.functionArn),
      }),
      new iam.PolicyStatement({ actions: [...LOG_DELIVERY], resources: ['*'] }),
      ...(props.tracing ? [new iam.PolicyStatement({ actions: [...TRACING], resources: ['*'] })] : []),
    ],
  });
  NagSuppressions.addResourceSuppressions(policy, [
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'Step Functions vended log delivery (logs:CreateLogDelivery and the other actions listed) and X-Ray ' +
        'support no resource-level permissions: Resource "*" is the only valid value. The functions are ' +
        'invoked by ARN only.',
      appliesTo: ['Resource::*'],
    },
  ]);
  const stateMachine = new sfn.StateMachine(scope, 'ShardedExport', {
    definitionBody: sfn.DefinitionBody.fromChainable(plan.next(slices).next(merge)),
    timeout: EXECUTION_TIMEOUT,
    tracingEnabled: props.tracing ?? false,
    logs: { destination: stateMachineLogGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    // the grants the tasks and logging would add (inline, `<arn>:*`) are dropped: the managed policy is complete
    role: role.withoutPolicyUpdates({ addGrantsToResources: false }),
  });
  stateMachine.node.addDependency(policy);
  if (!props.tracing) {
    const reason =
      'X-Ray tracing is opt-in for the whole pipeline (the tracing prop), as for its functions: every step ' +
      'is logged with its input and output to the state machine log group (level ALL).';
    NagSuppressions.addResourceSuppressions(stateMachine, [
      { id: 'AwsSolutions-SF2', reason },
      { id: 'Serverless-StepFunctionStateMachineXray', reason },
    ]);
  }
  return {
    workBucket,
    planFunction,
    sliceFunction,
    mergeFunction,
    stateMachine,
    stateMachineLogGroup,
    stateMachineRole: role,
    stateMachinePolicy: policy,
  };
}
