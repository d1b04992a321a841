// The sharded binder export: work bucket, plan/slice/merge functions, state machine (lib/sharded-export.ts).
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { EvidencePipeline, type EvidencePipelineProps } from '../../lib';
import { SHARD_ENTRIES } from '../../lib/sharded-export';
import {
  actionsOf,
  type ConfiguredFixture,
  type DefaultsFixture,
  getAtt,
  keyArnRef,
  logicalId,
  policyStatements,
  type Resources,
  type Statement,
  synthesizePipelines,
} from './pipeline-fixture';

let defaults: DefaultsFixture;
let configured: ConfiguredFixture;

beforeAll(() => {
  ({ defaults, configured } = synthesizePipelines({ nag: false }));
});

const LAMBDA_RETRY = {
  ErrorEquals: [
    'Lambda.TooManyRequestsException',
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
  ],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
};

/** The state machine's definition, with each function's ARN replaced by its logical id. */
function definition(fixture: DefaultsFixture): Record<string, unknown> {
  const machines = fixture.template.findResources('AWS::StepFunctions::StateMachine') as Resources;
  const [machine] = Object.values(machines);
  const parts = (machine!.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = parts
    .map((p) => (typeof p === 'string' ? p : `<${(p as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]}>`))
    .join('');
  return JSON.parse(text) as Record<string, unknown>;
}

/** Each statement as `actions (sorted) -> resource`, for exact comparison. */
function grants(
  statements: Statement[],
): Array<{ actions: string[]; resource: unknown; condition?: unknown }> {
  return statements.map((s) => ({
    actions: [...actionsOf(s)].sort(),
    resource: s.Resource,
    ...((s as { Condition?: unknown }).Condition
      ? { condition: (s as { Condition?: unknown }).Condition }
      : {}),
  }));
}

describe('sharded export (defaults)', () => {
  const id = (type: string, prefix: string) => logicalId(defaults.template, type, prefix);
  const table = () => getAtt(id('AWS::DynamoDB::Table', 'PipelineTable'));
  const workBucket = () => id('AWS::S3::Bucket', 'PipelineShardWorkBucket');
  const objects = (bucket: string, prefix: string) => ({ 'Fn::Join': ['', [getAtt(bucket), `/${prefix}*`]] });
  const logGroup = (fn: string) => getAtt(id('AWS::Logs::LogGroup', `Pipeline${fn}LogGroup`));
  const logs = (fn: string) => ({
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resource: logGroup(fn),
  });

  it('uses the repository handlers', () => {
    expect(SHARD_ENTRIES.plan).toMatch(/lambdas[/\\]export-plan\.ts$/);
    expect(SHARD_ENTRIES.slice).toMatch(/lambdas[/\\]export-slice\.ts$/);
    expect(SHARD_ENTRIES.merge).toMatch(/lambdas[/\\]export-merge\.ts$/);
  });

  it('plans, exports the slices in a Map of at most 10 at once, then merges; Lambda throttling is retried', () => {
    const plan = id('AWS::Lambda::Function', 'PipelineExportPlanFunction');
    const slice = id('AWS::Lambda::Function', 'PipelineExportSliceFunction');
    const merge = id('AWS::Lambda::Function', 'PipelineExportMergeFunction');
    expect(definition(defaults)).toEqual({
      StartAt: 'PlanSlices',
      TimeoutSeconds: 6 * 3600,
      States: {
        PlanSlices: { Type: 'Task', Resource: `<${plan}>`, Retry: [LAMBDA_RETRY], Next: 'ExportEachSlice' },
        ExportEachSlice: {
          Type: 'Map',
          ItemsPath: '$.slices',
          MaxConcurrency: 10,
          ResultPath: '$.summaries',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'ExportOneSlice',
            States: {
              ExportOneSlice: {
                Type: 'Task',
                Resource: `<${slice}>`,
                // a failure outside the slice is tried once more; an integrity error is not retried
                Retry: [
                  LAMBDA_RETRY,
                  { ErrorEquals: ['ShardStepFailedError'], IntervalSeconds: 30, MaxAttempts: 1 },
                ],
                End: true,
              },
            },
          },
          Next: 'MergeSlices',
        },
        MergeSlices: {
          Type: 'Task',
          Resource: `<${merge}>`,
          Parameters: { 'jobId.$': '$.jobId', 'slices.$': '$.summaries' },
          Retry: [LAMBDA_RETRY],
          End: true,
        },
      },
    });
  });

  it('logs every execution event, with its data, to a six-year log group encrypted with the pipeline key', () => {
    const logGroupId = id('AWS::Logs::LogGroup', 'PipelineShardedExportLogs');
    defaults.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: {
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt(logGroupId) } }],
        IncludeExecutionData: true,
        Level: 'ALL',
      },
      TracingConfiguration: { Enabled: false },
      RoleArn: getAtt(id('AWS::IAM::Role', 'PipelineShardedExportRole')),
    });
    const group = defaults.template.findResources('AWS::Logs::LogGroup')[logGroupId];
    expect(group?.Properties).toMatchObject({
      KmsKeyId: keyArnRef(defaults.template),
      RetentionInDays: 2192,
    });
  });

  it('lets the state machine invoke its three functions by ARN and deliver its logs, nothing else', () => {
    const fn = (prefix: string) => getAtt(id('AWS::Lambda::Function', prefix));
    expect(grants(policyStatements(defaults.template, 'PipelineShardedExportPolicy'))).toEqual([
      {
        actions: ['lambda:InvokeFunction'],
        // (CDK lists a statement's resources sorted)
        resource: [
          fn('PipelineExportMergeFunction'),
          fn('PipelineExportPlanFunction'),
          fn('PipelineExportSliceFunction'),
        ],
      },
      {
        actions: [
          'logs:CreateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:DescribeLogGroups',
          'logs:DescribeResourcePolicies',
          'logs:GetLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:UpdateLogDelivery',
        ],
        resource: '*',
      },
    ]);
    // no inline policy: the grants CDK would add to the role are dropped
    const role =
      defaults.template.findResources('AWS::IAM::Role')[id('AWS::IAM::Role', 'PipelineShardedExportRole')];
    expect(role?.Properties.Policies).toBeUndefined();
    const policies = defaults.template.findResources('AWS::IAM::Policy') as Resources;
    for (const p of Object.values(policies))
      expect(JSON.stringify(p.Properties.Roles)).not.toContain('PipelineShardedExportRole');
  });

  it('grants the plan function the heads Scan and puts of work files only', () => {
    expect(grants(policyStatements(defaults.template, 'PipelineExportPlanPolicy'))).toEqual([
      logs('ExportPlan'),
      { actions: ['dynamodb:Scan'], resource: table() },
      { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resource: keyArnRef(defaults.template) },
      { actions: ['s3:PutObject'], resource: objects(workBucket(), 'shards/') },
    ]);
  });

  it('grants a slice function Query on the period and the leaves, and its work files, only', () => {
    expect(grants(policyStatements(defaults.template, 'PipelineExportSlicePolicy'))).toEqual([
      logs('ExportSlice'),
      {
        actions: ['dynamodb:Query'],
        resource: [
          table(),
          { 'Fn::Join': ['', [table(), '/index/byDay']] },
          { 'Fn::Join': ['', [table(), '/index/byRecordedTime']] },
        ],
      },
      { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resource: keyArnRef(defaults.template) },
      {
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        resource: objects(workBucket(), 'shards/'),
      },
    ]);
  });

  it('grants the merge function its reads, the signing key, the work files and binders/ writes, never a binder delete', () => {
    const binderBucket = id('AWS::S3::Bucket', 'PipelineBinderBucket');
    const signingKey = getAtt(id('AWS::KMS::Key', 'PipelineBinderSigningKey'));
    expect(grants(policyStatements(defaults.template, 'PipelineExportMergePolicy'))).toEqual([
      logs('ExportMerge'),
      {
        actions: ['dynamodb:Query'],
        resource: [table(), { 'Fn::Join': ['', [table(), '/index/byRecordedTime']] }],
      },
      {
        actions: ['dynamodb:BatchGetItem'],
        resource: table(),
        // the IAM aliases only (read by key when identities were stored under their unique id)
        condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['A#*'] } },
      },
      {
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resource: keyArnRef(defaults.template),
      },
      { actions: ['kms:GetPublicKey', 'kms:Sign'], resource: signingKey },
      { actions: ['s3:DeleteObject', 's3:GetObject'], resource: objects(workBucket(), 'shards/') },
      {
        actions: ['s3:ListBucket'],
        resource: getAtt(workBucket()),
        condition: { StringLike: { 's3:prefix': ['shards/*'] } },
      },
      {
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        resource: objects(binderBucket, 'binders/'),
      },
      { actions: ['s3:GetObject'], resource: objects(binderBucket, 'documents/') },
    ]);
  });

  it('keeps work files in a TLS-only, KMS-encrypted bucket that expires them, logged with the binder bucket', () => {
    const bucket = defaults.template.findResources('AWS::S3::Bucket')[workBucket()];
    expect(bucket?.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: keyArnRef(defaults.template),
            },
          },
        ],
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Status: 'Enabled',
            ExpirationInDays: 2,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: id('AWS::S3::Bucket', 'PipelineBinderAccessLogBucket') },
        LogFilePrefix: 'shard-work-bucket/',
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    defaults.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: workBucket() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('runs the slice and merge steps for up to 15 minutes with 10 GB of /tmp, under reserved concurrency', () => {
    const fn = (prefix: string) =>
      defaults.template.findResources('AWS::Lambda::Function')[id('AWS::Lambda::Function', prefix)]
        ?.Properties;
    expect(fn('PipelineExportPlanFunction')).toMatchObject({
      Timeout: 300,
      MemorySize: 1024,
      ReservedConcurrentExecutions: 2,
    });
    expect(fn('PipelineExportSliceFunction')).toMatchObject({
      Timeout: 900,
      MemorySize: 2048,
      EphemeralStorage: { Size: 10240 },
      ReservedConcurrentExecutions: 20,
    });
    expect(fn('PipelineExportMergeFunction')).toMatchObject({
      Timeout: 900,
      MemorySize: 3008,
      EphemeralStorage: { Size: 10240 },
      ReservedConcurrentExecutions: 2,
    });
    expect(fn('PipelineExportMergeFunction')?.Environment).toMatchObject({
      Variables: {
        TABLE_NAME: { Ref: id('AWS::DynamoDB::Table', 'PipelineTable') },
        WORK_BUCKET: { Ref: workBucket() },
        BINDER_BUCKET: { Ref: id('AWS::S3::Bucket', 'PipelineBinderBucket') },
        BUCKET_KEY_ARN: keyArnRef(defaults.template),
        SIGNING_KEY_ARN: getAtt(id('AWS::KMS::Key', 'PipelineBinderSigningKey')),
      },
    });
  });

  it('outputs the state machine ARN', () => {
    defaults.template.hasOutput('ShardedExportStateMachineArn', {
      Value: { Ref: id('AWS::StepFunctions::StateMachine', 'PipelineShardedExport') },
    });
  });
});

