/**
 * `iam-no-inline-policy`: IAM users, roles and groups hold no inline policies. An inline policy lives
 * and dies with one identity, is invisible in the list of managed policies, and cannot be reviewed or
 * reused as a whole: permissions belong in managed policies.
 *
 * Judged from the AWS::IAM::User, Role and Group configuration items (`userPolicyList`,
 * `rolePolicyList`, `groupPolicyList`), from each IAM user the sweep reads (its inline policy names),
 * and from PutUserPolicy / PutRolePolicy / PutGroupPolicy calls, which add one. Deleting one inline
 * policy does not show whether others remain: the next item or sweep says.
 *
 * Test: test/core/domain/controls/access/iam-no-inline-policy.test.ts
 * Fixtures: test/fixtures/controls/identity.ts
 */
import { field, list, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';
import { SHARED_CALLS } from '../sweep-calls';

const LISTS: Record<string, { key: string; noun: string }> = {
  'AWS::IAM::User': { key: 'userPolicyList', noun: 'user' },
  'AWS::IAM::Role': { key: 'rolePolicyList', noun: 'role' },
  'AWS::IAM::Group': { key: 'groupPolicyList', noun: 'group' },
};

function judge(names: string[], noun: string): Verdict {
  return names.length === 0
    ? compliant(`the ${noun} has no inline policies`)
    : nonCompliant(`the ${noun} has inline policies: ${[...names].sort().join(', ')}`);
}

/** Judges `iam-no-inline-policy`: a verdict, or undefined when the facts do not bear on it. */
export const iamNoInlinePolicy: Evaluator = (facts) => {
  if (facts.type === 'iam-user') return judge(facts.inlinePolicies, 'user');
  for (const [type, { key, noun }] of Object.entries(LISTS)) {
    const ci = onConfig(type, facts);
    if (ci)
      return judge(
        list(field(ci.configuration, key)).map((p) => str(field(p, 'policyName')) ?? '?'),
        noun,
      );
  }
  const call = onCall(facts, 'PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy');
  if (call?.eventSource !== 'iam.amazonaws.com') return undefined;
  const noun = call.eventName.slice('Put'.length, -'Policy'.length).toLowerCase();
  const name = str(field(call.requestParameters, 'policyName')) ?? '?';
  return nonCompliant(`${call.eventName}: inline policy ${name} was put on the ${noun}`);
};

/** `iam-no-inline-policy` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'iam-no-inline-policy',
  title: 'IAM users, roles and groups hold no inline policies',
  family: 'access',
  citations: ['164.308(a)(4)(ii)(B)', '164.308(a)(4)(ii)(C)', '164.312(a)(1)'],
  configRules: ['iam-no-inline-policy-check'],
  cloudTrailEvents: ['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy'],
  resourceTypes: ['AWS::IAM::User', 'AWS::IAM::Role', 'AWS::IAM::Group'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [SHARED_CALLS.listUsers, { api: 'iam:ListUserPolicies', scope: 'users' }],
  remediation:
    'Turn the inline policy into a customer managed policy, attach that, and delete the inline one.',
  evaluate: iamNoInlinePolicy,
};
