/**
 * `iam-policy-no-admin`: no IAM policy of the account grants administrator access (an Allow statement
 * with Action "*" on Resource "*") or full access to a service (Action "service:*", or "*" on some
 * resources), so no identity holds more than its job needs. Deny statements and NotAction are not read
 * as grants (NotAction is left to the Config rules' and IAM Access Analyzer's finer reading).
 *
 * Judged from:
 * - customer managed policies: the AWS::IAM::Policy item's default version
 *   (configuration.policyVersionList[].document, URL-encoded JSON), from Config or from the sweep's IAM
 *   collector (ListPolicies Scope=Local, GetPolicyVersion of the default version, written in Config's
 *   spelling), and CreatePolicy / CreatePolicyVersion calls whose document becomes the default;
 * - inline policies: the userPolicyList / rolePolicyList / groupPolicyList of an AWS::IAM::User, Role
 *   or Group item (Config's; the sweep reads them through Config), and PutUserPolicy / PutRolePolicy /
 *   PutGroupPolicy calls. A Put*Policy call shows one inline policy, not the identity's others: one
 *   that grants admin or full access is NON_COMPLIANT, one that does not is activity only (the item
 *   judges them all).
 * AWS managed policies (AdministratorAccess) attached to identities are not judged: the sweep keeps
 * attached policies' names only, and a name does not tell an AWS managed policy from a customer's.
 *
 * Test: test/core/domain/controls/access/iam-policy-no-admin.test.ts
 * Fixtures: test/fixtures/controls/identity.ts
 */
import { bool, field, list, str } from '../../facts-access';
import { activity, compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** A policy document from an object, JSON text (CloudTrail) or URL-encoded JSON (IAM, Config). */
export function policyDocument(value: unknown): unknown {
  if (value !== null && typeof value === 'object') return value;
  if (typeof value !== 'string') return undefined;
  for (const text of [value, safeDecode(value)]) {
    if (text === undefined) continue;
    try {
      return JSON.parse(text);
    } catch {
      // not JSON as it stands: try it URL-decoded
    }
  }
  return undefined;
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');

/**
 * The Allow statements of a policy document that grant administrator or full service access, each
 * described by its Sid (or position) and what it grants. Empty for a document that does not parse.
 */
export function broadGrants(document: unknown): string[] {
  const doc = policyDocument(document);
  const statements = field(doc, 'Statement');
  const all = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return all.flatMap((s, i) => {
    if (field(s, 'Effect') !== 'Allow') return [];
    const label = str(field(s, 'Sid')) ? `"${str(field(s, 'Sid'))}"` : `#${i + 1}`;
    const actions = strings(field(s, 'Action'));
    const resources = strings(field(s, 'Resource'));
    if (actions.includes('*'))
      return resources.includes('*')
        ? [`statement ${label} allows "*" on "*" (administrator access)`]
        : [`statement ${label} allows every action ("*") on ${resources.join(', ') || 'its resources'}`];
    const services = actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a));
    return services.length > 0
      ? [`statement ${label} allows ${services.map((a) => `"${a}"`).join(', ')} (full service access)`]
      : [];
  });
}

/** The verdict on a set of named policies (one or several). */
function judgeDocuments(docs: { name: string; document: unknown }[], who: string): Verdict {
  const findings = docs.flatMap((d) => broadGrants(d.document).map((g) => `${d.name}: ${g}`));
  return findings.length > 0
    ? nonCompliant(`${who} grants too much: ${findings.join('; ')}`)
    : compliant(`${who} grants no administrator or full service access`);
}

const INLINE_LISTS: Record<string, { list: string; noun: string }> = {
  'AWS::IAM::User': { list: 'userPolicyList', noun: 'user' },
  'AWS::IAM::Role': { list: 'rolePolicyList', noun: 'role' },
  'AWS::IAM::Group': { list: 'groupPolicyList', noun: 'group' },
};

const PUT_CALLS: Record<string, string> = {
  PutUserPolicy: 'user',
  PutRolePolicy: 'role',
  PutGroupPolicy: 'group',
};

