import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/transmission/s3-bucket-tls';
import { apiCallFacts, observeFixture, setAt } from '../../../../fixtures/builders';
import { ALLOW_ONLY_POLICY } from '../../../../fixtures/controls/transmission/s3-bucket-tls';
import { describeControl, fixture, fromFacts, supp } from '../control-cases';

describeControl(control, [
  {
    name: 'bucket CI whose policyText denies aws:SecureTransport false',
    observation: fixture('config-ci-s3-bucket'),
    status: 'COMPLIANT',
  },
  {
    name: 'bucket CI with no policy (policyText null)',
    observation: fixture('config-ci-s3-bucket', (d) =>
      setAt(d, [...supp, 'BucketPolicy'], { policyText: null }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBucketPolicy with a TLS deny',
    observation: fixture('ct-put-bucket-policy'),
    status: 'COMPLIANT',
  },
  {
    name: 'PutBucketPolicy with an Allow only',
    observation: fixture('ct-put-bucket-policy', (d) =>
      setAt(d, ['detail', 'requestParameters', 'bucketPolicy'], ALLOW_ONLY_POLICY),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DeleteBucketPolicy',
    observation: fromFacts(apiCallFacts('DeleteBucketPolicy')),
    status: 'NON_COMPLIANT',
  },
]);

describe('s3-bucket-tls on a partial deny', () => {
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
