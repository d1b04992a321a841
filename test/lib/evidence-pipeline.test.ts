import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagSuppressions, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { cloudTrailEventNames } from '../../core/domain/catalog';
import {
  DEFAULT_COLLECT_ENTRY,
  DEFAULT_DRIFT_ENTRY,
  DEFAULT_EXPORT_ENTRY,
  EvidenceFunction,
  type EvidenceFunctionProps,
  EvidencePipeline,
  type EvidencePipelineProps,
  EvidenceStack,
  MIN_LOG_RETENTION_DAYS,
} from '../../lib';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}
type Resources = Record<string, { Properties: Record<string, unknown> }>;

const ANY_MESSAGE = Match.stringLikeRegexp('.*');
const ORG_ID = 'o-a1b2c3d4e5';
const OPS_TOPIC = 'arn:aws:sns:eu-west-1:111111111111:evidence-ops';
const opsAlarmAction: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: OPS_TOPIC }) };
const TEAM_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:team/slack-AbCdEf';
const TEAM_KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555';
const DRIFT_FILTER_PATTERN =
  '{"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"hasTransitions":{"BOOL":[true]}}}}';

/** Both stacks live in one app so the handlers are bundled once for the whole file. */
let defaults: { stack: EvidenceStack; template: Template };
let configured: { stack: Stack; pipeline: EvidencePipeline; template: Template; auditor: iam.Role };

beforeAll(() => {
  // Prepare: the feature flags the real app runs with, and the nag packs of bin/app.ts.
  const app = new App({ context: cdkJson.context });
  const stack = new EvidenceStack(app, 'HipaaEvidenceStack');
  const other = new Stack(app, 'ConfiguredStack');
  const vpc = ec2.Vpc.fromVpcAttributes(other, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    privateSubnetRouteTableIds: ['rtb-0123456789abcdef0', 'rtb-0123456789abcdef1'],
  });
  const slackSecret = secretsmanager.Secret.fromSecretAttributes(other, 'TeamSlack', {
    secretCompleteArn: TEAM_SECRET_ARN,
    encryptionKey: kms.Key.fromKeyArn(other, 'TeamKey', TEAM_KEY_ARN),
  });
  const pipeline = new EvidencePipeline(other, 'Pipeline', {
    slackSecret,
    stormThreshold: 3,
    driftReservedConcurrency: 4,
    ruleMappings: { 'org-s3-sse': 's3-bucket-encryption' },
    redactKeys: ['patientName', 'mrn'],
    reservedConcurrency: 25,
    tracing: true,
    vpc,
    alarmActions: [opsAlarmAction],
    binderRetentionYears: 10,
    organizationId: ORG_ID,
    tableDeletionProtection: false,
  });
  const auditor = new iam.Role(other, 'Auditor', { assumedBy: new iam.AccountPrincipal('111111111111') });
  pipeline.grantExport(auditor);
  // The caller's role is the caller's: how it holds its permissions is not the pipeline's to decide.
  NagSuppressions.addResourceSuppressions(
    auditor,
    [
      {
        id: 'HIPAA.Security-IAMNoInlinePolicy',
        reason: 'Test stand-in for an auditor role owned by the caller.',
      },
    ],
    true,
  );
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  Aspects.of(app).add(new HIPAASecurityChecks({ verbose: true }));
  Aspects.of(app).add(new ServerlessChecks({ verbose: true }));

  // Act: one synthesis.
  app.synth();
  defaults = { stack, template: Template.fromStack(stack) };
  configured = { stack: other, pipeline, template: Template.fromStack(other), auditor };
});

const logicalId = (template: Template, type: string, prefix: string): string => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return ids[0] as string;
};

const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

/** The pipeline's symmetric CMK (not the binder signing key). */
const keyArnRef = (template: Template) => getAtt(logicalId(template, 'AWS::KMS::Key', 'PipelineKey'));

