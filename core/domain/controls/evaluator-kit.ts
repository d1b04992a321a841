/**
 * What several controls' evaluators share: picking the facts a control judges (a configuration item
 * of one type, one of a few CloudTrail calls, a trail setting from either), the TLS-deny test of a bucket
 * policy, and the overdue notice of a periodic review. A helper used by one control lives in its file.
 */
import { bool, field, str } from '../facts-access';
import type { Facts } from '../observation';
import { nonCompliant, type Verdict } from '../verdict';

type ApiCall = Extract<Facts, { type: 'api-call' }>;
type Configuration = Extract<Facts, { type: 'configuration' }>;
type Attestation = Extract<Facts, { type: 'attestation' }>;

/** The administrative ports the public-exposure controls keep closed to the internet. */
export const ADMIN_PORTS: readonly { port: number; name: string }[] = [
  { port: 22, name: 'SSH' },
  { port: 3389, name: 'RDP' },
];

/** The CIDR blocks that mean "anywhere on the internet" (IPv4 and IPv6). */
export const WORLD: ReadonlySet<string> = new Set(['0.0.0.0/0', '::/0']);

/** The facts when they are a configuration item of `resourceType` that still exists. */
export function onConfig(resourceType: string, facts: Facts): Configuration | undefined {
  return facts.type === 'configuration' && facts.resourceType === resourceType && !facts.deleted
    ? facts
    : undefined;
}

/** The facts when they are a CloudTrail call named one of `names`. */
export function onCall(facts: Facts, ...names: string[]): ApiCall | undefined {
  return facts.type === 'api-call' && names.includes(facts.eventName) ? facts : undefined;
}

/**
 * True when a policy (object or JSON string) denies every principal every S3 action when
 * aws:SecureTransport is false, as the s3-bucket-ssl-requests-only rule requires: a deny limited to
 * some actions or some principals leaves other requests allowed over plain HTTP.
 */
export function deniesInsecureTransport(policy: unknown): boolean {
  let doc = policy;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return false;
    }
  }
  const statements = field(doc, 'Statement');
  const list_ = Array.isArray(statements) ? statements : statements ? [statements] : [];
  // IAM compares action names case-insensitively
  const all = (v: unknown, wide: string[]) =>
    (Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && wide.includes(x.toLowerCase()));
  return list_.some((s) => {
    if (field(s, 'Effect') !== 'Deny') return false;
    const principal = field(s, 'Principal');
    if (!(principal === '*' || all(field(principal, 'AWS'), ['*']))) return false;
    if (!all(field(s, 'Action'), ['*', 's3:*'])) return false;
    const secure = field(s, 'Condition', 'Bool', 'aws:SecureTransport');
    const values = Array.isArray(secure) ? secure : [secure];
    return values.some((v) => bool(v) === false);
  });
}

/** A trail setting the CloudTrail controls judge. */
export type TrailFlag =
  | 'isMultiRegionTrail'
  | 'logFileValidationEnabled'
  | 'kmsKeyId'
  // the log group a trail delivers to (cloudtrail-cloudwatch-logs)
  | 'cloudWatchLogsLogGroupArn';

/** Reads one trail setting from a configuration item or from a CreateTrail/UpdateTrail call. */
export function trailSetting(
  facts: Facts,
  flag: TrailFlag,
): { value: unknown; via: 'config' | 'call' } | undefined {
  const ci = onConfig('AWS::CloudTrail::Trail', facts);
  if (ci) return { value: field(ci.configuration, flag), via: 'config' };
  const call = onCall(facts, 'CreateTrail', 'UpdateTrail');
  if (!call) return undefined;
  const requestName = flag === 'logFileValidationEnabled' ? 'enableLogFileValidation' : flag;
  const fromResponse = field(call.responseElements, flag);
  const fromRequest = field(call.requestParameters, requestName);
  const value = fromResponse !== undefined ? fromResponse : fromRequest;
  // an UpdateTrail that does not touch this setting says nothing about it
  if (value === undefined && call.eventName === 'UpdateTrail') return undefined;
  return { value, via: 'call' };
}

/** The calendar day of an ISO time, as review reasons name it. */
export const day = (iso: string): string => iso.slice(0, 10);

/** NON_COMPLIANT for a review-due notice (core/domain/reviews.ts): the review named `label` is overdue. */
export function reviewDueNotice(facts: Attestation, label: string): Verdict {
  if (facts.kind !== 'review-due') throw new TypeError('not a review-due notice');
  const last = facts.lastApprovedAt
    ? `last approved ${day(facts.lastApprovedAt)}`
    : 'no approved review on record';
  return nonCompliant(
    `${label} overdue since ${day(facts.dueAt)}: ${last} (required every ${facts.cadenceDays} days)`,
  );
}

/**
 * Condition keys that narrow who a wildcard principal is (an account, an organization, a VPC, a source
 * ARN or address): a statement limited by one is not public, as Config's public-access rules and IAM
 * Access Analyzer judge it. Conditions on other keys (aws:SecureTransport) leave it open to everyone.
 */
const NARROWING_KEYS = new Set([
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceip',
  'aws:sourceowner',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:userid',
  'aws:username',
]);

const isWildcardPrincipal = (principal: unknown): boolean => {
  if (principal === '*') return true;
  const aws = field(principal, 'AWS');
  return (Array.isArray(aws) ? aws : [aws]).some((p) => p === '*');
};

/** True when a statement's Condition names a key that narrows a wildcard principal. */
function narrowed(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return false;
  return Object.values(condition).some(
    (byKey) =>
      byKey !== null &&
      typeof byKey === 'object' &&
      Object.keys(byKey).some((k) => NARROWING_KEYS.has(k.toLowerCase())),
  );
}

/**
 * The Allow statements of a resource policy (object or JSON string) that grant anyone access: a
 * wildcard principal ("*" or {"AWS": "*"}) with no condition narrowing it. Each is described by its
 * Sid, or its position when it has none. A policy that does not parse grants nothing we can see.
 */
export function publicStatements(policy: unknown): string[] {
  let doc = policy;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return [];
    }
  }
  const statements = field(doc, 'Statement');
  const all = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return all.flatMap((s, i) =>
    field(s, 'Effect') === 'Allow' &&
    isWildcardPrincipal(field(s, 'Principal')) &&
    !narrowed(field(s, 'Condition'))
      ? [str(field(s, 'Sid')) ? `"${str(field(s, 'Sid'))}"` : `#${i + 1}`]
      : [],
  );
}
