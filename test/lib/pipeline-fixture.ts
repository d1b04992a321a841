import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagSuppressions, ServerlessChecks } from 'cdk-nag';
import { expect } from 'vitest';
import cdkJson from '../../cdk.json';
import { EvidencePipeline, EvidenceStack } from '../../lib';

// The two pipelines the EvidencePipeline tests assert on (one per part file: test/lib/evidence-table,
// intake, drift-notifications, binder-export and evidence-pipeline), and the helpers they share.

export interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}
export type Resources = Record<string, { Properties: Record<string, unknown> }>;

export const ANY_MESSAGE = Match.stringLikeRegexp('.*');
export const ORG_ID = 'o-a1b2c3d4e5';
export const OPS_TOPIC = 'arn:aws:sns:eu-west-1:111111111111:evidence-ops';
const opsAlarmAction: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: OPS_TOPIC }) };
export const TEAM_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:team/slack-AbCdEf';
export const TEAM_KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555';

/** The app's own stack, every prop at its default. */
export interface DefaultsFixture {
  stack: EvidenceStack;
  template: Template;
}

/** A pipeline with every option set (VPC, tracing, imported secret, organization, ...) and an auditor. */
export interface ConfiguredFixture {
  stack: Stack;
  pipeline: EvidencePipeline;
  template: Template;
  auditor: iam.Role;
}

/**
 * Synthesizes both pipelines in one app, so the handlers are bundled once per test file, with the feature
 * flags the real app runs with. `nag` adds the nag packs of bin/app.ts (they only add annotations: the
 * templates are the same without them), for the files that assert there are no unacknowledged findings.
 */
export function synthesizePipelines(options: { nag: boolean }): {
  defaults: DefaultsFixture;
  configured: ConfiguredFixture;
} {
  // Prepare: the feature flags the real app runs with.
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
  if (options.nag) {
    Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
    Aspects.of(app).add(new HIPAASecurityChecks({ verbose: true }));
    Aspects.of(app).add(new ServerlessChecks({ verbose: true }));
  }

  // Act: one synthesis.
  app.synth();
  return {
    defaults: { stack, template: Template.fromStack(stack) },
    configured: { stack: other, pipeline, template: Template.fromStack(other), auditor },
  };
}

/** The logical id of the one resource of `type` whose id starts with `prefix` (fails otherwise). */
export const logicalId = (template: Template, type: string, prefix: string): string => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return ids[0] as string;
};

export const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

/** The pipeline's symmetric CMK (not the binder signing key). */
export const keyArnRef = (template: Template) => getAtt(logicalId(template, 'AWS::KMS::Key', 'PipelineKey'));

/** Statements of the customer-managed policy whose logical id starts with `prefix`. */
export function policyStatements(template: Template, prefix: string): Statement[] {
  const id = logicalId(template, 'AWS::IAM::ManagedPolicy', prefix);
  const policy = template.findResources('AWS::IAM::ManagedPolicy')[id] as Resources[string];
  return (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

/** Statements of every managed and inline policy of the template. */
export function statementsOf(template: Template): Statement[] {
  const policies = {
    ...template.findResources('AWS::IAM::ManagedPolicy'),
    ...template.findResources('AWS::IAM::Policy'),
  } as Resources;
  return Object.values(policies).flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

export const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