/** Statements of the customer-managed policy whose logical id starts with `prefix`. */
function policyStatements(template: Template, prefix: string): Statement[] {
  const id = logicalId(template, 'AWS::IAM::ManagedPolicy', prefix);
  const policy = template.findResources('AWS::IAM::ManagedPolicy')[id] as Resources[string];
  return (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

function statementsOf(template: Template): Statement[] {
  const policies = {
    ...template.findResources('AWS::IAM::ManagedPolicy'),
    ...template.findResources('AWS::IAM::Policy'),
  } as Resources;
  return Object.values(policies).flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

describe('EvidencePipeline with defaults', () => {
  it('uses the repository collect handler by default', () => {
    expect(DEFAULT_COLLECT_ENTRY).toMatch(/lambdas[/\\]collect\.ts$/);
  });

  it('creates a rotating customer-managed key usable by CloudWatch Logs and EventBridge only as scoped', () => {
    const { template } = defaults;
    // the CMK and the binder signing key
    template.resourceCountIs('AWS::KMS::Key', 2);
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: {
                Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
              },
              Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
            }),
            Match.objectLike({
              Principal: { Service: 'events.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            }),
          ]),
        },
      }),
    });
  });

  it('creates the evidence table with PITR, CMK encryption, deletion protection, stream and the byDay and byRecordedDay indexes', () => {
    const { template } = defaults;
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: Match.absent(),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArnRef(template) },
        DeletionProtectionEnabled: true,
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byDay',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: 'byRecordedDay',
            KeySchema: [
              { AttributeName: 'gsi2pk', KeyType: 'HASH' },
              { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    });
  });

  it('encrypts the intake queue and its DLQ with the CMK and redrives after 5 receives', () => {
    const { template } = defaults;
    const queues = template.findResources('AWS::SQS::Queue') as Resources;
    // intake queue, its DLQ, the drift DLQ, the schedules' DLQ
    expect(Object.keys(queues)).toHaveLength(4);
    for (const queue of Object.values(queues)) {
      expect(queue.Properties.KmsMasterKeyId).toEqual(keyArnRef(template));
    }
    const dlqId = logicalId(template, 'AWS::SQS::Queue', 'PipelineDeadLetterQueue');
    expect(queues[dlqId]?.Properties.MessageRetentionPeriod).toBe(1209600);
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    // enforceSSL on every queue.
    const denyInsecure = Match.objectLike({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      { PolicyDocument: { Statement: Match.arrayWith([denyInsecure]) } },
      4,
    );
  });

  it('routes the three event patterns to the intake queue, failed deliveries to the DLQ', () => {
    const { template } = defaults;
    const target = Match.objectLike({
      Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelineQueue'), 'Arn'] },
      DeadLetterConfig: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelineDeadLetterQueue'), 'Arn'] },
      },
    });
    template.resourceCountIs('AWS::Events::Rule', 3);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      EventPattern: {
        source: ['aws.config'],
        'detail-type': ['Config Rules Compliance Change', 'Config Configuration Item Change'],
      },
      Targets: [target],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventName: cloudTrailEventNames() },
      },
      Targets: [target],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.signin'], 'detail-type': ['AWS Console Sign In via CloudTrail'] },
      Targets: [target],
    });
    // Only those rules may send, each named by ARN.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('runs the collect function on nodejs22.x or newer, arm64, with the documented configuration', () => {
    const { template } = defaults;
    const functions = template.findResources('AWS::Lambda::Function') as Resources;
    // collect, drift, export, and the scheduled sweep and checkpoint
    expect(Object.keys(functions)).toHaveLength(5);
    const fn = functions[logicalId(template, 'AWS::Lambda::Function', 'PipelineCollectFunction')];
    const runtime = String(fn?.Properties.Runtime);
    expect(Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1])).toBeGreaterThanOrEqual(22);
    expect(fn?.Properties).toMatchObject({
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 60,
      MemorySize: 512,
      ReservedConcurrentExecutions: 10,
    });
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    expect(fn?.Properties.Environment).toEqual({
      Variables: {
        TABLE_NAME: { Ref: tableId },
        POWERTOOLS_SERVICE_NAME: 'evidence-collect',
        LOG_LEVEL: 'INFO',
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(template, 'AWS::Lambda::Function', 'PipelineCollectFunction') },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it('logs each function to a dedicated CMK-encrypted log group kept at least six years', () => {
    const { template } = defaults;
    const groups = template.findResources('AWS::Logs::LogGroup') as Resources;
    expect(Object.keys(groups)).toHaveLength(5);
    for (const group of Object.values(groups))
      expect(Number(group.Properties.RetentionInDays)).toBeGreaterThanOrEqual(MIN_LOG_RETENTION_DAYS);
    for (const name of ['Collect', 'Drift', 'Export']) {
      const groupId = logicalId(template, 'AWS::Logs::LogGroup', `Pipeline${name}LogGroup`);
      const group = groups[groupId];
      expect(Number(group?.Properties.RetentionInDays)).toBeGreaterThanOrEqual(MIN_LOG_RETENTION_DAYS);
      expect(group?.Properties.KmsKeyId).toEqual(keyArnRef(template));
      const fnId = logicalId(template, 'AWS::Lambda::Function', `Pipeline${name}Function`);
      expect(template.findResources('AWS::Lambda::Function')[fnId]?.Properties.LoggingConfig).toEqual({
        LogGroup: { Ref: groupId },
      });
    }
  });

  it('grants least privilege: no wildcard action, Resource "*" only for Config reads and ListStreams', () => {
    const { template } = defaults;
    const statements = statementsOf(template);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/(^|:)\*$/);
    }
    const anyResource = statements.filter(
      (s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')),
    );
    expect(anyResource).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['config:BatchGetResourceConfig', 'config:GetResourceConfigHistory'],
          Resource: '*',
        }),
        expect.objectContaining({ Action: 'dynamodb:ListStreams', Resource: '*' }),
        // the sweep's reads of APIs without resource-level permissions (lib/scheduled-evidence.ts)
        expect.objectContaining({
          Action: expect.arrayContaining(['iam:GenerateCredentialReport']),
          Resource: '*',
        }),
      ]),
    );
    expect(anyResource).toHaveLength(3);
    const dynamo = policyStatements(template, 'PipelineCollectPolicy').find((s) =>
      actionsOf(s).some((a) => a.startsWith('dynamodb:')),
    );
    expect([...actionsOf(dynamo as Statement)].sort()).toEqual(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DescribeTable',
      ].sort(),
    );
    // Every permission sits in the customer-managed policy: no inline policy, no AWS managed policy.
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
    });
  });

  it('alarms on DLQ depth and outputs the table name and queue URLs', () => {
    const { template } = defaults;
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    template.hasOutput('TableName', {});
    template.hasOutput('QueueUrl', {});
    template.hasOutput('DeadLetterQueueUrl', {});
    template.hasOutput('SlackSecretArn', {
      Value: { Ref: logicalId(template, 'AWS::SecretsManager::Secret', 'PipelineSlackSecret') },
      Description: Match.stringLikeRegexp('aws secretsmanager put-secret-value --secret-id <arn>'),
    });
    template.hasOutput('DriftDeadLetterQueueUrl', {
      Value: { Ref: logicalId(template, 'AWS::SQS::Queue', 'PipelineDriftDeadLetterQueue') },
    });
  });

  it('passes AwsSolutions, HIPAA Security and Serverless checks with no unacknowledged error or warning', () => {
    const annotations = Annotations.fromStack(defaults.stack);
    expect(annotations.findError('*', ANY_MESSAGE)).toEqual([]);
    expect(annotations.findWarning('*', ANY_MESSAGE)).toEqual([]);
  });
});

