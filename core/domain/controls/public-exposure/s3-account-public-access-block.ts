/**
 * `s3-account-public-access-block`: the account turns on all four S3 Block Public Access settings, so
 * no bucket of it can be made public whatever its own settings. Judged from the
 * AWS::S3::AccountPublicAccessBlock configuration item and from the s3control calls CloudTrail logs as
 * PutAccountPublicAccessBlock (carrying the whole new setting) and DeleteAccountPublicAccessBlock.
 *
 * Test: test/core/domain/controls/public-exposure/s3-account-public-access-block.test.ts
 * Fixtures: test/fixtures/events/ct-put-account-public-access-block.json
 */
import { field } from '../../facts-access';
import { nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';
import { judgePublicAccessBlock } from './s3-bucket-public-access-block';

/** Judges `s3-account-public-access-block`: a verdict, or undefined when the facts do not bear on it. */
export const s3AccountPublicAccessBlock: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::AccountPublicAccessBlock', facts);
  if (ci) return judgePublicAccessBlock(ci.configuration, 'account-level');
  const call = onCall(facts, 'PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock');
  if (!call) return undefined;
  if (call.eventName === 'DeleteAccountPublicAccessBlock')
    return nonCompliant('the account-level Block Public Access configuration was deleted');
  return judgePublicAccessBlock(
    field(call.requestParameters, 'PublicAccessBlockConfiguration'),
    'account-level',
  );
};

/** `s3-account-public-access-block` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 's3-account-public-access-block',
  title: 'S3 Block Public Access is on at the account level',
  family: 'public-exposure',
  citations: ['164.312(a)(1)'],
  configRules: ['s3-account-level-public-access-blocks-periodic', 's3-account-level-public-access-blocks'],
  cloudTrailEvents: ['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
  resourceTypes: ['AWS::S3::AccountPublicAccessBlock'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  prowlerChecks: ['s3_account_level_public_access_blocks'],
  remediation:
    'Turn on all four Block Public Access settings for the account (s3control put-public-access-block).',
  evaluate: s3AccountPublicAccessBlock,
};
