// Binder bucket, signing key, export function and the grants (lib/binder-export.ts).
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { DEFAULT_EXPORT_ENTRY, EvidencePipeline } from '../../lib';
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
  // Prepare / Act: the default and the configured pipeline (templates only: no annotations asserted here).
  ({ defaults, configured } = synthesizePipelines({ nag: false }));
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

  it('runs the export function for up to 15 minutes with 1024 MB, 10 GB of /tmp and its configuration', () => {
    const { template } = defaults;
    const fn = exportFunction();
    expect(fn.Properties).toMatchObject({
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 900,
      MemorySize: 1024,
      EphemeralStorage: { Size: 10240 },
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
        'dynamodb:BatchGetItem',
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
      { 'Fn::Join': ['', [getAtt(tableId), '/index/byRecordedTime']] },
    ]);
    expect(resourceOf('dynamodb:Scan')).toEqual(getAtt(tableId));
    // IAM aliases only (the reader resolves identities stored under their unique id)
    expect(statements.find((s) => actionsOf(s).includes('dynamodb:BatchGetItem'))).toMatchObject({
      Resource: getAtt(tableId),
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['A#*'] } },
    });
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

describe('binder export (options)', () => {
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
});
