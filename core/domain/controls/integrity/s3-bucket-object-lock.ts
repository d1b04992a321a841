/**
 * `s3-bucket-object-lock`: S3 buckets have Object Lock enabled, so object versions can be kept
 * write-once (WORM) for a retention period. This is the meaning of the s3-bucket-default-lock-enabled
 * rule, judged for every bucket as the rule judges it; not every bucket needs WORM storage (a bucket of
 * scratch files is non-compliant here without being a gap in safeguards), so read a NON_COMPLIANT
 * verdict as "no Object Lock", nothing more.
 *
 * Judged from the bucket's configuration item (supplementaryConfiguration.ObjectLockConfiguration
 * { objectLockEnabled, rule }, as the sweep's s3 collector records GetObjectLockConfiguration, null for a
 * bucket without Object Lock; an item without the field says nothing) and from
 * PutObjectLockConfiguration calls (requestParameters.ObjectLockConfiguration.ObjectLockEnabled). Object
 * Lock cannot be turned off once on, so no call makes a bucket non-compliant.
 *
 * Test: test/core/domain/controls/integrity/s3-bucket-object-lock.test.ts
 * Fixtures: test/fixtures/controls/storage.ts
 */
import { field, num, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** The default retention of a lock configuration, e.g. "GOVERNANCE 30 days", or undefined. */
function defaultRetention(config: unknown): string | undefined {
  const retention = field(config, 'rule', 'defaultRetention');
  const mode = str(field(retention, 'mode'));
  if (!mode) return undefined;
  const days = num(field(retention, 'days'));
  const years = num(field(retention, 'years'));
  const period = days !== undefined ? `${days} days` : years !== undefined ? `${years} years` : undefined;
  return period ? `${mode} ${period}` : mode;
}

/** Judges `s3-bucket-object-lock`: a verdict, or undefined when the facts do not bear on it. */
export const s3BucketObjectLock: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::Bucket', facts);
  if (ci) {
    const config = field(ci.supplementaryConfiguration, 'ObjectLockConfiguration');
    if (config === undefined) return undefined;
    if (str(field(config, 'objectLockEnabled')) !== 'Enabled')
      return nonCompliant('the bucket has no Object Lock (objects can be overwritten or deleted)');
    const retention = defaultRetention(config);
    return compliant(
      retention
        ? `Object Lock is enabled, default retention ${retention}`
        : 'Object Lock is enabled (no default retention)',
    );
  }
  const call = onCall(facts, 'PutObjectLockConfiguration');
  if (!call) return undefined;
  const config = field(call.requestParameters, 'ObjectLockConfiguration');
  if (str(field(config, 'ObjectLockEnabled')) !== 'Enabled') return undefined;
  const retention = defaultRetention(config);
  return compliant(
    `PutObjectLockConfiguration: Object Lock enabled${retention ? `, default retention ${retention}` : ''}`,
  );
};

/** `s3-bucket-object-lock` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 's3-bucket-object-lock',
  title:
    'S3 buckets have Object Lock enabled (the s3-bucket-default-lock-enabled meaning: a bucket without WORM storage is non-compliant whether or not it needs it)',
  family: 'integrity',
  citations: ['164.312(c)(1)', '164.312(c)(2)'],
  configRules: ['s3-bucket-default-lock-enabled'],
  cloudTrailEvents: ['PutObjectLockConfiguration'],
  resourceTypes: ['AWS::S3::Bucket'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  // IAM authorizes GetObjectLockConfiguration as s3:GetBucketObjectLockConfiguration
  sweepCalls: [
    {
      api: 's3:GetObjectLockConfiguration',
      iamAction: 's3:GetBucketObjectLockConfiguration',
      scope: 'buckets',
    },
  ],
  remediation:
    'Enable Object Lock with a default retention on buckets of records to keep unaltered (aws s3api put-object-lock-configuration).',
  evaluate: s3BucketObjectLock,
};
