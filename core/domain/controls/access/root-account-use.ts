/**
 * `root-account-use`: the root user is not used and has no access keys. Judged from the root user the
 * sweep reads from the credential report (MFA, active keys), root console sign-ins and access keys the
 * root user creates for itself.
 *
 * Test: test/core/domain/controls/access/root-account-use.test.ts
 * Fixtures: test/fixtures/events/signin-root.json, test/fixtures/events/ct-create-access-key-root.json; swept
 * root users are built with test/fixtures/sweep-builders.ts
 */
import { field } from '../../facts-access';
import type { IamRootFacts } from '../../sweep-facts';
import { activity, compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall } from '../evaluator-kit';
import { SHARED_CALLS } from '../sweep-calls';

function judgeRoot(f: IamRootFacts): Verdict {
  const problems = [
    ...(f.activeAccessKeys > 0 ? [`the root user has ${f.activeAccessKeys} active access key(s)`] : []),
    ...(f.mfaActive ? [] : ['the root user has no MFA']),
  ];
  return problems.length > 0
    ? nonCompliant(problems.join('; '))
    : compliant('the root user has MFA and no active access keys');
}

/** Judges `root-account-use`: a verdict, or undefined when the facts do not bear on it. */
export const rootAccountUse: Evaluator = (facts) => {
  if (facts.type === 'iam-root') return judgeRoot(facts);
  if (facts.type === 'console-sign-in' && facts.identityType === 'Root') {
    if (facts.result !== 'Success') return activity(`root sign-in attempt failed (${facts.result})`);
    return nonCompliant(
      `the root user signed in to the console${facts.mfaUsed ? ' (with MFA)' : ' without MFA'}`,
    );
  }
  const call = onCall(facts, 'CreateAccessKey');
  if (call && call.callerType === 'Root' && field(call.requestParameters, 'userName') === undefined) {
    return nonCompliant('an access key was created for the root user');
  }
  return undefined;
};

/** `root-account-use` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'root-account-use',
  title: 'The root user is not used and has no access keys',
  family: 'access',
  // the root user is one shared identity of the account: its use is nobody's in particular
  citations: ['164.312(a)(1)', '164.308(a)(3)(ii)(B)', '164.312(a)(2)(i)'],
  configRules: ['root-account-mfa-enabled', 'root-account-hardware-mfa-enabled', 'iam-root-access-key-check'],
  prowlerChecks: ['iam_no_root_access_key', 'iam_root_hardware_mfa_enabled', 'iam_root_mfa_enabled'],
  cloudTrailEvents: ['ConsoleLogin', 'CreateAccessKey'],
  resourceTypes: [],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  // the root user appears only in the credential report
  sweepCalls: [SHARED_CALLS.generateCredentialReport, SHARED_CALLS.getCredentialReport],
  remediation:
    'Stop using the root user: delete its access keys, keep MFA on it, and confirm who signed in and why.',
  evaluate: rootAccountUse,
};
