/**
 * `s3-bucket-tls`: S3 bucket policies deny requests without TLS. Judged from the bucket's configuration
 * item (its policy text) and from PutBucketPolicy / DeleteBucketPolicy calls.
 *
 * Test: test/core/domain/controls/transmission/s3-bucket-tls.test.ts
 * Fixtures: test/fixtures/events/config-ci-s3-bucket.json, test/fixtures/events/ct-put-bucket-policy.json,
 * test/fixtures/controls/transmission/s3-bucket-tls.ts
 */
import { field } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { deniesInsecureTransport, onCall, onConfig } from '../evaluator-kit';

/** Judges `s3-bucket-tls`: a verdict, or undefined when the facts do not bear on it. */
export const s3BucketTls: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::Bucket', facts);
  if (ci) {
    const policy = field(ci.supplementaryConfiguration, 'BucketPolicy', 'policyText');
    return deniesInsecureTransport(policy)
      ? compliant('bucket policy denies requests without TLS (aws:SecureTransport false)')
      : nonCompliant('bucket policy does not deny requests made without TLS');
  }
  const call = onCall(facts, 'PutBucketPolicy', 'DeleteBucketPolicy');
  if (!call) return undefined;
  if (call.eventName === 'DeleteBucketPolicy')
    return nonCompliant('the bucket policy was deleted: non-TLS requests are no longer denied');
  return deniesInsecureTransport(field(call.requestParameters, 'bucketPolicy'))
    ? compliant('new bucket policy denies requests without TLS')
    : nonCompliant('new bucket policy does not deny requests made without TLS');
};

/** `s3-bucket-tls` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 's3-bucket-tls',
  title: 'S3 bucket policies deny requests without TLS',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  configRules: ['s3-bucket-ssl-requests-only'],
  prowlerChecks: ['s3_bucket_secure_transport_policy'],
  cloudTrailEvents: ['PutBucketPolicy', 'DeleteBucketPolicy'],
  resourceTypes: ['AWS::S3::Bucket'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 's3:GetBucketPolicy', scope: 'buckets' }],
  remediation: 'Add a bucket policy statement that denies s3:* when aws:SecureTransport is false.',
  evaluate: s3BucketTls,
};