describe('sharded export (configured)', () => {
  it('traces the state machine with X-Ray when tracing is on, granting the X-Ray actions', () => {
    configured.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
    });
    const statements = policyStatements(configured.template, 'PipelineShardedExportPolicy');
    // CDK merges the statements on "*": the log delivery actions and X-Ray's
    const star = grants(statements).find((g) => g.resource === '*');
    expect(star?.actions.filter((a) => a.startsWith('xray:'))).toEqual([
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect(star?.actions.filter((a) => !a.startsWith('xray:')).every((a) => a.startsWith('logs:'))).toBe(
      true,
    );
  });

  it('lets a caller start an execution and read how it went, nothing else', () => {
    const stack = new Stack(new App({ context: cdkJson.context }), 'Caller');
    const pipeline = new EvidencePipeline(stack, 'Pipeline');
    const caller = new iam.User(stack, 'Caller');
    pipeline.grantShardedExport(caller);
    const statements = stack.resolve(
      (caller.node.tryFindChild('DefaultPolicy') as iam.Policy).document.toJSON(),
    ) as { Statement: Statement[] };
    expect(statements.Statement.map((s) => [...actionsOf(s)].sort())).toEqual([
      ['states:StartExecution'],
      ['states:DescribeExecution'],
    ]);
  });

  it.each([0, 41, 2.5])('rejects shardedExportConcurrency %s at synth', (shardedExportConcurrency) => {
    const build = () =>
      new EvidencePipeline(new Stack(new App({ context: cdkJson.context }), 'Bad'), 'Pipeline', {
        shardedExportConcurrency,
      } as EvidencePipelineProps);
    expect(build).toThrow(/shardedExportConcurrency must be a whole number from 1 to 40/);
  });
});
