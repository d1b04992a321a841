// EvidencePipeline as a whole: what holds across its parts, the nag packs, and prop validation.
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EvidencePipeline, type EvidencePipelineProps, MIN_LOG_RETENTION_DAYS } from '../../lib';
import {
  ANY_MESSAGE,
  actionsOf,
  type ConfiguredFixture,
  type DefaultsFixture,
  keyArnRef,
  logicalId,
  policyStatements,
  type Resources,
  statementsOf,
  synthesizePipelines,
  TEAM_SECRET_ARN,
} from './pipeline-fixture';

let defaults: DefaultsFixture;
let configured: ConfiguredFixture;

beforeAll(() => {
  // Prepare / Act: both pipelines with the nag packs of bin/app.ts, whose annotations are asserted here.
  ({ defaults, configured } = synthesizePipelines({ nag: true }));
});

describe('EvidencePipeline with defaults', () => {
  it('logs each function to a dedicated CMK-encrypted log group kept at least six years', () => {
    const { template } = defaults;
    const groups = template.findResources('AWS::Logs::LogGroup') as Resources;
    // five functions of the pipeline, the sharded export's three and its state machine
    expect(Object.keys(groups)).toHaveLength(9);
    for (const group of Object.values(groups))
      expect(Number(group.Properties.RetentionInDays)).toBeGreaterThanOrEqual(MIN_LOG_RETENTION_DAYS);
    for (const name of ['Collect', 'Drift', 'Export', 'ExportPlan', 'ExportSlice', 'ExportMerge']) {
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

  it('grants least privilege: no wildcard action, Resource "*" only for Config reads, ListStreams and log delivery', () => {
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
        // Step Functions vended log delivery of the sharded export (lib/sharded-export.ts)
        expect.objectContaining({
          Action: expect.arrayContaining(['logs:CreateLogDelivery']),
          Resource: '*',
        }),
      ]),
    );
    expect(anyResource).toHaveLength(4);
    const dynamo = policyStatements(template, 'PipelineCollectPolicy').filter((s) =>
      actionsOf(s).some((a) => a.startsWith('dynamodb:')),
    );
    expect(dynamo.flatMap((s) => [...actionsOf(s)]).sort()).toEqual(
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

describe('EvidencePipeline with options', () => {
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

  it.each(['o-short', 'O-A1B2C3D4E5', 'a1b2c3d4e5', 'o-a1b2c3d4e5!'])(
    'rejects organizationId %s',
    (organizationId) => {
      expect(() => new EvidencePipeline(new Stack(new App(), 'Bad'), 'Pipeline', { organizationId })).toThrow(
        /Bad\/Pipeline: organizationId must be an AWS Organizations id/,
      );
    },
  );
});
