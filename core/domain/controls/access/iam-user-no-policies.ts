/**
 * `iam-user-no-policies`: IAM users hold no policies of their own, attached or inline: they get their
 * permissions from groups (or roles they assume), so access is granted, reviewed and removed by job
 * function rather than person by person.
 *
 * Judged from each IAM user the sweep reads (its attached and inline policy names), from the
 * AWS::IAM::User configuration item (`attachedManagedPolicies`, `userPolicyList`) and from
 * AttachUserPolicy / PutUserPolicy calls, which give a user a policy of its own. Detaching one policy
 * does not show whether others remain: the next sweep or item says.
 *
 * Test: test/core/domain/controls/access/iam-user-no-policies.test.ts
 * Fixtures: none on disk; the test builds swept users with test/fixtures/sweep-builders.ts
 */
import { field, list, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';
import { SHARED_CALLS } from '../sweep-calls';

function judge(attached: string[], inline: string[]): Verdict {
  if (attached.length === 0 && inline.length === 0)
    return compliant('the user holds no policies of its own (permissions come from groups or roles)');
  const parts = [
    ...(attached.length > 0 ? [`attached: ${attached.join(', ')}`] : []),
    ...(inline.length > 0 ? [`inline: ${inline.join(', ')}`] : []),
  ];
  return nonCompliant(`the user holds policies of its own (${parts.join('; ')})`);
}

const names = (entries: unknown[]) =>
  entries.map((e) => str(field(e, 'policyName')) ?? '?').sort((a, b) => a.localeCompare(b));

/** Judges `iam-user-no-policies`: a verdict, or undefined when the facts do not bear on it. */
export const iamUserNoPolicies: Evaluator = (facts) => {
  if (facts.type === 'iam-user') return judge(facts.attachedPolicies, facts.inlinePolicies);
  const ci = onConfig('AWS::IAM::User', facts);
  if (ci)
    return judge(
      names(list(field(ci.configuration, 'attachedManagedPolicies'))),
      names(list(field(ci.configuration, 'userPolicyList'))),
    );
  const call = onCall(facts, 'AttachUserPolicy', 'PutUserPolicy');
  if (call?.eventSource !== 'iam.amazonaws.com') return undefined;
  const policy =
    str(field(call.requestParameters, 'policyName')) ??
    str(field(call.requestParameters, 'policyArn'))?.split('/').pop() ??
    'a policy';
  return nonCompliant(`${call.eventName}: ${policy} was given to the user directly`);
};

/** `iam-user-no-policies` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'iam-user-no-policies',
  title: 'IAM users get permissions from groups or roles, not policies of their own',
  family: 'access',
  citations: ['164.308(a)(4)(ii)(B)', '164.308(a)(4)(ii)(C)', '164.312(a)(1)'],
  configRules: ['iam-user-no-policies-check'],
  cloudTrailEvents: ['AttachUserPolicy', 'PutUserPolicy'],
  resourceTypes: ['AWS::IAM::User'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [
    SHARED_CALLS.listUsers,
    { api: 'iam:ListAttachedUserPolicies', scope: 'users' },
    { api: 'iam:ListUserPolicies', scope: 'users' },
  ],
  remediation:
    "Move the user's policies to a group for its job and add the user to it; then detach them from the user.",
  evaluate: iamUserNoPolicies,
};