describe('drift notification path (defaults)', () => {
  const driftFunction = () =>
    defaults.template.findResources('AWS::Lambda::Function')[
      logicalId(defaults.template, 'AWS::Lambda::Function', 'PipelineDriftFunction')
    ] as Resources[string];

  it('uses the repository drift handler by default', () => {
    expect(DEFAULT_DRIFT_ENTRY).toMatch(/lambdas[/\\]drift\.ts$/);
  });

  it('runs the drift function on nodejs22.x or newer, arm64, with the secret by reference only', () => {
    const { template } = defaults;
    const fn = driftFunction();
    const runtime = String(fn.Properties.Runtime);
    expect(Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1])).toBeGreaterThanOrEqual(22);
    expect(fn.Properties).toMatchObject({
      Architectures: ['arm64'],
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 2,
    });
    expect(fn.Properties.Environment).toEqual({
      Variables: {
        TABLE_NAME: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'PipelineTable') },
        SLACK_SECRET_ARN: { Ref: logicalId(template, 'AWS::SecretsManager::Secret', 'PipelineSlackSecret') },
        STORM_THRESHOLD: '10',
        POWERTOOLS_SERVICE_NAME: 'evidence-drift',
        LOG_LEVEL: 'INFO',
      },
    });
    for (const t of [defaults.template, configured.template]) {
      expect(JSON.stringify(t.toJSON())).not.toContain('hooks.slack.com');
    }
  });

  it('reads the table stream from TRIM_HORIZON, filtered to posture transitions, failures to the drift DLQ', () => {
    const { template } = defaults;
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: {
        FunctionName: { Ref: logicalId(template, 'AWS::Lambda::Function', 'PipelineDriftFunction') },
      },
    }) as Resources;
    const [mapping] = Object.values(mappings);
    expect(Object.keys(mappings)).toHaveLength(1);
    expect(mapping?.Properties).toEqual(
      expect.objectContaining({
        EventSourceArn: getAtt(logicalId(template, 'AWS::DynamoDB::Table', 'PipelineTable'), 'StreamArn'),
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 25,
        MaximumBatchingWindowInSeconds: 5,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 5,
        MaximumRecordAgeInSeconds: 86400,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        FilterCriteria: { Filters: [{ Pattern: DRIFT_FILTER_PATTERN }] },
        DestinationConfig: {
          OnFailure: {
            Destination: getAtt(logicalId(template, 'AWS::SQS::Queue', 'PipelineDriftDeadLetterQueue')),
          },
        },
      }),
    );
  });

  it('keeps failed drift batches 14 days in a CMK-encrypted, SSL-only, alarmed DLQ', () => {
    const { template } = defaults;
    const dlqId = logicalId(template, 'AWS::SQS::Queue', 'PipelineDriftDeadLetterQueue');
    const dlq = template.findResources('AWS::SQS::Queue')[dlqId] as Resources[string];
    expect(dlq.Properties).toMatchObject({
      KmsMasterKeyId: keyArnRef(template),
      MessageRetentionPeriod: 1209600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(dlqId, 'QueueName') }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('creates the Slack secret encrypted with the CMK, holding no webhook', () => {
    const { template } = defaults;
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: keyArnRef(template),
      SecretString: '{}',
      GenerateSecretString: Match.absent(),
    });
  });

  it('grants the drift function exactly the actions it needs, each on its own resource', () => {
    const { template } = defaults;
    const statements = policyStatements(template, 'PipelineDriftPolicy');
    const actions = statements.flatMap(actionsOf);
    expect([...actions].sort()).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'secretsmanager:GetSecretValue',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'sqs:SendMessage',
      ].sort(),
    );
    for (const action of actions) expect(action).not.toMatch(/(^|:)\*$/);
    const resourceOf = (action: string) => statements.find((s) => actionsOf(s).includes(action))?.Resource;
    const tableId = logicalId(template, 'AWS::DynamoDB::Table', 'PipelineTable');
    expect(resourceOf('secretsmanager:GetSecretValue')).toEqual({
      Ref: logicalId(template, 'AWS::SecretsManager::Secret', 'PipelineSlackSecret'),
    });
    expect(resourceOf('dynamodb:BatchGetItem')).toEqual(getAtt(tableId));
    expect(resourceOf('dynamodb:BatchWriteItem')).toEqual(getAtt(tableId));
    for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']) {
      expect(resourceOf(action)).toEqual(getAtt(tableId, 'StreamArn'));
    }
    expect(resourceOf('dynamodb:ListStreams')).toBe('*');
    expect(resourceOf('kms:Decrypt')).toEqual(keyArnRef(template));
    expect(resourceOf('kms:GenerateDataKey')).toEqual(keyArnRef(template));
    expect(resourceOf('sqs:SendMessage')).toEqual(
      getAtt(logicalId(template, 'AWS::SQS::Queue', 'PipelineDriftDeadLetterQueue')),
    );
  });
});

