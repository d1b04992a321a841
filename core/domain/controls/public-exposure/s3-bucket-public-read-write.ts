/**
 * `s3-bucket-public-read-write`: no S3 bucket policy or ACL grants access to everyone (the semantics of
 * the s3-bucket-public-read-prohibited and s3-bucket-public-write-prohibited rules). A policy is public
 * when an Allow statement names a wildcard principal that no condition narrows; an ACL when it grants
 * anything to the AllUsers or AuthenticatedUsers group. Judged from the bucket's configuration item
 * (supplementaryConfiguration.BucketPolicy.policyText and AccessControlList, with the bucket's own Block
 * Public Access settings, which neutralize public grants) and from PutBucketPolicy, DeleteBucketPolicy
 * and PutBucketAcl calls, whose request parameters carry the whole new policy or ACL. The account-level
 * Block Public Access setting is judged by `s3-account-public-access-block`.
 *
 * Test: test/core/domain/controls/public-exposure/s3-bucket-public-read-write.test.ts
 * Fixtures: test/fixtures/events/ct-put-bucket-policy.json test/fixtures/events/ct-put-bucket-acl-public.json
 */
import { bool, field, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig, publicStatements } from '../evaluator-kit';
import { GET_BUCKET_PUBLIC_ACCESS_BLOCK } from './s3-bucket-public-access-block';

/** Canned ACLs that grant to everyone (public-*) or to every AWS account (authenticated-read). */
const PUBLIC_CANNED = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const PUBLIC_GROUPS = ['AllUsers', 'AuthenticatedUsers'];

const parsed = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
};

/** The public group a grantee names: Config's "AllUsers", or the API's { URI: ".../global/AllUsers" }. */
function publicGroupOf(grantee: unknown): string | undefined {
  const name = str(grantee) ?? str(field(grantee, 'URI')) ?? str(field(grantee, 'uri'));
  return PUBLIC_GROUPS.find((g) => name === g || name?.endsWith(`/${g}`));
}

/**
 * The public grants of an ACL, as "<group> <permission>": Config's { grantList: [{ grantee, permission }] }
 * (object or JSON string) or CloudTrail's AccessControlList { Grant: [...] | {...} }.
 */
export function publicAclGrants(acl: unknown): string[] {
  const doc = parsed(acl);
  const grants = field(doc, 'grantList') ?? field(doc, 'Grant');
  return (Array.isArray(grants) ? grants : grants ? [grants] : []).flatMap((g) => {
    const group = publicGroupOf(field(g, 'grantee') ?? field(g, 'Grantee'));
    return group ? [`${group} ${String(field(g, 'permission') ?? field(g, 'Permission') ?? '').trim()}`] : [];
  });
}

const cannedOf = (request: unknown): string | undefined => {
  const v = field(request, 'x-amz-acl');
  return str(Array.isArray(v) ? v[0] : v);
};

function judgeBucket(configuration: { policy: unknown; acl: unknown; block: unknown }): Verdict | undefined {
  const { policy, acl, block } = configuration;
  if (policy === undefined && acl === undefined) return undefined;
  // the bucket's own Block Public Access settings make public grants ineffective
  const policyPublic = bool(field(block, 'restrictPublicBuckets')) === true ? [] : publicStatements(policy);
  const aclPublic = bool(field(block, 'ignorePublicAcls')) === true ? [] : publicAclGrants(acl);
  const found = [
    ...(policyPublic.length ? [`policy statement ${policyPublic.join(', ')} allows anyone`] : []),
    ...(aclPublic.length ? [`ACL grants ${aclPublic.join(', ')}`] : []),
  ];
  return found.length > 0
    ? nonCompliant(`the bucket is public: ${found.join('; ')}`)
    : compliant('neither the bucket policy nor the ACL grants public access');
}

/** Judges `s3-bucket-public-read-write`: a verdict, or undefined when the facts do not bear on it. */
export const s3BucketPublicReadWrite: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::Bucket', facts);
  if (ci) {
    const s = ci.supplementaryConfiguration;
    return judgeBucket({
      policy: field(s, 'BucketPolicy', 'policyText') ?? undefined,
      acl: field(s, 'AccessControlList'),
      block: field(s, 'PublicAccessBlockConfiguration'),
    });
  }
  const call = onCall(facts, 'PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl');
  if (!call) return undefined;
  if (call.eventName === 'DeleteBucketPolicy')
    return compliant('the bucket policy was deleted: no policy grants public access');
  if (call.eventName === 'PutBucketPolicy') {
    const open = publicStatements(field(call.requestParameters, 'bucketPolicy'));
    return open.length > 0
      ? nonCompliant(`the new bucket policy allows anyone (statement ${open.join(', ')})`)
      : compliant('the new bucket policy grants no public access');
  }
  const canned = cannedOf(call.requestParameters);
  if (canned)
    return PUBLIC_CANNED.has(canned)
      ? nonCompliant(`the bucket ACL was set to the public canned ACL ${canned}`)
      : compliant(`the bucket ACL was set to the canned ACL ${canned}`);
  const acl = field(call.requestParameters, 'AccessControlPolicy', 'AccessControlList');
  if (acl === undefined) return undefined;
  const grants = publicAclGrants(acl);
  return grants.length > 0
    ? nonCompliant(`the new bucket ACL grants ${grants.join(', ')}`)
    : compliant('the new bucket ACL grants nothing to AllUsers or AuthenticatedUsers');
};

/** `s3-bucket-public-read-write` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 's3-bucket-public-read-write',
  title: 'S3 bucket policies and ACLs grant no public read or write access',
  family: 'public-exposure',
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  configRules: ['s3-bucket-public-read-prohibited', 's3-bucket-public-write-prohibited'],
  cloudTrailEvents: ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl'],
  resourceTypes: ['AWS::S3::Bucket'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [
    { api: 's3:GetBucketPolicy', scope: 'buckets' },
    { api: 's3:GetBucketAcl', scope: 'buckets' },
    GET_BUCKET_PUBLIC_ACCESS_BLOCK,
  ],
  prowlerChecks: ['s3_bucket_policy_public_write_access'],
  remediation:
    'Remove the Allow statement for Principal "*" and any AllUsers/AuthenticatedUsers ACL grant, then turn on Block Public Access.',
  evaluate: s3BucketPublicReadWrite,
};
