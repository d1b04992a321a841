/**
 * `s3-bucket-versioning`: S3 buckets keep every version of their objects, so an overwritten or deleted
 * object can be recovered. Judged from the bucket's configuration item
 * (supplementaryConfiguration.BucketVersioningConfiguration.status: Off, Enabled or Suspended; Config, or
 * the sweep's s3 collector in Config's spelling) and from PutBucketVersioning calls, which carry the new
 * status (requestParameters.VersioningConfiguration.Status). Only "Enabled" keeps versions: a suspended
 * bucket overwrites objects again.
 *
 * Test: test/core/domain/controls/integrity/s3-bucket-versioning.test.ts
 * Fixtures: test/fixtures/controls/storage.ts
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** Judges `s3-bucket-versioning`: a verdict, or undefined when the facts do not bear on it. */
export const s3BucketVersioning: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::Bucket', facts);
  if (ci) {
    // an item that does not carry the setting (a failed sweep read) is no evidence either way
    const config = field(ci.supplementaryConfiguration, 'BucketVersioningConfiguration');
    if (config === undefined) return undefined;
    const status = str(field(config, 'status')) ?? 'Off';
    return status === 'Enabled'
      ? compliant('bucket versioning is enabled')
      : nonCompliant(`bucket versioning is ${status === 'Off' ? 'off' : status.toLowerCase()}`);
  }
  const call = onCall(facts, 'PutBucketVersioning');
  if (!call) return undefined;
  const status = str(field(call.requestParameters, 'VersioningConfiguration', 'Status'));
  if (status === undefined) return undefined;
  return status === 'Enabled'
    ? compliant('PutBucketVersioning: versioning enabled')
    : nonCompliant(`PutBucketVersioning: versioning ${status.toLowerCase()}`);
};

/** `s3-bucket-versioning` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 's3-bucket-versioning',
  title: 'S3 buckets keep object versions (versioning enabled)',
  family: 'integrity',
  citations: ['164.312(c)(1)', '164.308(a)(7)(ii)(A)'],
  configRules: ['s3-bucket-versioning-enabled'],
  prowlerChecks: ['s3_bucket_object_versioning'],
  cloudTrailEvents: ['PutBucketVersioning'],
  resourceTypes: ['AWS::S3::Bucket'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 's3:GetBucketVersioning', scope: 'buckets' }],
  remediation:
    'Enable versioning on the bucket (aws s3api put-bucket-versioning --versioning-configuration Status=Enabled).',
  evaluate: s3BucketVersioning,
};