describe('binder export (defaults)', () => {
  const bucketId = () => logicalId(defaults.template, 'AWS::S3::Bucket', 'PipelineBinderBucket');
  const logBucketId = () => logicalId(defaults.template, 'AWS::S3::Bucket', 'PipelineBinderAccessLogBucket');
  const exportFunction = () =>
    defaults.template.findResources('AWS::Lambda::Function')[
      logicalId(defaults.template, 'AWS::Lambda::Function', 'PipelineExportFunction')
    ] as Resources[string];
  const denyInsecure = Match.objectLike({
    Effect: 'Deny',
    Action: 's3:*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });
  const blockAll = {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  };

  it('uses the repository export handler by default', () => {
    expect(DEFAULT_EXPORT_ENTRY).toMatch(/lambdas[/\\]export\.ts$/);
  });

  it('keeps binders in a bucket with Object Lock in COMPLIANCE mode for 6 years, versioned, CMK-encrypted', () => {
    const { template } = defaults;
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId()];
    expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(bucket?.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 6 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArnRef(template) },
          },
        ],
      },
      PublicAccessBlockConfiguration: blockAll,
      LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId() } },
    });
  });

  it('allows only TLS to both buckets and blocks public access to the access-log bucket', () => {
    const { template } = defaults;
    for (const id of [bucketId(), logBucketId()]) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: { Statement: Match.arrayWith([denyInsecure]) },
      });
    }
    const logBucket = template.findResources('AWS::S3::Bucket')[logBucketId()];
    expect(logBucket).toMatchObject({ DeletionPolicy: 'Retain' });
    expect(logBucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: blockAll,
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    expect(logBucket?.Properties.ObjectLockEnabled).toBeUndefined();
  });

  it('signs with an Ed25519 SIGN_VERIFY key in KMS, kept on stack deletion', () => {
    const { template } = defaults;
    const key =
      template.findResources('AWS::KMS::Key')[
        logicalId(template, 'AWS::KMS::Key', 'PipelineBinderSigningKey')
      ];
    expect(key).toMatchObject({ DeletionPolicy: 'Retain' });
    expect(key?.Properties).toMatchObject({
      KeySpec: 'ECC_NIST_EDWARDS25519',
      KeyUsage: 'SIGN_VERIFY',
      EnableKeyRotation: false,
    });
  });

  it('runs the export function for up to 15 minutes with 1024 MB, 2048 MB of /tmp and its configuration', () => {
    const { template } = defaults;
    const fn = exportFunction();
    expect(fn.Properties).toMatchObject({
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 900,
      MemorySize: 1024,
      EphemeralStorage: { Size: 2048 },
      ReservedConcurrentExecutions: 2,
    });
    expect(fn.Properties.Environment).toEqual({
      Variables: {
        TABLE_NAME: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'PipelineTable') },
        BINDER_BUCKET: { Ref: bucketId() },
        BUCKET_KEY_ARN: keyArnRef(template),
        SIGNING_KEY_ARN: getAtt(logicalId(template, 'AWS::KMS::Key', 'PipelineBinderSigningKey')),
        DOCUMENTS_BUCKET: { Ref: bucketId() },
        DOCUMENTS_PREFIX: 'documents/',
        POWERTOOLS_SERVICE_NAME: 'evidence-export',
        LOG_LEVEL: 'INFO',
      },
    });
  });

  it('grants the export function exactly the actions it needs, each on its own resource', () => {
    const { template } = defaults;
    const statements = policyStatements(template, 'PipelineExportPolicy');
    const actions = statements.flatMap(actionsOf);
    expect([...actions].sort()).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'dynamodb:Query',
        'dynamodb:Scan',
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'kms:Sign',
        'kms:GetPublicKey',
        's3:PutObject',
        's3:AbortMultipartUpload',
        's3:GetObject',
        's3:GetObject',
      ].sort(),
    );
    for (const action of actions) expect(action).not.toMatch(/\*/);
    const resourceOf = (action: string) => statements.find((s) => actionsOf(s).includes(action))?.Resource;
    const tableId = logicalId(template, 'AWS::DynamoDB::Table', 'PipelineTable');
    expect(resourceOf('dynamodb:Query')).toEqual([
      getAtt(tableId),
      { 'Fn::Join': ['', [getAtt(tableId), '/index/byDay']] },
      { 'Fn::Join': ['', [getAtt(tableId), '/index/byRecordedDay']] },
    ]);
    expect(resourceOf('dynamodb:Scan')).toEqual(getAtt(tableId));
    for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']) {
      expect(resourceOf(action)).toEqual(keyArnRef(template));
    }
    const signingKey = getAtt(logicalId(template, 'AWS::KMS::Key', 'PipelineBinderSigningKey'));
    expect(resourceOf('kms:Sign')).toEqual(signingKey);
    expect(resourceOf('kms:GetPublicKey')).toEqual(signingKey);
    for (const action of ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject']) {
      expect(resourceOf(action)).toEqual({ 'Fn::Join': ['', [getAtt(bucketId()), '/binders/*']] });
    }
    // uploaded documents: read only, under documents/
    const documents = statements.filter(
      (s) => actionsOf(s).length === 1 && actionsOf(s)[0] === 's3:GetObject',
    );
    expect(documents.map((s) => s.Resource)).toEqual([
      { 'Fn::Join': ['', [getAtt(bucketId()), '/documents/*']] },
    ]);
  });

  it('grants an uploader puts under documents/ only, with the bucket key', () => {
    const stack = new Stack(new App({ context: cdkJson.context }), 'Uploads');
    const pipeline = new EvidencePipeline(stack, 'Pipeline', {});
    const role = new iam.Role(stack, 'Uploader', { assumedBy: new iam.AccountRootPrincipal() });
    pipeline.grantUpload(role);
    const template = Template.fromStack(stack);
    const roleRef = { Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) };
    const statements = Object.values(template.findResources('AWS::IAM::Policy') as Resources)
      .filter((p) => expect.objectContaining({ Roles: [roleRef] }).asymmetricMatch(p.Properties))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    const s3Statement = statements.find((s) => actionsOf(s).includes('s3:PutObject'));
    expect([...actionsOf(s3Statement as Statement)].sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(s3Statement?.Resource)).toContain('/documents/*');
    const kmsStatement = statements.find((s) => actionsOf(s).includes('kms:GenerateDataKey'));
    expect([...actionsOf(kmsStatement as Statement)].sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('outputs the binder bucket and the export function names', () => {
    const { template } = defaults;
    template.hasOutput('BinderBucketName', { Value: { Ref: bucketId() } });
    template.hasOutput('ExportFunctionName', {
      Value: { Ref: logicalId(template, 'AWS::Lambda::Function', 'PipelineExportFunction') },
    });
  });

  it('acknowledges the nag findings it cannot fix on one construct each, with a reason', () => {
    const { template } = defaults;
    const acknowledged = (type: string, prefix: string) => {
      const resource = template.findResources(type)[logicalId(template, type, prefix)] as {
        Metadata?: { cdk_nag?: { rules_to_suppress?: { id: string; reason: string }[] } };
      };
      const rules = resource.Metadata?.cdk_nag?.rules_to_suppress ?? [];
      for (const rule of rules) expect(rule.reason.length).toBeGreaterThan(40);
      return rules.map((rule) => rule.id).sort();
    };
    expect(acknowledged('AWS::KMS::Key', 'PipelineBinderSigningKey')).toEqual([
      'AwsSolutions-KMS5',
      'HIPAA.Security-KMSBackingKeyRotationEnabled',
    ]);
    expect(acknowledged('AWS::S3::Bucket', 'PipelineBinderAccessLogBucket')).toEqual([
      'AwsSolutions-S1',
      'HIPAA.Security-S3BucketLoggingEnabled',
      'HIPAA.Security-S3BucketReplicationEnabled',
      'HIPAA.Security-S3DefaultEncryptionKMS',
    ]);
    expect(acknowledged('AWS::S3::Bucket', 'PipelineBinderBucket')).toEqual([
      'HIPAA.Security-S3BucketReplicationEnabled',
    ]);
  });
});

