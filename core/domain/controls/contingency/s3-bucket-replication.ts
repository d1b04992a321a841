/**
 * `s3-bucket-replication`: S3 buckets replicate their objects to another bucket, so a copy survives the
 * loss of the bucket or its region. Judged as the s3-bucket-replication-enabled rule judges it: a bucket
 * with no replication rule, or with a rule that is not enabled, is non-compliant.
 *
 * Judged from the bucket's configuration item (supplementaryConfiguration.BucketReplicationConfiguration
 * { roleARN, rules }, the rules keyed by their id as Config records them, or a list; null for a bucket
 * without replication, as the sweep's s3 collector records it; an item without the field says nothing)
 * and from PutBucketReplication calls (requestParameters.ReplicationConfiguration.Rule, one rule or a
 * list) and DeleteBucketReplication calls.
 *
 * Test: test/core/domain/controls/contingency/s3-bucket-replication.test.ts
 * Fixtures: test/fixtures/controls/storage.ts
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** The rules of a replication configuration: a list, one rule, or Config's map of rules by id. */
function rulesOf(rules: unknown): unknown[] {
  if (Array.isArray(rules)) return rules;
  if (rules === null || typeof rules !== 'object') return [];
  // one rule (the request's XML-derived shape) has a Status; Config's map has rule ids as keys
  return field(rules, 'status') !== undefined ? [rules] : Object.values(rules);
}

/** The verdict on a bucket's replication rules; `who` prefixes the reason. */
function judgeRules(rules: unknown[], who: string): Verdict {
  if (rules.length === 0) return nonCompliant(`${who}no replication rule`);
  const off = rules.filter((r) => str(field(r, 'status')) !== 'Enabled');
  if (off.length > 0)
    return nonCompliant(`${who}${off.length} of ${rules.length} replication rules not enabled`);
  return compliant(`${who}${rules.length} replication rule${rules.length > 1 ? 's' : ''}, all enabled`);
}

/** Judges `s3-bucket-replication`: a verdict, or undefined when the facts do not bear on it. */
export const s3BucketReplication: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::Bucket', facts);
  if (ci) {
    const config = field(ci.supplementaryConfiguration, 'BucketReplicationConfiguration');
    if (config === undefined) return undefined;
    if (config === null) return nonCompliant('the bucket has no replication configuration');
    return judgeRules(rulesOf(field(config, 'rules')), 'the bucket has ');
  }
  const call = onCall(facts, 'PutBucketReplication', 'DeleteBucketReplication');
  if (!call) return undefined;
  if (call.eventName === 'DeleteBucketReplication')
    return nonCompliant('DeleteBucketReplication: the bucket replication configuration was deleted');
  const config = field(call.requestParameters, 'ReplicationConfiguration');
  if (config === undefined) return undefined;
  return judgeRules(rulesOf(field(config, 'Rule') ?? field(config, 'Rules')), 'PutBucketReplication: ');
};

/** `s3-bucket-replication` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 's3-bucket-replication',
  title: 'S3 buckets replicate objects to another bucket (every replication rule enabled)',
  family: 'contingency',
  citations: ['164.308(a)(7)(ii)(A)', '164.310(d)(2)(iv)'],
  configRules: ['s3-bucket-replication-enabled'],
  cloudTrailEvents: ['PutBucketReplication', 'DeleteBucketReplication'],
  resourceTypes: ['AWS::S3::Bucket'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  // IAM authorizes GetBucketReplication as s3:GetReplicationConfiguration
  sweepCalls: [
    { api: 's3:GetBucketReplication', iamAction: 's3:GetReplicationConfiguration', scope: 'buckets' },
  ],
  remediation:
    'Add an enabled replication rule to a bucket in another region (aws s3api put-bucket-replication; versioning must be on both buckets).',
  evaluate: s3BucketReplication,
};
