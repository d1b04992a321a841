import { describe, expect, it } from 'vitest';
import {
  assess,
  CITATIONS,
  CONTROLS,
  citationsOf,
  cloudTrailEventNames,
  controlById,
  controlsForRule,
  evaluatedResourceTypes,
  managedRuleName,
} from '../../../core/domain/catalog';
import {
  deniesInsecureTransport,
  kmsKeyRotation,
  logRetention,
  MIN_RETENTION_DAYS,
} from '../../../core/domain/evaluators';
import type { Facts, Observation } from '../../../core/domain/observation';
import type { VerdictStatus } from '../../../evidence-schemas';
import {
  apiCallFacts,
  configFacts,
  deleteAt,
  type JsonObject,
  observationOf,
  observeFixture,
  ruleFacts,
  setAt,
  signInFacts,
} from '../../fixtures/builders';

interface Case {
  controlId: string;
  name: string;
  observation: () => Observation;
  status: VerdictStatus;
}

const fromFacts = (facts: Facts) => () => observationOf(facts);
const fixture =
  (name: Parameters<typeof observeFixture>[0], edit?: (doc: JsonObject) => void) => (): Observation =>
    observeFixture(name, edit);
const ci = ['detail', 'configurationItem'];
const conf = [...ci, 'configuration'];
const supp = [...ci, 'supplementaryConfiguration'];

const TRUSTED_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};
const ALLOW_ONLY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/Reader' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
    },
  ],
};