describe('EvidencePipeline with options', () => {
  it('passes rule mappings and redact keys to the function', () => {
    configured.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          RULE_MAPPINGS: JSON.stringify({ 'org-s3-sse': 's3-bucket-encryption' }),
          REDACT_KEYS: 'patientName,mrn',
        }),
      },
      ReservedConcurrentExecutions: 25,
      TracingConfig: { Mode: 'Active' },
      VpcConfig: { SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] },
    });
    configured.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 25 },
    });
    configured.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [OPS_TOPIC] });
  });

  it('uses the given Slack secret and its key, the storm threshold and the drift concurrency', () => {
    const { template } = configured;
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const fnId = logicalId(template, 'AWS::Lambda::Function', 'PipelineDriftFunction');
    expect(template.findResources('AWS::Lambda::Function')[fnId]?.Properties).toMatchObject({
      Environment: {
        Variables: expect.objectContaining({ SLACK_SECRET_ARN: TEAM_SECRET_ARN, STORM_THRESHOLD: '3' }),
      },
      ReservedConcurrentExecutions: 4,
      TracingConfig: { Mode: 'Active' },
      VpcConfig: expect.objectContaining({
        SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      }),
    });
    const statements = policyStatements(template, 'PipelineDriftPolicy');
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: TEAM_SECRET_ARN }),
        expect.objectContaining({ Action: 'kms:Decrypt', Resource: TEAM_KEY_ARN }),
      ]),
    );
    // intake DLQ, drift DLQ and the schedules' DLQ
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmActions: [OPS_TOPIC] }, 3);
  });

  it('exposes the created resources', () => {
    const { pipeline } = configured;
    expect(pipeline.collectFunction.function.runtime.name).toBe('nodejs22.x');
    expect(pipeline.table.encryptionKey).toBe(pipeline.key);
    expect(pipeline.queue.encryptionMasterKey).toBe(pipeline.key);
    expect(pipeline.deadLetterQueue.encryptionMasterKey).toBe(pipeline.key);
    expect(pipeline.driftDeadLetterQueue.encryptionMasterKey).toBe(pipeline.key);
    expect(pipeline.driftFunction.function.runtime.name).toBe('nodejs22.x');
    expect(pipeline.slackSecret.secretArn).toBe(TEAM_SECRET_ARN);
  });

  it('uses the configured binder retention', () => {
    configured.template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 10 } } },
    });
  });

  it('grants IAM-authorised callers lambda:InvokeFunction on the export function only', () => {
    const { template, auditor } = configured;
    const fnId = logicalId(template, 'AWS::Lambda::Function', 'PipelineExportFunction');
    const roleRef = { Ref: Stack.of(auditor).getLogicalId(auditor.node.defaultChild as iam.CfnRole) };
    const auditorPolicies = Object.values(template.findResources('AWS::IAM::Policy') as Resources).filter(
      (p) => expect.objectContaining({ Roles: [roleRef] }).asymmetricMatch(p.Properties),
    );
    expect(auditorPolicies).toHaveLength(1);
    expect((auditorPolicies[0]!.Properties.PolicyDocument as { Statement: Statement[] }).Statement).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: getAtt(fnId) },
    ]);
  });

  it('stays free of unacknowledged nag findings when in a VPC with tracing', () => {
    const annotations = Annotations.fromStack(configured.stack);
    expect(annotations.findError('*', ANY_MESSAGE)).toEqual([]);
    expect(annotations.findWarning('*', ANY_MESSAGE)).toEqual([]);
  });
});

