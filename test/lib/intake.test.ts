// Rules, intake queue and DLQ, collect function, organization bus (lib/intake.ts).
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloudTrailEventNames } from '../../core/domain/catalog';
import { DEFAULT_COLLECT_ENTRY } from '../../lib';
import {
  type ConfiguredFixture,
  type DefaultsFixture,
  getAtt,
  keyArnRef,
  logicalId,
  OPS_TOPIC,
  ORG_ID,
  type Resources,
  synthesizePipelines,
} from './pipeline-fixture';

let defaults: DefaultsFixture;
let configured: ConfiguredFixture;

beforeAll(() => {
  // Prepare / Act: the default and the configured pipeline (templates only: no annotations asserted here).
  ({ defaults, configured } = synthesizePipelines({ nag: false }));
});

describe('intake (defaults)', () => {
  it('uses the repository collect handler by default', () => {
    expect(DEFAULT_COLLECT_ENTRY).toMatch(/lambdas[/\\]collect\.ts$/);
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
    // collect, drift, export, the sharded export's plan, slice and merge, and the scheduled sweep and checkpoint
    expect(Object.keys(functions)).toHaveLength(8);
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
});

describe('intake (options)', () => {
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
});
