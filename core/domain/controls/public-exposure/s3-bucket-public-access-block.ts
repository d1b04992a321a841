/**
 * `s3-bucket-public-access-block`: every S3 bucket turns on all four Block Public Access settings. Judged
 * from the bucket's configuration item (supplementaryConfiguration.PublicAccessBlockConfiguration) and
 * from PutBucketPublicAccessBlock / DeleteBucketPublicAccessBlock calls, which carry the whole new setting.
 *
 * Test: test/core/domain/controls/public-exposure/s3-bucket-public-access-block.test.ts
 * Fixtures: test/fixtures/events/config-ci-s3-bucket.json test/fixtures/events/ct-put-bucket-public-access-block.json
 */
import { bool, field } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator, type SweepCall } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** The four Block Public Access settings, as Config spells them (the API capitalizes the first letter). */
const SETTINGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'];

/**
 * Judges a Block Public Access configuration (Config's camelCase or the API's PascalCase spelling):
 * COMPLIANT only when all four settings are true; `where` names the bucket or account level.
 */
export function judgePublicAccessBlock(config: unknown, where: string): Verdict {
  if (config === undefined || config === null)
    return nonCompliant(`no ${where} Block Public Access configuration`);
  const off = SETTINGS.filter((s) => {
    // `field` matches either spelling; a missing or non-true setting is off
    return bool(field(config, s)) !== true;
  });
  return off.length === 0
    ? compliant(`all four ${where} Block Public Access settings are on`)
    : nonCompliant(`${where} Block Public Access settings off: ${off.join(', ')}`);
}

/** The sweep's read of a bucket's Block Public Access settings (the S3 API names it GetPublicAccessBlock). */
export const GET_BUCKET_PUBLIC_ACCESS_BLOCK: SweepCall = {
  api: 's3:GetPublicAccessBlock',
  iamAction: 's3:GetBucketPublicAccessBlock',
  scope: 'buckets',
};

/** Judges `s3-bucket-public-access-block`: a verdict, or undefined when the facts do not bear on it. */
export const s3BucketPublicAccessBlock: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::Bucket', facts);
  if (ci) {
    // the sweep's s3 collector records a bucket without the setting as null; a configuration item
    // that does not carry it at all is no evidence either way
    const config = field(ci.supplementaryConfiguration, 'PublicAccessBlockConfiguration');
    return config === undefined ? undefined : judgePublicAccessBlock(config, 'bucket');
  }
  const call = onCall(facts, 'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock');
  if (!call) return undefined;
  if (call.eventName === 'DeleteBucketPublicAccessBlock')
    return nonCompliant('the bucket Block Public Access configuration was deleted');
  return judgePublicAccessBlock(field(call.requestParameters, 'PublicAccessBlockConfiguration'), 'bucket');
};

/** `s3-bucket-public-access-block` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 's3-bucket-public-access-block',
  title: 'S3 buckets block public access (all four Block Public Access settings on)',
  family: 'public-exposure',
  citations: ['164.312(a)(1)'],
  configRules: ['s3-bucket-level-public-access-prohibited'],
  cloudTrailEvents: ['PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock'],
  resourceTypes: ['AWS::S3::Bucket'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [GET_BUCKET_PUBLIC_ACCESS_BLOCK],
  prowlerChecks: ['s3_bucket_public_access'],
  remediation: 'Turn on all four Block Public Access settings on the bucket.',
  evaluate: s3BucketPublicAccessBlock,
};