describe('EvidencePipeline for an AWS Organization (organizationId)', () => {
  const busId = () => logicalId(configured.template, 'AWS::Events::EventBus', 'PipelineOrganizationBus');

  it('creates a dedicated bus that only principals of the organization may put events on', () => {
    const { template } = configured;
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.resourceCountIs('AWS::Events::EventBusPolicy', 1);
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      EventBusName: { Ref: busId() },
      Statement: {
        Sid: 'cdk-AllowPutEventsFromOrganizationMembers',
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: getAtt(busId()),
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
      },
    });
    expect(configured.pipeline.organizationBus).toBeDefined();
    expect(defaults.stack.pipeline.organizationBus).toBeUndefined();
    defaults.template.resourceCountIs('AWS::Events::EventBus', 0);
  });

  it('routes the same three patterns from the organization bus to the intake queue and its DLQ', () => {
    const { template, pipeline } = configured;
    const rules = template.findResources('AWS::Events::Rule') as Resources;
    // three on the default bus, three on the organization bus
    expect(Object.keys(rules)).toHaveLength(6);
    const onBus = Object.values(rules).filter(
      (r) => JSON.stringify(r.Properties.EventBusName) === JSON.stringify({ Ref: busId() }),
    );
    const onDefault = Object.values(rules).filter((r) => r.Properties.EventBusName === undefined);
    expect(onBus).toHaveLength(3);
    expect(pipeline.organizationRules).toHaveLength(3);
    // Pattern for pattern the same as the local rules (one shared builder).
    expect(onBus.map((r) => r.Properties.EventPattern)).toEqual(
      onDefault.map((r) => r.Properties.EventPattern),
    );
    for (const rule of onBus) {
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: getAtt(logicalId(template, 'AWS::SQS::Queue', 'PipelineQueue')),
          DeadLetterConfig: {
            Arn: getAtt(logicalId(template, 'AWS::SQS::Queue', 'PipelineDeadLetterQueue')),
          },
        }),
      ]);
    }
    // The intake queue lets each organization rule send, by its ARN.
    const intakePolicy = Object.values(template.findResources('AWS::SQS::QueuePolicy') as Resources).find(
      (p) =>
        JSON.stringify(p.Properties.Queues) ===
        JSON.stringify([{ Ref: logicalId(template, 'AWS::SQS::Queue', 'PipelineQueue') }]),
    );
    const sourceArns = (
      (intakePolicy as Resources[string]).Properties.PolicyDocument as {
        Statement: { Condition?: { ArnEquals?: Record<string, unknown> } }[];
      }
    ).Statement.flatMap((st) => (st.Condition?.ArnEquals ? [st.Condition.ArnEquals['aws:SourceArn']] : []));
    expect(sourceArns).toHaveLength(6);
  });

  it('turns table deletion protection off only when asked, keeping the RETAIN policy', () => {
    const table = Object.values(configured.template.findResources('AWS::DynamoDB::Table'))[0];
    expect(table).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { DeletionProtectionEnabled: false },
    });
  });

  it.each(['o-short', 'O-A1B2C3D4E5', 'a1b2c3d4e5', 'o-a1b2c3d4e5!'])(
    'rejects organizationId %s',
    (organizationId) => {
      expect(() => new EvidencePipeline(new Stack(new App(), 'Bad'), 'Pipeline', { organizationId })).toThrow(
        /Bad\/Pipeline: organizationId must be an AWS Organizations id/,
      );
    },
  );
});

