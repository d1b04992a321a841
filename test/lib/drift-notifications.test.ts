// Table stream to the drift function, Slack secret, drift DLQ (lib/drift-notifications.ts).
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DRIFT_ENTRY } from '../../lib';
import {
  actionsOf,
  type ConfiguredFixture,
  type DefaultsFixture,
  getAtt,
  keyArnRef,
  logicalId,
  OPS_TOPIC,
  policyStatements,
  type Resources,
  synthesizePipelines,
  TEAM_KEY_ARN,
  TEAM_SECRET_ARN,
} from './pipeline-fixture';

let defaults: DefaultsFixture;
let configured: ConfiguredFixture;

beforeAll(() => {
  // Prepare / Act: the default and the configured pipeline (templates only: no annotations asserted here).
  ({ defaults, configured } = synthesizePipelines({ nag: false }));
});

const DRIFT_FILTER_PATTERN =
  '{"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"hasTransitions":{"BOOL":[true]}}}}';
/** heads whose commit stored notable activity (core/domain/notable.ts) pass too */
const NOTABLE_FILTER_PATTERN =
  '{"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"hasNotable":{"BOOL":[true]}}}}';

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
        FilterCriteria: { Filters: [{ Pattern: DRIFT_FILTER_PATTERN }, { Pattern: NOTABLE_FILTER_PATTERN }] },
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

describe('drift notification path (options)', () => {
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
});
