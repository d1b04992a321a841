/**
 * `iam-user-mfa`: IAM users authenticate with MFA. Judged from each IAM user the sweep reads (console
 * password from the credential report, MFA devices), console sign-ins, and MFA device changes.
 *
 * Test: test/core/domain/controls/access/iam-user-mfa.test.ts
 * Fixtures: test/fixtures/events/signin-iam-user-mfa.json, test/fixtures/events/signin-iam-user-no-mfa.json
 */
import type { IamUserFacts } from '../../sweep-facts';
import { activity, compliant, nonCompliant, notApplicable, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall } from '../evaluator-kit';
import { SHARED_CALLS } from '../sweep-calls';

function judgeUserMfa(f: IamUserFacts): Verdict | undefined {
  if (f.consoleAccess === undefined) return undefined; // the credential report could not be read
  if (!f.consoleAccess) return notApplicable('no console password: console MFA does not apply');
  return f.mfaDevices.length > 0
    ? compliant(`console access with ${f.mfaDevices.length} MFA device(s)`)
    : nonCompliant('console password enabled without an MFA device');
}

/** Judges `iam-user-mfa`: a verdict, or undefined when the facts do not bear on it. */
export const iamUserMfa: Evaluator = (facts) => {
  if (facts.type === 'iam-user') return judgeUserMfa(facts);
  if (facts.type === 'console-sign-in' && facts.identityType === 'IAMUser') {
    if (facts.result !== 'Success') return activity(`console sign-in attempt failed (${facts.result})`);
    if (facts.mfaUsed === undefined) return undefined;
    return facts.mfaUsed
      ? compliant('console sign-in used MFA')
      : nonCompliant('console sign-in without MFA');
  }
  const call = onCall(
    facts,
    'EnableMFADevice',
    'DeactivateMFADevice',
    'DeleteVirtualMFADevice',
    'CreateLoginProfile',
  );
  if (!call) return undefined;
  switch (call.eventName) {
    case 'EnableMFADevice':
      return compliant('an MFA device was enabled for the user');
    case 'CreateLoginProfile':
      return activity('console password created for the user; MFA is assessed by iam-user-mfa-enabled');
    default:
      return activity(
        'an MFA device was removed; whether another remains is assessed by iam-user-mfa-enabled',
      );
  }
};

/** `iam-user-mfa` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'iam-user-mfa',
  title: 'IAM users authenticate with MFA',
  family: 'access',
  citations: ['164.312(d)', '164.312(a)(1)'],
  configRules: ['iam-user-mfa-enabled', 'mfa-enabled-for-iam-console-access'],
  prowlerChecks: ['iam_user_mfa_enabled_console_access'],
  cloudTrailEvents: [
    'ConsoleLogin',
    'EnableMFADevice',
    'DeactivateMFADevice',
    'DeleteVirtualMFADevice',
    'CreateLoginProfile',
  ],
  resourceTypes: [],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  // the credential report says which users have a console password
  sweepCalls: [
    SHARED_CALLS.generateCredentialReport,
    SHARED_CALLS.getCredentialReport,
    SHARED_CALLS.listUsers,
    { api: 'iam:ListMFADevices', scope: 'users' },
  ],
  remediation:
    'Enable MFA for the user (IAM console, Security credentials), or remove the console password if the user needs none.',
  evaluate: iamUserMfa,
};
