/**
 * `s3-bucket-encryption`: S3 buckets encrypt objects at rest by default. Judged from the bucket's
 * configuration item (Config, or the sweep's s3 collector in Config's spelling) and from
 * PutBucketEncryption / DeleteBucketEncryption calls.
 *
 * Test: test/core/domain/controls/encryption-at-rest/s3-bucket-encryption.test.ts
 * Fixtures: test/fixtures/events/config-ci-s3-bucket.json
 */
import { field, list, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** Judges `s3-bucket-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const s3BucketEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::Bucket', facts);
  if (ci) {
    const rules = list(field(ci.supplementaryConfiguration, 'ServerSideEncryptionConfiguration', 'rules'));
    const algorithms = rules
      .map((r) => str(field(r, 'applyServerSideEncryptionByDefault', 'sseAlgorithm')))
      .filter((a): a is string => a !== undefined);
    return algorithms.length > 0
      ? compliant(`default encryption ${algorithms.join(', ')} is configured`)
      : nonCompliant('no default server-side encryption is configured');
  }
  const call = onCall(facts, 'PutBucketEncryption', 'DeleteBucketEncryption');
  if (!call) return undefined;
  if (call.eventName === 'DeleteBucketEncryption') {
    return nonCompliant('the bucket default encryption configuration was deleted');
  }
  const rules = list(
    field(call.requestParameters, 'ServerSideEncryptionConfiguration', 'Rule') ??
      field(call.requestParameters, 'ServerSideEncryptionConfiguration', 'rules'),
  );
  const algorithm = rules
    .map((r) => str(field(r, 'ApplyServerSideEncryptionByDefault', 'SSEAlgorithm')))
    .find((a) => a !== undefined);
  const single = str(
    field(
      call.requestParameters,
      'ServerSideEncryptionConfiguration',
      'Rule',
      'ApplyServerSideEncryptionByDefault',
      'SSEAlgorithm',
    ),
  );
  const algo = algorithm ?? single;
  return algo
    ? compliant(`default encryption set to ${algo}`)
    : compliant('default encryption configuration set');
};

/** `s3-bucket-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 's3-bucket-encryption',
  title: 'S3 buckets encrypt objects at rest by default',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['s3-bucket-server-side-encryption-enabled', 's3-default-encryption-kms'],
  prowlerChecks: ['s3_bucket_default_encryption'],
  cloudTrailEvents: ['PutBucketEncryption', 'DeleteBucketEncryption'],
  resourceTypes: ['AWS::S3::Bucket'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  // IAM authorizes GetBucketEncryption as s3:GetEncryptionConfiguration
  sweepCalls: [
    { api: 's3:GetBucketEncryption', iamAction: 's3:GetEncryptionConfiguration', scope: 'buckets' },
  ],
  remediation: 'Turn on default encryption (SSE-KMS) on the bucket (aws s3api put-bucket-encryption).',
  evaluate: s3BucketEncryption,
};