describe('bad props fail at synth with a clear message', () => {
  const build = (props: EvidencePipelineProps) => () =>
    new EvidencePipeline(new Stack(new App(), 'Bad'), 'Pipeline', props);

  it.each([0, -1, 1, 2.5])('rejects reservedConcurrency %s', (reservedConcurrency) => {
    expect(build({ reservedConcurrency })).toThrow(
      /Bad\/Pipeline: reservedConcurrency must be an integer of at least 2 .* got -?[\d.]+/,
    );
  });

  it('rejects an empty control id in ruleMappings', () => {
    expect(build({ ruleMappings: { 'org-s3-sse': ' ' } })).toThrow(
      'Bad/Pipeline: ruleMappings["org-s3-sse"] must be a non-empty control id',
    );
  });

  it('rejects a control id the catalog does not know', () => {
    expect(build({ ruleMappings: { 'org-s3-sse': 'no-such-control' } })).toThrow(
      /names control "no-such-control", which is not in the control catalog/,
    );
  });

  it('rejects an empty rule name and a redact key containing a comma', () => {
    expect(build({ ruleMappings: { '': 's3-bucket-encryption' } })).toThrow(/ruleMappings key "" must be/);
    expect(build({ redactKeys: ['a,b'] })).toThrow(
      /redactKeys entries must be non-empty and contain no comma/,
    );
  });

  it.each([0, 1.5, -3])('rejects stormThreshold %s', (stormThreshold) => {
    expect(build({ stormThreshold })).toThrow(
      /Bad\/Pipeline: stormThreshold must be a positive integer, got -?[\d.]+/,
    );
  });

  it('rejects a drift reserved concurrency that is not a positive integer', () => {
    expect(build({ driftReservedConcurrency: 0 })).toThrow(
      /driftReservedConcurrency must be a positive integer, got 0/,
    );
  });

  it.each([0, -1, 2.5, 101])('rejects binderRetentionYears %s', (binderRetentionYears) => {
    expect(build({ binderRetentionYears })).toThrow(
      /Bad\/Pipeline: binderRetentionYears must be a whole number of years from 1 to 100 .* got -?[\d.]+/,
    );
  });

  it('rejects an export reserved concurrency that is not a positive integer', () => {
    expect(build({ exportReservedConcurrency: 0 })).toThrow(
      /exportReservedConcurrency must be a positive integer, got 0/,
    );
  });

  it('rejects log retention under six years', () => {
    expect(build({ logRetention: logs.RetentionDays.FIVE_YEARS })).toThrow(
      /logRetention must be at least 2192 days .* got 1827/,
    );
  });
});

