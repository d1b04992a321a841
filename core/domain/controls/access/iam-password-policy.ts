/**
 * `iam-password-policy`: the account's IAM password policy asks for long, complex passwords that are
 * not reused, at Prowler's thresholds: at least 14 characters, upper- and lower-case letters, numbers
 * and symbols required, and the last 24 passwords refused. Every shortfall is named in the reason.
 *
 * Judged from:
 * - the account's item (AWS::::Account, the type Config's iam-password-policy rule reports on) that the
 *   sweep's IAM collector writes from GetAccountPasswordPolicy: the policy's fields in Config's
 *   camelCase spelling beside `hasPasswordPolicy` (false when IAM answers NoSuchEntity). Config itself
 *   records no item for the policy; an account item without `hasPasswordPolicy` is not judged;
 * - UpdateAccountPasswordPolicy, whose request is the whole new policy (a field it leaves out is reset
 *   to IAM's default: 8 characters, no character class, no reuse prevention);
 * - DeleteAccountPasswordPolicy: no policy at all.
 * The password's maximum age is not judged here (no Prowler HIPAA check asks for it).
 *
 * Test: test/core/domain/controls/access/iam-password-policy.test.ts
 * Fixtures: test/fixtures/controls/identity.ts
 */
import { bool, field, num } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** Prowler's iam_password_policy_minimum_length_14. */
export const MIN_PASSWORD_LENGTH = 14;
/** Prowler's iam_password_policy_reuse_24. */
export const MIN_REUSE_PREVENTION = 24;
/** IAM's minimum length when a policy does not set one. */
const IAM_DEFAULT_LENGTH = 8;

const CLASSES = [
  ['requireUppercaseCharacters', 'an upper-case letter'],
  ['requireLowercaseCharacters', 'a lower-case letter'],
  ['requireNumbers', 'a number'],
  ['requireSymbols', 'a symbol'],
] as const;

/** What a password policy (IAM's fields, camelCase) falls short of; empty when it meets every threshold. */
export function passwordPolicyShortfalls(policy: unknown): string[] {
  const length = num(field(policy, 'minimumPasswordLength')) ?? IAM_DEFAULT_LENGTH;
  const reuse = num(field(policy, 'passwordReusePrevention')) ?? 0;
  return [
    ...(length < MIN_PASSWORD_LENGTH
      ? [`minimum length ${length} (at least ${MIN_PASSWORD_LENGTH} required)`]
      : []),
    ...(reuse < MIN_REUSE_PREVENTION
      ? [
          reuse > 0
            ? `reuse prevented for the last ${reuse} passwords only (${MIN_REUSE_PREVENTION} required)`
            : `password reuse not prevented (the last ${MIN_REUSE_PREVENTION} required)`,
        ]
      : []),
    ...CLASSES.filter(([key]) => bool(field(policy, key)) !== true).map(([, what]) => `${what} not required`),
  ];
}

function judgePolicy(policy: unknown, who: string): Verdict {
  const shortfalls = passwordPolicyShortfalls(policy);
  if (shortfalls.length > 0)
    return nonCompliant(`${who} falls short of the thresholds: ${shortfalls.join('; ')}`);
  const length = num(field(policy, 'minimumPasswordLength'));
  const reuse = num(field(policy, 'passwordReusePrevention'));
  return compliant(
    `${who} requires ${length} or more characters with upper- and lower-case letters, numbers and symbols, and refuses the last ${reuse} passwords`,
  );
}

/** Judges `iam-password-policy`: a verdict, or undefined when the facts do not bear on it. */
export const iamPasswordPolicy: Evaluator = (facts) => {
  const ci = onConfig('AWS::::Account', facts);
  if (ci) {
    const present = bool(field(ci.configuration, 'hasPasswordPolicy'));
    if (present === undefined) return undefined;
    return present
      ? judgePolicy(ci.configuration, 'the account password policy')
      : nonCompliant('the account has no IAM password policy (IAM defaults: 8 characters, no complexity)');
  }
  const call = onCall(facts, 'UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy');
  if (!call) return undefined;
  if (call.eventName === 'DeleteAccountPasswordPolicy')
    return nonCompliant('DeleteAccountPasswordPolicy: the account password policy was deleted');
  return judgePolicy(call.requestParameters, 'UpdateAccountPasswordPolicy: the new password policy');
};

/** `iam-password-policy` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'iam-password-policy',
  title: 'The IAM password policy requires strong passwords that are not reused',
  family: 'access',
  citations: ['164.308(a)(5)(ii)(D)', '164.312(d)'],
  configRules: ['iam-password-policy'],
  prowlerChecks: [
    'iam_password_policy_lowercase',
    'iam_password_policy_minimum_length_14',
    'iam_password_policy_number',
    'iam_password_policy_reuse_24',
    'iam_password_policy_symbol',
    'iam_password_policy_uppercase',
  ],
  cloudTrailEvents: ['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy'],
  resourceTypes: ['AWS::::Account'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  // the account item's reader (iam:GetAccountPasswordPolicy) is core/domain/controls/sweep-calls.ts's
  sweepCalls: [],
  remediation:
    'Set a password policy of 14+ characters with upper, lower, number and symbol, reuse prevention 24 (aws iam update-account-password-policy).',
  evaluate: iamPasswordPolicy,
};
