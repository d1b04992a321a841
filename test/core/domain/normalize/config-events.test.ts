import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  deleteAt,
  loadEvent,
  OTHER_ACCOUNT,
  observe,
  observeFixture,
  setAt,
} from '../../../fixtures/builders';

describe('Config rule compliance changes', () => {
  it('takes the account and region of the resource, not of the envelope', () => {
    // Prepare
    const raw = loadEvent('config-compliance-securityhub');
    setAt(raw, ['account'], ACCOUNT);
    setAt(raw, ['region'], 'eu-west-1');
    // Act
    const obs = observe(raw);
    // Assess
    // the resource is an IAM user: IAM has no region, so neither the rule's nor the envelope's is kept
    expect(obs.subject).toMatchObject({ accountId: OTHER_ACCOUNT, region: 'global' });
  });

  it('falls back to resultRecordedTime when a verdict has no orderingTimestamp', () => {
    // Prepare
    const raw = loadEvent('config-compliance-conformance-pack');
    deleteAt(raw, ['detail', 'newEvaluationResult', 'evaluationResultIdentifier', 'orderingTimestamp']);
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.observedAt).toBe('2025-03-04T10:15:01.402Z');
  });

  it('keeps the rule verdict, the previous verdict when there is one, and the annotation', () => {
    // Prepare
    const withOld = loadEvent('config-compliance-conformance-pack');
    const firstEval = loadEvent('config-compliance-securityhub');
    // Act
    const a = observe(withOld).facts;
    const b = observe(firstEval).facts;
    // Assess
    expect(a).toEqual({
      type: 'config-rule-evaluation',
      ruleName: 's3-bucket-ssl-requests-only-conformance-pack-abcd1234',
      managedRuleName: 's3-bucket-ssl-requests-only',
      complianceType: 'NON_COMPLIANT',
      previousComplianceType: 'COMPLIANT',
      annotation: 'The bucket policy does not deny HTTP requests.',
    });
    expect(b).toEqual({
      type: 'config-rule-evaluation',
      ruleName: 'securityhub-access-keys-rotated-a1b2c3',
      managedRuleName: 'access-keys-rotated',
      complianceType: 'COMPLIANT',
    });
  });
});

describe('oversized configuration items', () => {
  it('keeps the S3 location of an oversized item', () => {
    // Prepare / Act
    const obs = observeFixture('config-ci-oversized');
    // Assess
    expect(obs.facts).toEqual({
      type: 'configuration-summary',
      resourceType: 'AWS::S3::Bucket',
      status: 'OK',
      s3BucketLocation: expect.stringMatching(/^acme-config-delivery\/AWSLogs\/111122223333\/Config\//),
    });
    expect(obs.source.eventTime).toBe('2025-03-05T11:20:44.000Z');
  });
});
