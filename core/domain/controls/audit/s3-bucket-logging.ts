/**
 * `s3-bucket-logging`: S3 buckets record server access logs (who requested which object, when, from
 * where) in a log bucket. Judged from the bucket's configuration item
 * (supplementaryConfiguration.BucketLoggingConfiguration.destinationBucketName, null when logging is
 * off; Config, or the sweep's s3 collector in Config's spelling) and from PutBucketLogging calls, which
 * carry the whole new setting: requestParameters.BucketLoggingStatus.LoggingEnabled with its TargetBucket
 * turns logging on, a status without it turns logging off.
 *
 * Test: test/core/domain/controls/audit/s3-bucket-logging.test.ts
 * Fixtures: test/fixtures/controls/storage.ts
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** Judges `s3-bucket-logging`: a verdict, or undefined when the facts do not bear on it. */
export const s3BucketLogging: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::Bucket', facts);
  if (ci) {
    const config = field(ci.supplementaryConfiguration, 'BucketLoggingConfiguration');
    if (config === undefined) return undefined;
    const target = str(field(config, 'destinationBucketName'));
    return target
      ? compliant(`server access logs are delivered to ${target}`)
      : nonCompliant('server access logging is off');
  }
  const call = onCall(facts, 'PutBucketLogging');
  if (!call) return undefined;
  const status = field(call.requestParameters, 'BucketLoggingStatus');
  if (status === undefined) return undefined;
  const enabled = field(status, 'LoggingEnabled');
  const target = str(field(enabled, 'TargetBucket'));
  if (enabled === undefined || enabled === null)
    return nonCompliant('PutBucketLogging: server access logging turned off');
  return compliant(`PutBucketLogging: server access logs delivered to ${target ?? 'a target bucket'}`);
};

/** `s3-bucket-logging` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 's3-bucket-logging',
  title: 'S3 buckets record server access logs',
  family: 'audit',
  citations: ['164.312(b)'],
  configRules: ['s3-bucket-logging-enabled'],
  prowlerChecks: ['s3_bucket_server_access_logging_enabled'],
  cloudTrailEvents: ['PutBucketLogging'],
  resourceTypes: ['AWS::S3::Bucket'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 's3:GetBucketLogging', scope: 'buckets' }],
  remediation:
    'Turn on server access logging to a dedicated log bucket (aws s3api put-bucket-logging --bucket-logging-status).',
  evaluate: s3BucketLogging,
};