describe('EvidenceFunction', () => {
  const build = (environment: Record<string, string>) => () => {
    const stack = new Stack(new App(), 'Fn');
    return new EvidenceFunction(stack, 'Fn', {
      entry: DEFAULT_COLLECT_ENTRY,
      encryptionKey: new kms.Key(stack, 'Key'),
      environment,
    });
  };

  it('rejects secrets in environment variables', () => {
    expect(build({ SLACK_WEBHOOK_URL: 'x' })).toThrow(/"SLACK_WEBHOOK_URL" looks like a secret/);
    expect(build({ NOTE: 'https://hooks.slack.com/services/T0/B0/abc' })).toThrow(/looks like a credential/);
    expect(build({ KEY: 'AKIAABCDEFGHIJKLMNOP' })).toThrow(/looks like a credential/);
  });

  it('rejects reserved names', () => {
    expect(build({ AWS_REGION: 'eu-west-1' })).toThrow(/reserved by Lambda/);
  });

  it('rejects bundled files outside the bundle and /tmp sizes Lambda does not offer', () => {
    const fn = (props: Partial<EvidenceFunctionProps>) => () => {
      const stack = new Stack(new App(), 'Fn');
      return new EvidenceFunction(stack, 'Fn', {
        entry: DEFAULT_COLLECT_ENTRY,
        encryptionKey: new kms.Key(stack, 'Key'),
        ...props,
      });
    };
    expect(fn({ bundledFiles: [{ from: 'relative.ttf', to: 'a.ttf' }] })).toThrow(/must be an absolute path/);
    expect(fn({ bundledFiles: [{ from: '/abs/a.ttf', to: '../a.ttf' }] })).toThrow(
      /relative \/-separated path/,
    );
    expect(fn({ ephemeralStorageMb: 256 })).toThrow(
      /ephemeralStorageMb must be an integer between 512 and 10240/,
    );
  });
});
