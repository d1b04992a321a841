import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { cloudTrailEventNames } from '../../lambdas/domain/catalog';
import {
  DEFAULT_COLLECT_ENTRY,
  EvidenceFunction,
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
const OPS_TOPIC = 'arn:aws:sns:eu-west-1:111111111111:evidence-ops';
const opsAlarmAction: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: OPS_TOPIC }) };

/** Both stacks live in one app so the collect handler is bundled once for the whole file. */
let defaults: { stack: EvidenceStack; template: Template };
let configured: { stack: Stack; pipeline: EvidencePipeline; template: Template };

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
  const pipeline = new EvidencePipeline(other, 'Pipeline', {
    ruleMappings: { 'org-s3-sse': 's3-bucket-encryption' },
    redactKeys: ['patientName', 'mrn'],
    reservedConcurrency: 25,
    tracing: true,
    vpc,
    alarmActions: [opsAlarmAction],
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  Aspects.of(app).add(new HIPAASecurityChecks({ verbose: true }));

  // Act: one synthesis.
  app.synth();
  defaults = { stack, template: Template.fromStack(stack) };
  configured = { stack: other, pipeline, template: Template.fromStack(other) };
});

function keyArnRef(template: Template): Record<string, unknown> {
  const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
  return { 'Fn::GetAtt': [keyId, 'Arn'] };
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
    expect(DEFAULT_COLLECT_ENTRY).toMatch(/lambdas[/\\]handlers[/\\]collect\.ts$/);
  });

  it('creates a rotating customer-managed key usable by CloudWatch Logs and EventBridge only as scoped', () => {
    const { template } = defaults;
    template.resourceCountIs('AWS::KMS::Key', 1);
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

  it('creates the evidence table with PITR, CMK encryption, deletion protection, stream and the byDay index', () => {
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
        ],
      }),
    });
  });

  it('encrypts the intake queue and its DLQ with the CMK and redrives after 5 receives', () => {
    const { template } = defaults;
    const queues = template.findResources('AWS::SQS::Queue') as Resources;
    expect(Object.keys(queues)).toHaveLength(2);
    for (const queue of Object.values(queues)) {
      expect(queue.Properties.KmsMasterKeyId).toEqual(keyArnRef(template));
    }
    const [dlqId] = Object.keys(
      template.findResources('AWS::SQS::Queue', { Properties: { MessageRetentionPeriod: 1209600 } }),
    );
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    // enforceSSL on both queues.
    const denyInsecure = Match.objectLike({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      { PolicyDocument: { Statement: Match.arrayWith([denyInsecure]) } },
      2,
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
    expect(Object.keys(functions)).toHaveLength(1);
    const [fn] = Object.values(functions);
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
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it('logs to a dedicated CMK-encrypted log group kept at least six years', () => {
    const { template } = defaults;
    const groups = template.findResources('AWS::Logs::LogGroup') as Resources;
    const [[groupId, group] = []] = Object.entries(groups);
    expect(Object.keys(groups)).toHaveLength(1);
    expect(Number(group?.Properties.RetentionInDays)).toBeGreaterThanOrEqual(MIN_LOG_RETENTION_DAYS);
    expect(group?.Properties.KmsKeyId).toEqual(keyArnRef(template));
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: groupId } },
    });
  });

  it('grants least privilege: no wildcard action, Resource "*" only for the Config read APIs', () => {
    const { template } = defaults;
    const statements = statementsOf(template);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/(^|:)\*$/);
    }
    const anyResource = statements.filter(
      (s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')),
    );
    expect(anyResource).toEqual([
      expect.objectContaining({
        Action: ['config:BatchGetResourceConfig', 'config:GetResourceConfigHistory'],
        Resource: '*',
      }),
    ]);
    const dynamo = statements.find((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
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
  });

  it('passes AwsSolutions and HIPAA Security checks with no unacknowledged error or warning', () => {
    const annotations = Annotations.fromStack(defaults.stack);
    expect(annotations.findError('*', ANY_MESSAGE)).toEqual([]);
    expect(annotations.findWarning('*', ANY_MESSAGE)).toEqual([]);
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

  it('exposes the created resources', () => {
    const { pipeline } = configured;
    expect(pipeline.collectFunction.function.runtime.name).toBe('nodejs22.x');
    expect(pipeline.table.encryptionKey).toBe(pipeline.key);
    expect(pipeline.queue.encryptionMasterKey).toBe(pipeline.key);
    expect(pipeline.deadLetterQueue.encryptionMasterKey).toBe(pipeline.key);
  });

  it('stays free of unacknowledged nag findings when in a VPC with tracing', () => {
    const annotations = Annotations.fromStack(configured.stack);
    expect(annotations.findError('*', ANY_MESSAGE)).toEqual([]);
    expect(annotations.findWarning('*', ANY_MESSAGE)).toEqual([]);
  });
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
});
