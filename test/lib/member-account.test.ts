import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { cloudTrailEventNames } from '../../core/domain/catalog';
import { MemberAccountForwarder, type MemberAccountForwarderProps, MemberAccountStack } from '../../lib';

type Resources = Record<string, { Properties: Record<string, unknown>; DependsOn?: string[] }>;

const BUS_ARN = 'arn:aws:events:eu-west-1:111122223333:event-bus/HipaaEvidenceOrganizationBus';
const OPS_TOPIC = 'arn:aws:sns:eu-west-1:444455556666:member-ops';
const ANY_MESSAGE = Match.stringLikeRegexp('.*');

let member: { stack: MemberAccountStack; template: Template };
let fixed: { stack: Stack; template: Template };

beforeAll(() => {
  // Prepare: the app's feature flags and the three nag packs of bin/app.ts.
  const app = new App({ context: cdkJson.context });
  const stack = new MemberAccountStack(app, 'Member');
  const other = new Stack(app, 'Fixed', { env: { account: '444455556666', region: 'eu-west-1' } });
  new MemberAccountForwarder(other, 'Forwarder', {
    centralEventBusArn: BUS_ARN,
    maxEventAge: Duration.hours(2),
    retryAttempts: 10,
    alarmActions: [{ bind: () => ({ alarmActionArn: OPS_TOPIC }) }],
  });
  for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new ServerlessChecks()]) {
    Aspects.of(app).add(pack);
  }
  // Act
  app.synth();
  member = { stack, template: Template.fromStack(stack) };
  fixed = { stack: other, template: Template.fromStack(other) };
});

const idOf = (template: Template, type: string, prefix: string): string => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return ids[0] as string;
};

describe('MemberAccountStack (StackSet template)', () => {
  it('takes the central bus ARN as a validated parameter and carries no bootstrap check', () => {
    const json = member.template.toJSON() as { Parameters: Record<string, unknown>; Rules?: unknown };
    expect(json.Parameters.CentralEventBusArn).toMatchObject({
      Type: 'String',
      AllowedPattern: expect.stringContaining('event-bus'),
    });
    expect(json.Parameters.BootstrapVersion).toBeUndefined();
    expect(json.Rules).toBeUndefined();
    expect(
      new RegExp(
        String((json.Parameters.CentralEventBusArn as { AllowedPattern: string }).AllowedPattern),
      ).test(BUS_ARN),
    ).toBe(true);
  });

  it('forwards the pipeline patterns from the default bus to the central bus with the role and a DLQ', () => {
    const { template } = member;
    const rules = template.findResources('AWS::Events::Rule') as Resources;
    expect(Object.keys(rules)).toHaveLength(3);
    const roleArn = { 'Fn::GetAtt': [idOf(template, 'AWS::IAM::Role', 'ForwarderRole'), 'Arn'] };
    const dlqArn = { 'Fn::GetAtt': [idOf(template, 'AWS::SQS::Queue', 'ForwarderDeadLetterQueue'), 'Arn'] };
    for (const rule of Object.values(rules)) {
      expect(rule.Properties.EventBusName).toBeUndefined();
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { Ref: 'CentralEventBusArn' },
          RoleArn: roleArn,
          DeadLetterConfig: { Arn: dlqArn },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        }),
      ]);
      expect(rule.DependsOn).toContain(idOf(template, 'AWS::IAM::ManagedPolicy', 'ForwarderPolicy'));
    }
    const patterns = Object.values(rules).map((r) => r.Properties.EventPattern);
    expect(patterns).toEqual([
      {
        source: ['aws.config'],
        'detail-type': ['Config Rules Compliance Change', 'Config Configuration Item Change'],
      },
      { 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: cloudTrailEventNames() } },
      { source: ['aws.signin'], 'detail-type': ['AWS Console Sign In via CloudTrail'] },
    ]);
  });

  it('lets only EventBridge of this account assume a role that may only PutEvents on the central bus', () => {
    const { template } = member;
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
      Policies: Match.absent(),
      ManagedPolicyArns: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: idOf(template, 'AWS::IAM::Role', 'ForwarderRole') }],
      PolicyDocument: {
        Statement: [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: { Ref: 'CentralEventBusArn' } }],
      },
    });
  });

  it('keeps failed forwards in a rotating-CMK-encrypted, TLS-only DLQ that only its rules may send to', () => {
    const { template } = member;
    const keyId = idOf(template, 'AWS::KMS::Key', 'ForwarderKey');
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      MessageRetentionPeriod: 1209600,
    });
    const policy = Object.values(template.findResources('AWS::SQS::QueuePolicy') as Resources)[0];
    const statements = (
      (policy as Resources[string]).Properties.PolicyDocument as { Statement: Record<string, unknown>[] }
    ).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [idOf(template, 'AWS::SQS::Queue', 'ForwarderDeadLetterQueue'), 'QueueName'],
          },
        },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: Match.absent(),
    });
    const sends = statements.filter((s) => s.Action === 'sqs:SendMessage' && s.Effect === 'Allow');
    expect(sends).toHaveLength(3);
    for (const send of sends) {
      expect(send).toMatchObject({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': expect.anything() } },
      });
    }
  });

  it('is free of unacknowledged AwsSolutions, HIPAA Security and Serverless findings', () => {
    for (const stack of [member.stack, fixed.stack]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', ANY_MESSAGE)).toEqual([]);
      expect(annotations.findWarning('*', ANY_MESSAGE)).toEqual([]);
    }
  });
});

describe('MemberAccountForwarder with options', () => {
  it('uses the given bus ARN, retry policy and alarm actions', () => {
    fixed.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [OPS_TOPIC] });
    const rules = Object.values(fixed.template.findResources('AWS::Events::Rule') as Resources);
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: BUS_ARN,
          RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 10 },
        }),
      ]);
    }
  });

  const build = (props: Partial<MemberAccountForwarderProps>) => () =>
    new MemberAccountForwarder(new Stack(new App(), 'Bad'), 'Fwd', { centralEventBusArn: BUS_ARN, ...props });

  it('rejects a bus ARN that is not an event bus, or the central default bus', () => {
    expect(build({ centralEventBusArn: 'arn:aws:sqs:eu-west-1:111122223333:queue' })).toThrow(
      /Bad\/Fwd: centralEventBusArn must be an EventBridge event bus ARN/,
    );
    expect(build({ centralEventBusArn: 'arn:aws:events:eu-west-1:111122223333:event-bus/default' })).toThrow(
      /not its default bus/,
    );
  });

  it('rejects a retry policy EventBridge does not accept', () => {
    expect(build({ retryAttempts: 186 })).toThrow(/retryAttempts must be an integer from 0 to 185, got 186/);
    expect(build({ maxEventAge: Duration.seconds(30) })).toThrow(/maxEventAge must be between 60 seconds/);
  });
});