/** Judges `iam-policy-no-admin`: a verdict, or undefined when the facts do not bear on it. */
export const iamPolicyNoAdmin: Evaluator = (facts) => {
  const policy = onConfig('AWS::IAM::Policy', facts);
  if (policy) {
    const versions = list(field(policy.configuration, 'policyVersionList'));
    const current = versions.find((v) => bool(field(v, 'isDefaultVersion')) === true);
    if (!current) return undefined;
    const version = str(field(current, 'versionId')) ?? 'default';
    return judgeDocuments(
      [{ name: `version ${version}`, document: field(current, 'document') }],
      'the customer managed policy',
    );
  }
  for (const [type, { list: key, noun }] of Object.entries(INLINE_LISTS)) {
    const ci = onConfig(type, facts);
    if (!ci) continue;
    const inline = list(field(ci.configuration, key));
    const docs = inline.map((p) => ({
      name: `inline policy ${str(field(p, 'policyName')) ?? '?'}`,
      document: field(p, 'policyDocument'),
    }));
    return docs.length === 0
      ? compliant(`the ${noun} has no inline policies`)
      : judgeDocuments(docs, `the ${noun}'s inline policies`);
  }
  const call = onCall(
    facts,
    'CreatePolicy',
    'CreatePolicyVersion',
    'PutUserPolicy',
    'PutRolePolicy',
    'PutGroupPolicy',
  );
  if (call?.eventSource !== 'iam.amazonaws.com') return undefined;
  const document = field(call.requestParameters, 'policyDocument');
  if (policyDocument(document) === undefined) return undefined;
  if (call.eventName === 'CreatePolicyVersion') {
    // a version not set as default grants nothing until SetDefaultPolicyVersion
    if (bool(field(call.requestParameters, 'setAsDefault')) !== true) return undefined;
    return judgeDocuments(
      [{ name: 'new default version', document }],
      `${call.eventName}: the customer managed policy`,
    );
  }
  if (call.eventName === 'CreatePolicy')
    return judgeDocuments(
      [{ name: `policy ${str(field(call.requestParameters, 'policyName')) ?? '?'}`, document }],
      `${call.eventName}: the new customer managed policy`,
    );
  const noun = PUT_CALLS[call.eventName] ?? 'identity';
  const name = `inline policy ${str(field(call.requestParameters, 'policyName')) ?? '?'}`;
  const verdict = judgeDocuments([{ name, document }], `${call.eventName}: the ${noun}'s ${name}`);
  // one inline policy that grants nothing broad says nothing of the identity's others
  return verdict.status === 'COMPLIANT'
    ? activity(
        `${call.eventName}: ${name} grants no administrator or full service access; the ${noun}'s other inline policies are judged from its configuration`,
      )
    : nonCompliant(
        `${call.eventName}: ${name} of the ${noun} grants too much: ${broadGrants(document).join('; ')}`,
      );
};

/** `iam-policy-no-admin` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'iam-policy-no-admin',
  title: 'IAM policies grant no administrator or full service access',
  family: 'access',
  citations: ['164.308(a)(3)(i)', '164.308(a)(4)(i)', '164.308(a)(4)(ii)(B)', '164.312(a)(1)'],
  configRules: ['iam-policy-no-statements-with-admin-access', 'iam-policy-no-statements-with-full-access'],
  prowlerChecks: [
    'iam_customer_attached_policy_no_administrative_privileges',
    'iam_inline_policy_no_administrative_privileges',
  ],
  cloudTrailEvents: [
    'CreatePolicy',
    'CreatePolicyVersion',
    'PutUserPolicy',
    'PutRolePolicy',
    'PutGroupPolicy',
  ],
  resourceTypes: ['AWS::IAM::Policy', 'AWS::IAM::User', 'AWS::IAM::Role', 'AWS::IAM::Group'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  // the readers of AWS::IAM::Policy (ListPolicies, GetPolicyVersion) are core/domain/controls/sweep-calls.ts's
  sweepCalls: [],
  remediation:
    'Replace "*" and "service:*" grants with the actions and resources needed (Access Analyzer can generate a policy).',
  evaluate: iamPolicyNoAdmin,
};
