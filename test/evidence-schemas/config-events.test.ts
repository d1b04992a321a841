import { describe, expect, it } from 'vitest';
import {
  ComplianceTypeSchema,
  ConfigComplianceChangeEventSchema,
  ConfigItemChangeEventSchema,
} from '../../evidence-schemas';
import { deleteAt, type FixtureName, loadEvent, setAt } from '../fixtures/builders';

const COMPLIANCE_FIXTURES: FixtureName[] = [
  'config-compliance-conformance-pack',
  'config-compliance-securityhub',
  'config-compliance-custom-rule',
];
const CI_FIXTURES: FixtureName[] = [
  'config-ci-s3-bucket',
  'config-ci-ebs-volume',
  'config-ci-rds-instance',
  'config-ci-dynamodb-table',
  'config-ci-log-group',
  'config-ci-cloudtrail-trail',
  'config-ci-kms-key',
  'config-ci-lambda-function',
  'config-ci-oversized',
  'config-ci-deleted',
];

const paths = (issues: { path: PropertyKey[] }[] | undefined) => (issues ?? []).map((i) => i.path.join('.'));

describe('ConfigComplianceChangeEventSchema', () => {
  it.each(COMPLIANCE_FIXTURES)('accepts %s and normalizes its times', (name) => {
    // Prepare
    const raw = loadEvent(name);
    // Act
    const result = ConfigComplianceChangeEventSchema.safeParse(raw);
    // Assess
    expect(result.error).toBeUndefined();
    expect(result.data?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(result.data?.detail.newEvaluationResult.resultRecordedTime).toMatch(/\.\d{3}Z$/);
  });

  it('accepts a first evaluation with no or a null oldEvaluationResult', () => {
    // Prepare
    const absent = deleteAt(loadEvent('config-compliance-conformance-pack'), [
      'detail',
      'oldEvaluationResult',
    ]);
    const nulled = setAt(
      loadEvent('config-compliance-conformance-pack'),
      ['detail', 'oldEvaluationResult'],
      null,
    );
    // Act
    const results = [absent, nulled].map((e) => ConfigComplianceChangeEventSchema.safeParse(e));
    // Assess
    expect(results.map((r) => r.success)).toEqual([true, true]);
  });

  it.each([
    [
      'a bad account id',
      ['detail', 'awsAccountId'],
      '1111-2222-3333',
      'detail.awsAccountId',
      'an AWS account id is 12 digits, got "1111-2222-3333"',
    ],
    [
      'a 13-digit account id',
      ['detail', 'awsAccountId'],
      '1111222233334',
      'detail.awsAccountId',
      'an AWS account id is 12 digits, got "1111222233334"',
    ],
    ['a bad envelope time', ['time'], 'soon', 'time', 'not a valid timestamp: "soon"'],
    [
      'a bad ordering timestamp',
      ['detail', 'newEvaluationResult', 'evaluationResultIdentifier', 'orderingTimestamp'],
      '2025-03-04T25:00:00Z',
      'detail.newEvaluationResult.evaluationResultIdentifier.orderingTimestamp',
      'not a valid timestamp',
    ],
    [
      'an unknown complianceType',
      ['detail', 'newEvaluationResult', 'complianceType'],
      'PARTIALLY_COMPLIANT',
      'detail.newEvaluationResult.complianceType',
      'COMPLIANT',
    ],
    ['a bad region', ['detail', 'awsRegion'], 'US East 1', 'detail.awsRegion', 'not an AWS region name'],
    ['an empty rule name', ['detail', 'configRuleName'], '', 'detail.configRuleName', ''],
    ['another source', ['source'], 'aws.securityhub', 'source', ''],
  ] as const)('rejects %s, naming the field', (_name, path, value, field, message) => {
    // Prepare
    const raw = setAt(loadEvent('config-compliance-conformance-pack'), path, value);
    // Act
    const result = ConfigComplianceChangeEventSchema.safeParse(raw);
    // Assess
    expect(result.success).toBe(false);
    expect(paths(result.error?.issues)).toContain(field);
    expect(result.error?.issues.find((i) => i.path.join('.') === field)?.message).toContain(message);
  });

  it('left-pads a short all-digit account id and accepts a region it does not know', () => {
    // Prepare
    const raw = loadEvent('config-compliance-conformance-pack');
    setAt(raw, ['detail', 'awsAccountId'], '11112222333');
    setAt(raw, ['detail', 'awsRegion'], 'eu-newregion-9');
    // Act
    const result = ConfigComplianceChangeEventSchema.safeParse(raw);
    // Assess
    expect(result.error).toBeUndefined();
    expect(result.data?.detail.awsAccountId).toBe('011112222333');
    expect(result.data?.detail.awsRegion).toBe('eu-newregion-9');
  });

  it('rejects a missing detail field by name', () => {
    // Prepare
    const raw = deleteAt(loadEvent('config-compliance-custom-rule'), ['detail', 'resourceId']);
    // Act
    const result = ConfigComplianceChangeEventSchema.safeParse(raw);
    // Assess
    expect(paths(result.error?.issues)).toEqual(['detail.resourceId']);
  });

  it('knows exactly the four Config compliance types', () => {
    // Prepare / Act / Assess
    expect(ComplianceTypeSchema.options).toEqual([
      'COMPLIANT',
      'NON_COMPLIANT',
      'NOT_APPLICABLE',
      'INSUFFICIENT_DATA',
    ]);
  });
});

describe('ConfigItemChangeEventSchema', () => {
  it.each(CI_FIXTURES)('accepts %s', (name) => {
    // Prepare
    const raw = loadEvent(name);
    // Act
    const result = ConfigItemChangeEventSchema.safeParse(raw);
    // Assess
    expect(result.error).toBeUndefined();
  });

  it('normalizes a full item: account, ARN, capture time, state id, tags', () => {
    // Prepare
    const raw = loadEvent('config-ci-ebs-volume');
    // Act
    const detail = ConfigItemChangeEventSchema.parse(raw).detail;
    // Assess
    expect(detail.messageType).toBe('ConfigurationItemChangeNotification');
    if (detail.messageType !== 'ConfigurationItemChangeNotification') return;
    expect(detail.configurationItem).toMatchObject({
      accountId: '111122223333',
      region: 'us-east-1',
      resourceType: 'AWS::EC2::Volume',
      resourceId: 'vol-0a1b2c3d4e5f60718',
      arn: 'arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d4e5f60718',
      captureTime: '2025-01-20T13:55:39.118Z',
      status: 'ResourceDiscovered',
      stateId: '1737381339118',
      tags: { 'patient-cohort': 'oncology-trial-2291' },
    });
    expect(detail.configurationItem).not.toHaveProperty('resourceName');
  });

  it('normalizes an oversized summary with empty configuration', () => {
    // Prepare
    const raw = loadEvent('config-ci-oversized');
    // Act
    const detail = ConfigItemChangeEventSchema.parse(raw).detail;
    // Assess
    expect(detail.messageType).toBe('OversizedConfigurationItemChangeNotification');
    if (detail.messageType !== 'OversizedConfigurationItemChangeNotification') return;
    expect(detail.configurationItemSummary).toMatchObject({
      accountId: '111122223333',
      resourceType: 'AWS::S3::Bucket',
      stateId: '1741173641005',
      configuration: {},
      tags: {},
    });
  });

  it.each([
    [
      'an unknown messageType',
      ['detail', 'messageType'],
      'ConfigurationSnapshotDeliveryCompleted',
      'detail.messageType',
    ],
    [
      'a bad capture time',
      ['detail', 'configurationItem', 'configurationItemCaptureTime'],
      'not-a-time',
      'detail.configurationItem.configurationItemCaptureTime',
    ],
    [
      'a bad resource type',
      ['detail', 'configurationItem', 'resourceType'],
      'S3 Bucket',
      'detail.configurationItem.resourceType',
    ],
    ['a bad envelope account', ['account'], '12345678901x', 'account'],
  ] as const)('rejects %s, naming the field', (_name, path, value, field) => {
    // Prepare
    const raw = setAt(loadEvent('config-ci-s3-bucket'), path, value);
    // Act
    const result = ConfigItemChangeEventSchema.safeParse(raw);
    // Assess
    expect(result.success).toBe(false);
    expect(paths(result.error?.issues)).toContain(field);
  });

  it('rejects an item with neither account spelling', () => {
    // Prepare
    const raw = deleteAt(loadEvent('config-ci-s3-bucket'), ['detail', 'configurationItem', 'awsAccountId']);
    // Act
    const result = ConfigItemChangeEventSchema.safeParse(raw);
    // Assess
    expect(result.error?.issues.map((i) => i.message)).toContain(
      'configuration item has neither awsAccountId nor accountId',
    );
  });
});