/** Evaluator-driven cases: each control judged from configuration or activity, through assess(). */
const EVALUATOR_CASES: Case[] = [
  // s3-bucket-encryption
  {
    controlId: 's3-bucket-encryption',
    name: 'bucket CI with aws:kms default encryption',
    observation: fixture('config-ci-s3-bucket'),
    status: 'COMPLIANT',
  },
  {
    controlId: 's3-bucket-encryption',
    name: 'bucket CI without ServerSideEncryptionConfiguration',
    observation: fixture('config-ci-s3-bucket', (d) =>
      deleteAt(d, [...supp, 'ServerSideEncryptionConfiguration']),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 's3-bucket-encryption',
    name: 'PutBucketEncryption with a single Rule object',
    observation: fromFacts(
      apiCallFacts('PutBucketEncryption', {
        requestParameters: {
          bucketName: 'b',
          ServerSideEncryptionConfiguration: {
            Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
          },
        },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    controlId: 's3-bucket-encryption',
    name: 'DeleteBucketEncryption',
    observation: fromFacts(apiCallFacts('DeleteBucketEncryption')),
    status: 'NON_COMPLIANT',
  },
  // ebs-volume-encryption
  {
    controlId: 'ebs-volume-encryption',
    name: 'encrypted volume CI',
    observation: fixture('config-ci-ebs-volume'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'ebs-volume-encryption',
    name: 'unencrypted volume CI',
    observation: fixture('config-ci-ebs-volume', (d) => setAt(d, [...conf, 'encrypted'], false)),
    status: 'NON_COMPLIANT',
  },
  // rds-storage-encryption
  {
    controlId: 'rds-storage-encryption',
    name: 'encrypted DB instance CI',
    observation: fixture('config-ci-rds-instance'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'rds-storage-encryption',
    name: 'DB instance CI with storageEncrypted false',
    observation: fixture('config-ci-rds-instance', (d) => setAt(d, [...conf, 'storageEncrypted'], false)),
    status: 'NON_COMPLIANT',
  },
  // dynamodb-table-encryption
  {
    controlId: 'dynamodb-table-encryption',
    name: 'table CI with KMS SSE ENABLED',
    observation: fixture('config-ci-dynamodb-table'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'dynamodb-table-encryption',
    name: 'table CI without SSE description (AWS owned key)',
    observation: fixture('config-ci-dynamodb-table', (d) => deleteAt(d, [...conf, 'sSEDescription'])),
    status: 'COMPLIANT',
  },
  {
    controlId: 'dynamodb-table-encryption',
    name: 'table CI with SSE DISABLED',
    observation: fixture('config-ci-dynamodb-table', (d) =>
      setAt(d, [...conf, 'sSEDescription', 'status'], 'DISABLED'),
    ),
    status: 'NON_COMPLIANT',
  },
  // log-group-encryption
  {
    controlId: 'log-group-encryption',
    name: 'log group CI with kmsKeyId',
    observation: fixture('config-ci-log-group'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'log-group-encryption',
    name: 'log group CI without kmsKeyId',
    observation: fixture('config-ci-log-group', (d) => deleteAt(d, [...conf, 'kmsKeyId'])),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'log-group-encryption',
    name: 'AssociateKmsKey',
    observation: fromFacts(apiCallFacts('AssociateKmsKey')),
    status: 'COMPLIANT',
  },
  {
    controlId: 'log-group-encryption',
    name: 'DisassociateKmsKey',
    observation: fromFacts(apiCallFacts('DisassociateKmsKey')),
    status: 'NON_COMPLIANT',
  },
  // cloudtrail-encryption
  {
    controlId: 'cloudtrail-encryption',
    name: 'trail CI with kmsKeyId',
    observation: fixture('config-ci-cloudtrail-trail'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'cloudtrail-encryption',
    name: 'trail CI without kmsKeyId',
    observation: fixture('config-ci-cloudtrail-trail', (d) => deleteAt(d, [...conf, 'kmsKeyId'])),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'cloudtrail-encryption',
    name: 'UpdateTrail response with kmsKeyId',
    observation: fixture('ct-update-trail'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'cloudtrail-encryption',
    name: 'UpdateTrail that removes the key (kmsKeyId "")',
    observation: fixture('ct-update-trail', (d) => {
      setAt(d, ['detail', 'requestParameters'], { name: 'org-audit-trail', kmsKeyId: '' });
      deleteAt(d, ['detail', 'responseElements', 'kmsKeyId']);
    }),
    status: 'NON_COMPLIANT',
  },
  // kms-key-rotation
  {
    controlId: 'kms-key-rotation',
    name: 'AWS managed key',
    observation: fixture('config-ci-kms-key', (d) => setAt(d, [...conf, 'keyManager'], 'AWS')),
    status: 'COMPLIANT',
  },
  {
    controlId: 'kms-key-rotation',
    name: 'configuration.keyRotationEnabled true',
    observation: fromFacts(
      configFacts('AWS::KMS::Key', {
        keyManager: 'CUSTOMER',
        keySpec: 'SYMMETRIC_DEFAULT',
        keyRotationEnabled: true,
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    controlId: 'kms-key-rotation',
    name: 'configuration.keyRotationEnabled false',
    observation: fromFacts(
      configFacts('AWS::KMS::Key', { keyManager: 'CUSTOMER', keyRotationEnabled: 'false' }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'kms-key-rotation',
    name: 'customer key CI with supplementaryConfiguration.KeyRotationStatus "false"',
    observation: fixture('config-ci-kms-key'),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'kms-key-rotation',
    name: 'customer key CI with supplementaryConfiguration.KeyRotationStatus true',
    observation: fixture('config-ci-kms-key', (d) => setAt(d, [...supp, 'KeyRotationStatus'], true)),
    status: 'COMPLIANT',
  },
  {
    controlId: 'kms-key-rotation',
    name: 'EnableKeyRotation',
    observation: fromFacts(apiCallFacts('EnableKeyRotation')),
    status: 'COMPLIANT',
  },
  {
    controlId: 'kms-key-rotation',
    name: 'DisableKeyRotation',
    observation: fromFacts(apiCallFacts('DisableKeyRotation')),
    status: 'NON_COMPLIANT',
  },
  // s3-bucket-tls
  {
    controlId: 's3-bucket-tls',
    name: 'bucket CI whose policyText denies aws:SecureTransport false',
    observation: fixture('config-ci-s3-bucket'),
    status: 'COMPLIANT',
  },
  {
    controlId: 's3-bucket-tls',
    name: 'bucket CI with no policy (policyText null)',
    observation: fixture('config-ci-s3-bucket', (d) =>
      setAt(d, [...supp, 'BucketPolicy'], { policyText: null }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 's3-bucket-tls',
    name: 'PutBucketPolicy with a TLS deny',
    observation: fixture('ct-put-bucket-policy'),
    status: 'COMPLIANT',
  },
  {
    controlId: 's3-bucket-tls',
    name: 'PutBucketPolicy with an Allow only',
    observation: fixture('ct-put-bucket-policy', (d) =>
      setAt(d, ['detail', 'requestParameters', 'bucketPolicy'], ALLOW_ONLY_POLICY),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 's3-bucket-tls',
    name: 'DeleteBucketPolicy',
    observation: fromFacts(apiCallFacts('DeleteBucketPolicy')),
    status: 'NON_COMPLIANT',
  },
  // cloudtrail-logging
  {
    controlId: 'cloudtrail-logging',
    name: 'StartLogging',
    observation: fixture('ct-start-logging'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'cloudtrail-logging',
    name: 'StopLogging',
    observation: fixture('ct-stop-logging'),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'cloudtrail-logging',
    name: 'DeleteTrail',
    observation: fixture('ct-delete-trail'),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'cloudtrail-logging',
    name: 'trail CI with TrailStatus.isLogging true',
    observation: fromFacts(configFacts('AWS::CloudTrail::Trail', {}, { TrailStatus: { isLogging: true } })),
    status: 'COMPLIANT',
  },
  {
    controlId: 'cloudtrail-logging',
    name: 'trail CI with isLogging false',
    observation: fromFacts(configFacts('AWS::CloudTrail::Trail', { isLogging: false })),
    status: 'NON_COMPLIANT',
  },
  // cloudtrail-multi-region
  {
    controlId: 'cloudtrail-multi-region',
    name: 'multi-region trail CI',
    observation: fixture('config-ci-cloudtrail-trail'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'cloudtrail-multi-region',
    name: 'single-region trail CI',
    observation: fixture('config-ci-cloudtrail-trail', (d) =>
      setAt(d, [...conf, 'isMultiRegionTrail'], false),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'cloudtrail-multi-region',
    name: 'CreateTrail without isMultiRegionTrail in request or response',
    observation: fromFacts(
      apiCallFacts('CreateTrail', { requestParameters: { name: 't', s3BucketName: 'b' } }),
    ),
    status: 'NON_COMPLIANT',
  },
  // cloudtrail-log-validation
  {
    controlId: 'cloudtrail-log-validation',
    name: 'UpdateTrail response with validation on',
    observation: fixture('ct-update-trail'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'cloudtrail-log-validation',
    name: 'trail CI with validation off',
    observation: fixture('config-ci-cloudtrail-trail', (d) =>
      setAt(d, [...conf, 'logFileValidationEnabled'], false),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'cloudtrail-log-validation',
    name: 'CreateTrail request with enableLogFileValidation true',
    observation: fromFacts(
      apiCallFacts('CreateTrail', { requestParameters: { name: 't', enableLogFileValidation: true } }),
    ),
    status: 'COMPLIANT',
  },
  // config-recorder
  {
    controlId: 'config-recorder',
    name: 'StartConfigurationRecorder',
    observation: fromFacts(apiCallFacts('StartConfigurationRecorder')),
    status: 'COMPLIANT',
  },
  {
    controlId: 'config-recorder',
    name: 'StopConfigurationRecorder',
    observation: fromFacts(apiCallFacts('StopConfigurationRecorder')),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'config-recorder',
    name: 'DeleteConfigurationRecorder',
    observation: fromFacts(apiCallFacts('DeleteConfigurationRecorder')),
    status: 'NON_COMPLIANT',
  },
  // log-retention
  {
    controlId: 'log-retention',
    name: 'log group CI keeping 2192 days',
    observation: fixture('config-ci-log-group'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'log-retention',
    name: 'log group CI keeping 2191 days',
    observation: fixture('config-ci-log-group', (d) => setAt(d, [...conf, 'retentionInDays'], 2191)),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'log-retention',
    name: 'PutRetentionPolicy 2192 days',
    observation: fixture('ct-put-retention-policy'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'log-retention',
    name: 'PutRetentionPolicy 30 days',
    observation: fixture('ct-put-retention-policy', (d) =>
      setAt(d, ['detail', 'requestParameters', 'retentionInDays'], 30),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'log-retention',
    name: 'DeleteRetentionPolicy (never expire)',
    observation: fixture('ct-delete-retention-policy'),
    status: 'COMPLIANT',
  },
  // root-account-use
  {
    controlId: 'root-account-use',
    name: 'root console sign-in',
    observation: fixture('signin-root'),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'root-account-use',
    name: 'root creates its own access key',
    observation: fixture('ct-create-access-key-root'),
    status: 'NON_COMPLIANT',
  },
  // iam-user-mfa
  {
    controlId: 'iam-user-mfa',
    name: 'IAM user sign-in with MFA',
    observation: fixture('signin-iam-user-mfa'),
    status: 'COMPLIANT',
  },
  {
    controlId: 'iam-user-mfa',
    name: 'IAM user sign-in without MFA',
    observation: fixture('signin-iam-user-no-mfa'),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'iam-user-mfa',
    name: 'EnableMFADevice',
    observation: fromFacts(apiCallFacts('EnableMFADevice')),
    status: 'COMPLIANT',
  },
  // access-review and log-review (human attestations)
  {
    controlId: 'access-review',
    name: 'access review approved against a snapshot',
    observation: fromFacts({
      type: 'attestation',
      kind: 'access-review',
      reviewer: 'Dana',
      decision: 'approved',
      reviewedAt: '2026-10-01T00:00:00.000Z',
      snapshot: { evidenceId: `ev_${'0'.repeat(32)}`, observedAt: '2026-09-30T00:00:00.000Z' },
    }),
    status: 'COMPLIANT',
  },
  {
    controlId: 'access-review',
    name: 'access review overdue',
    observation: fromFacts({
      type: 'attestation',
      kind: 'review-due',
      controlId: 'access-review',
      dueAt: '2026-10-01T00:00:00.000Z',
      cadenceDays: 90,
    }),
    status: 'NON_COMPLIANT',
  },
  {
    controlId: 'log-review',
    name: 'log review approved',
    observation: fromFacts({
      type: 'attestation',
      kind: 'log-review',
      reviewer: 'Sam',
      decision: 'approved',
      reviewedAt: '2026-10-01T00:00:00.000Z',
    }),
    status: 'COMPLIANT',
  },
  {
    controlId: 'log-review',
    name: 'log review requires changes',
    observation: fromFacts({
      type: 'attestation',
      kind: 'log-review',
      reviewer: 'Sam',
      decision: 'changes-required',
      reviewedAt: '2026-10-01T00:00:00.000Z',
    }),
    status: 'NON_COMPLIANT',
  },
];

/** Config-rule-driven cases: each control that names managed rules takes their verdicts. */
const RULE_CASES: Case[] = CONTROLS.flatMap((control) =>
  control.configRules.flatMap((rule) =>
    (['COMPLIANT', 'NON_COMPLIANT'] as const).map((status) => ({
      controlId: control.id,
      name: `Config rule ${rule} ${status}`,
      observation: fromFacts(ruleFacts(rule, status)),
      status,
    })),
  ),
);

describe('every control', () => {
  it('has at least one compliant and one non-compliant case below', () => {
    // Prepare
    const cases = [...EVALUATOR_CASES, ...RULE_CASES];
    // Act
    const missing = CONTROLS.flatMap((c) =>
      (['COMPLIANT', 'NON_COMPLIANT'] as const)
        .filter((s) => !cases.some((k) => k.controlId === c.id && k.status === s))
        .map((s) => `${c.id}:${s}`),
    );
    // Assess
    expect(missing).toEqual([]);
  });

  it.each(EVALUATOR_CASES)('$controlId is $status for $name', ({ controlId, observation, status }) => {
    // Prepare
    const obs = observation();
    // Act
    const found = assess(obs).filter((a) => a.controlId === controlId);
    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status, affectsPosture: true });
    expect(found[0]?.citations).toEqual(citationsOf(controlById(controlId)?.citations ?? []));
    expect(found[0]?.reason.length).toBeGreaterThan(0);
  });

  it.each(RULE_CASES)('$controlId is $status for $name', ({ controlId, observation, status }) => {
    // Prepare
    const obs = observation();
    // Act
    const found = assess(obs);
    // Assess
    expect(found.find((a) => a.controlId === controlId)).toMatchObject({ status, affectsPosture: true });
  });
});

describe('assess', () => {
  it('judges a configuration only against the controls for its resource type', () => {
    // Prepare
    const obs = observeFixture('config-ci-dynamodb-table');
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).toEqual(['dynamodb-table-encryption']);
  });

  it('marks every assessment of a failed call as not affecting posture and says why', () => {
    // Prepare
    const obs = observeFixture('ct-access-denied');
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      controlId: 'cloudtrail-logging',
      status: 'NON_COMPLIANT',
      affectsPosture: false,
    });
    expect(out[0]?.reason).toMatch(/^attempt failed \(AccessDenied\): /);
  });

  it('does not let a failed PutRetentionPolicy move posture even when it would comply', () => {
    // Prepare
    const obs = observeFixture('ct-put-retention-policy', (d) =>
      setAt(d, ['detail', 'errorCode'], 'ThrottlingException'),
    );
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toEqual([
      expect.objectContaining({ controlId: 'log-retention', status: 'COMPLIANT', affectsPosture: false }),
    ]);
  });

  it('treats a failed console sign-in as activity only', () => {
    // Prepare
    const failedUser = observeFixture('signin-failure');
    const failedRoot = observationOf(signInFacts('Root', 'Failure', false));
    // Act
    const user = assess(failedUser);
    const root = assess(failedRoot);
    // Assess
    expect(user).toEqual([
      expect.objectContaining({ controlId: 'iam-user-mfa', status: 'NOT_APPLICABLE', affectsPosture: false }),
    ]);
    expect(root).toEqual([
      expect.objectContaining({
        controlId: 'root-account-use',
        status: 'NOT_APPLICABLE',
        affectsPosture: false,
      }),
    ]);
  });

  it('records access-key and MFA-removal activity without moving posture', () => {
    // Prepare
    const created = observeFixture('ct-create-access-key-iam-user');
    const removed = observationOf(
      apiCallFacts('DeactivateMFADevice', { requestParameters: { userName: 'u' } }),
    );
    const profile = observationOf(
      apiCallFacts('CreateLoginProfile', { requestParameters: { userName: 'u' } }),
    );
    const trail = observationOf(apiCallFacts('CreateTrail', { requestParameters: { name: 't' } }));
    // Act
    const results = [created, removed, profile, trail].map((o) => assess(o));
    // Assess
    expect(results[0]).toEqual([
      expect.objectContaining({ controlId: 'iam-access-keys', affectsPosture: false }),
    ]);
    expect(results[0]?.[0]?.reason).toContain('AKIAEXAM…');
    expect(results[1]).toEqual([
      expect.objectContaining({ controlId: 'iam-user-mfa', affectsPosture: false }),
    ]);
    expect(results[2]).toEqual([
      expect.objectContaining({ controlId: 'iam-user-mfa', affectsPosture: false }),
    ]);
    expect(results[3]?.find((a) => a.controlId === 'cloudtrail-logging')).toMatchObject({
      affectsPosture: false,
    });
  });

  it('maps INSUFFICIENT_DATA to NOT_APPLICABLE that does not affect posture', () => {
    // Prepare
    const obs = observeFixture('config-compliance-conformance-pack', (d) =>
      setAt(d, ['detail', 'newEvaluationResult', 'complianceType'], 'INSUFFICIENT_DATA'),
    );
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toEqual([
      expect.objectContaining({
        controlId: 's3-bucket-tls',
        status: 'NOT_APPLICABLE',
        affectsPosture: false,
      }),
    ]);
  });

  it('lets a Config NOT_APPLICABLE verdict affect posture', () => {
    // Prepare
    const obs = observationOf(ruleFacts('encrypted-volumes', 'NOT_APPLICABLE'));
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toEqual([
      expect.objectContaining({
        controlId: 'ebs-volume-encryption',
        status: 'NOT_APPLICABLE',
        affectsPosture: true,
      }),
    ]);
  });

  it('makes a deleted resource NOT_APPLICABLE for every control on its type', () => {
    // Prepare
    const volume = observeFixture('config-ci-deleted');
    const bucket = observationOf(configFacts('AWS::S3::Bucket', {}, {}, 'ResourceDeleted'));
    // Act
    const volumeOut = assess(volume);
    const bucketOut = assess(bucket);
    // Assess
    expect(volumeOut).toEqual([
      expect.objectContaining({
        controlId: 'ebs-volume-encryption',
        status: 'NOT_APPLICABLE',
        affectsPosture: true,
      }),
    ]);
    expect(bucketOut.map((a) => [a.controlId, a.status])).toEqual([
      ['s3-bucket-encryption', 'NOT_APPLICABLE'],
      ['s3-bucket-tls', 'NOT_APPLICABLE'],
    ]);
    expect(bucketOut[0]?.reason).toContain('ResourceDeleted');
  });

  it('gives an unmapped rule its own control id and no citations', () => {
    // Prepare
    const obs = observeFixture('config-compliance-custom-rule');
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toEqual([
      {
        controlId: 'config-rule:acme-phi-volume-tagging',
        citations: [],
        status: 'NON_COMPLIANT',
        reason:
          'AWS Config rule acme-phi-volume-tagging: NON_COMPLIANT (Volume is missing the data-classification tag.)',
        affectsPosture: true,
      },
    ]);
  });

  it('maps conformance-pack and Security Hub deployments of managed rules to their controls', () => {
    // Prepare
    const pack = observeFixture('config-compliance-conformance-pack');
    const hub = observeFixture('config-compliance-securityhub');
    // Act
    const packOut = assess(pack);
    const hubOut = assess(hub);
    // Assess
    expect(packOut).toEqual([
      expect.objectContaining({ controlId: 's3-bucket-tls', status: 'NON_COMPLIANT' }),
    ]);
    expect(packOut[0]?.citations.map((c) => c.citation)).toEqual(['164.312(e)(1)', '164.312(e)(2)(ii)']);
    expect(hubOut).toEqual([expect.objectContaining({ controlId: 'iam-access-keys', status: 'COMPLIANT' })]);
  });

  it('maps a custom rule through the caller’s mappings, with that control’s citations', () => {
    // Prepare
    const obs = observeFixture('config-compliance-custom-rule');
    // Act
    const out = assess(obs, { 'acme-phi-volume-tagging': 'ebs-volume-encryption' });
    // Assess
    expect(out).toEqual([
      expect.objectContaining({
        controlId: 'ebs-volume-encryption',
        citations: [{ citation: '164.312(a)(2)(iv)', requirement: 'addressable' }],
        status: 'NON_COMPLIANT',
      }),
    ]);
  });

  it('maps one managed rule to every control that names it', () => {
    // Prepare
    const controlsWithRule = CONTROLS.filter((c) => c.configRules.includes('cloudtrail-enabled')).map(
      (c) => c.id,
    );
    // Act
    const ids = controlsForRule('cloudtrail-enabled');
    // Assess
    expect(ids).toEqual(controlsWithRule);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('gives nothing for an oversized summary (no configuration to judge)', () => {
    // Prepare
    const obs = observeFixture('config-ci-oversized');
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toEqual([]);
  });
});

describe('log retention', () => {
  it.each([
    [MIN_RETENTION_DAYS, 'COMPLIANT'],
    [2192, 'COMPLIANT'],
    [3653, 'COMPLIANT'],
    [2191, 'NON_COMPLIANT'],
    [1, 'NON_COMPLIANT'],
    ['2192', 'COMPLIANT'],
  ] as const)('retentionInDays %s is %s', (days, status) => {
    // Prepare
    const facts = configFacts('AWS::Logs::LogGroup', { logGroupName: 'g', retentionInDays: days });
    // Act
    const verdict = logRetention(facts);
    // Assess
    expect(verdict?.status).toBe(status);
  });

  it('treats a log group without retention as never expiring', () => {
    // Prepare
    const facts = configFacts('AWS::Logs::LogGroup', { logGroupName: 'g' });
    const nulled = configFacts('AWS::Logs::LogGroup', { logGroupName: 'g', retentionInDays: null });
    // Act
    const verdicts = [logRetention(facts), logRetention(nulled)];
    // Assess
    expect(verdicts.map((v) => v?.status)).toEqual(['COMPLIANT', 'COMPLIANT']);
    expect(verdicts[0]?.reason).toContain('never expire');
  });

  it('judges PutRetentionPolicy 2191 non-compliant and 2192 compliant', () => {
    // Prepare
    const short = apiCallFacts('PutRetentionPolicy', {
      requestParameters: { logGroupName: 'g', retentionInDays: 2191 },
    });
    const enough = apiCallFacts('PutRetentionPolicy', {
      requestParameters: { logGroupName: 'g', retentionInDays: 2192 },
    });
    // Act
    const verdicts = [logRetention(short), logRetention(enough)];
    // Assess
    expect(verdicts.map((v) => v?.status)).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
  });
});

describe('kms key rotation', () => {
  it('prefers supplementaryConfiguration.KeyRotationStatus to configuration.keyRotationEnabled', () => {
    // Prepare
    const on = configFacts(
      'AWS::KMS::Key',
      { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyRotationEnabled: false },
      { KeyRotationStatus: 'true' },
    );
    const off = configFacts(
      'AWS::KMS::Key',
      { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyRotationEnabled: true },
      { KeyRotationStatus: false },
    );
    // Act
    const verdicts = [kmsKeyRotation(on), kmsKeyRotation(off)];
    // Assess
    expect(verdicts.map((v) => v?.status)).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
  });
});

describe('evaluators answer nothing when the facts do not bear on them', () => {
  it('ignores other resource types, other calls and deleted resources', () => {
    // Prepare
    const volume = configFacts('AWS::EC2::Volume', { encrypted: true });
    const call = apiCallFacts('PutBucketPolicy');
    const deleted = configFacts('AWS::Logs::LogGroup', { retentionInDays: 1 }, {}, 'ResourceDeleted');
    // Act
    const verdicts = [logRetention(volume), logRetention(call), logRetention(deleted)];
    // Assess
    expect(verdicts).toEqual([undefined, undefined, undefined]);
  });

  it('leaves asymmetric KMS keys and keys without a rotation field unjudged', () => {
    // Prepare
    const asymmetric = configFacts('AWS::KMS::Key', {
      keyManager: 'CUSTOMER',
      keySpec: 'RSA_2048',
      keyRotationEnabled: false,
    });
    const silent = configFacts('AWS::KMS::Key', { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT' });
    // Act
    const verdicts = [kmsKeyRotation(asymmetric), kmsKeyRotation(silent)];
    // Assess
    expect(verdicts).toEqual([undefined, undefined]);
  });

  it('says nothing about encryption for an UpdateTrail that does not touch it', () => {
    // Prepare
    const obs = observationOf(
      apiCallFacts('UpdateTrail', {
        requestParameters: { name: 't', s3BucketName: 'other-bucket' },
        responseElements: {},
      }),
    );
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).toEqual([]);
  });
});

describe('deniesInsecureTransport', () => {
  /** A Deny statement covering every principal and every S3 action unless told otherwise. */
  const deny = (overrides: JsonObject = {}): JsonObject => ({
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
    Condition: { Bool: { 'aws:SecureTransport': false } },
    ...overrides,
  });

  it.each([
    ['an object policy', TRUSTED_POLICY],
    ['a JSON string policy', JSON.stringify(TRUSTED_POLICY)],
    ['a single Statement object with boolean false', { Statement: deny() }],
    [
      'a condition value list',
      { Statement: [deny({ Condition: { Bool: { 'aws:SecureTransport': ['false'] } } })] },
    ],
    ['Principal {AWS: "*"}', { Statement: [deny({ Principal: { AWS: '*' } })] }],
    [
      'a Principal AWS list containing "*"',
      { Statement: [deny({ Principal: { AWS: ['arn:aws:iam::111122223333:role/Reader', '*'] } })] },
    ],
    ['Action "*"', { Statement: [deny({ Action: '*' })] }],
    ['an Action list containing "s3:*"', { Statement: [deny({ Action: ['s3:GetObject', 's3:*'] })] }],
    ['an Action list containing "*"', { Statement: [deny({ Action: ['*'] })] }],
    [
      'a partial deny next to a full one',
      { Statement: [deny({ Action: 's3:GetObject' }), deny({ Principal: { AWS: ['*'] } })] },
    ],
  ])('accepts %s', (_name, policy) => {
    // Prepare / Act
    const result = deniesInsecureTransport(policy);
    // Assess
    expect(result).toBe(true);
  });

  it.each([
    ['an Allow-only policy', ALLOW_ONLY_POLICY],
    [
      'a Deny on aws:SecureTransport true',
      { Statement: [deny({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })] },
    ],
    ['an Allow on aws:SecureTransport false', { Statement: [deny({ Effect: 'Allow' })] }],
    ['a Deny without a condition', { Statement: [deny({ Condition: undefined })] }],
    [
      'a Deny without Principal or Action',
      { Statement: { Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': false } } } },
    ],
    ['a Deny without Principal', { Statement: [deny({ Principal: undefined })] }],
    ['a Deny without Action', { Statement: [deny({ Action: undefined })] }],
    [
      'a Deny for one role only',
      { Statement: [deny({ Principal: { AWS: 'arn:aws:iam::111122223333:role/Reader' } })] },
    ],
    ['a Deny for a service principal', { Statement: [deny({ Principal: { Service: '*' } })] }],
    ['a Deny of one action', { Statement: [deny({ Action: 's3:GetObject' })] }],
    ['a Deny of a list of actions', { Statement: [deny({ Action: ['s3:GetObject', 's3:PutObject'] })] }],
    ['a Deny of every action of another service', { Statement: [deny({ Action: 'kms:*' })] }],
    ['an unparsable string', '{"Statement": ['],
    ['null', null],
  ])('rejects %s', (_name, policy) => {
    // Prepare / Act
    const result = deniesInsecureTransport(policy);
    // Assess
    expect(result).toBe(false);
  });

  it('does not accept a deny limited to one action and one principal', () => {
    // Prepare
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/Reader' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::clinic-phi-intake/*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    // Act
    const result = deniesInsecureTransport(policy);
    // Assess
    expect(result).toBe(false);
  });

  it('judges a PutBucketPolicy whose deny covers one action non-compliant', () => {
    // Prepare
    const obs = observeFixture('ct-put-bucket-policy', (d) =>
      setAt(d, ['detail', 'requestParameters', 'bucketPolicy', 'Statement', 0, 'Action'], 's3:GetObject'),
    );
    // Act
    const out = assess(obs);
    // Assess
    expect(out.find((a) => a.controlId === 's3-bucket-tls')?.status).toBe('NON_COMPLIANT');
  });
});

describe('managedRuleName', () => {
  it.each([
    ['s3-bucket-ssl-requests-only-conformance-pack-abcd1234', 's3-bucket-ssl-requests-only'],
    ['securityhub-access-keys-rotated-a1b2c3', 'access-keys-rotated'],
    ['securityhub-multi-region-cloud-trail-enabled-4fc2b4b8', 'multi-region-cloud-trail-enabled'],
    ['S3_BUCKET_SSL_REQUESTS_ONLY', 's3-bucket-ssl-requests-only'],
    ['CW_LOGGROUP_RETENTION_PERIOD_CHECK', 'cw-loggroup-retention-period-check'],
    ['ENCRYPTED_VOLUMES-conformance-pack-x9y8z7', 'encrypted-volumes'],
    ['  encrypted-volumes  ', 'encrypted-volumes'],
    ['Acme-Custom-Rule', 'acme-custom-rule'],
    ['acme-phi-volume-tagging', 'acme-phi-volume-tagging'],
  ])('%s -> %s', (deployed, managed) => {
    // Prepare / Act
    const name = managedRuleName(deployed);
    // Assess
    expect(name).toBe(managed);
  });
});

describe('controlsForRule', () => {
  it('finds the control of a managed rule under any deployed spelling', () => {
    // Prepare
    const names = [
      's3-bucket-ssl-requests-only',
      'S3_BUCKET_SSL_REQUESTS_ONLY',
      's3-bucket-ssl-requests-only-conformance-pack-abcd1234',
    ];
    // Act
    const found = names.map((n) => controlsForRule(n));
    // Assess
    expect(found).toEqual([['s3-bucket-tls'], ['s3-bucket-tls'], ['s3-bucket-tls']]);
  });

  it('is empty for an unmapped rule', () => {
    // Prepare / Act
    const found = controlsForRule('acme-phi-volume-tagging');
    // Assess
    expect(found).toEqual([]);
  });

  it('uses custom mappings by deployed name or by managed name, before the catalog', () => {
    // Prepare
    const mappings = {
      'acme-phi-volume-tagging': 'ebs-volume-encryption',
      'acme-log-kms': 'log-group-encryption',
      'encrypted-volumes': 'rds-storage-encryption',
    };
    // Act
    const byDeployed = controlsForRule('acme-phi-volume-tagging', mappings);
    const byManaged = controlsForRule('acme-log-kms-conformance-pack-q1w2e3', mappings);
    const overridden = controlsForRule('ENCRYPTED_VOLUMES', mappings);
    // Assess
    expect(byDeployed).toEqual(['ebs-volume-encryption']);
    expect(byManaged).toEqual(['log-group-encryption']);
    expect(overridden).toEqual(['rds-storage-encryption']);
  });
});

describe('catalog', () => {
  it('gives every control a unique id, a title and known citations', () => {
    // Prepare
    const ids = CONTROLS.map((c) => c.id);
    // Act
    const bad = CONTROLS.filter(
      (c) =>
        c.title.trim() === '' || c.citations.length === 0 || c.citations.some((cit) => !(cit in CITATIONS)),
    );
    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    expect(bad.map((c) => c.id)).toEqual([]);
  });

  it('names managed rules in their canonical (managedRuleName) form', () => {
    // Prepare
    const rules = CONTROLS.flatMap((c) => c.configRules);
    // Act
    const notCanonical = rules.filter((r) => managedRuleName(r) !== r);
    // Assess
    expect(notCanonical).toEqual([]);
  });

  it('lists every CloudTrail event of every control once, sorted', () => {
    // Prepare
    const expected = new Set(CONTROLS.flatMap((c) => c.cloudTrailEvents));
    // Act
    const names = cloudTrailEventNames();
    // Assess
    for (const name of expected) expect(names).toContain(name);
    expect(names).toHaveLength(expected.size);
    expect(names).toEqual([...names].sort());
  });

  it('lists the resource types the controls evaluate', () => {
    // Prepare / Act
    const types = evaluatedResourceTypes();
    // Assess
    expect([...types].sort()).toEqual([
      'AWS::CloudTrail::Trail',
      'AWS::DynamoDB::Table',
      'AWS::EC2::Volume',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::RDS::DBInstance',
      'AWS::S3::Bucket',
    ]);
  });

  it('gives citations the requirement level of 45 CFR', () => {
    // Prepare / Act
    const citations = citationsOf(['164.312(b)', '164.312(a)(2)(iv)']);
    // Assess
    expect(citations).toEqual([
      { citation: '164.312(b)', requirement: 'required' },
      { citation: '164.312(a)(2)(iv)', requirement: 'addressable' },
    ]);
  });
});

describe('deniesInsecureTransport action names', () => {
  it('treats action names case-insensitively, as IAM does', () => {
    // Prepare
    const policy = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'S3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    // Act
    const denies = deniesInsecureTransport(policy);
    // Assess
    expect(denies).toBe(true);
  });
});
