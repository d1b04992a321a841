/**
 * `iam-user-console-unused`: an IAM user's console password that has not been used for 45 days is
 * removed (Prowler's iam_user_console_access_unused, its default max_console_access_days). An unused
 * password is a standing way in that nobody would miss, and notice, if it were stolen.
 *
 * Judged from each IAM user the sweep reads: console access from the credential report
 * (`consoleAccess`) and the last console sign-in from ListUsers' PasswordLastUsed
 * (`context.consoleLastUsedOn`). A password never used counts from the user's creation day, so an
 * account created and never signed in to is also flagged after 45 days (Prowler passes it). A user
 * without a console password is NOT_APPLICABLE. A successful console sign-in of an IAM user shows the
 * password in use that day.
 *
 * Test: test/core/domain/controls/access/iam-user-console-unused.test.ts
 * Fixtures: test/fixtures/events/signin-iam-user-mfa.json; swept users are built with
 * test/fixtures/sweep-builders.ts
 */
import type { IamUserFacts } from '../../sweep-facts';
import { compliant, nonCompliant, notApplicable, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { SHARED_CALLS } from '../sweep-calls';

/** Prowler's default max_console_access_days. */
export const MAX_CONSOLE_UNUSED_DAYS = 45;

const DAY_MS = 86_400_000;

/** Whole days from one YYYY-MM-DD day to another. */
const daysBetween = (from: string, to: string): number =>
  Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

function judgeConsoleUse(f: IamUserFacts): Verdict | undefined {
  if (f.consoleAccess === undefined) return undefined; // the credential report could not be read
  if (!f.consoleAccess) return notApplicable('no console password');
  const lastUsed = f.context.consoleLastUsedOn;
  // the reasons name days, never ages, so a verdict that holds does not change its text every day
  if (daysBetween(lastUsed ?? f.createdOn, f.context.asOf) <= MAX_CONSOLE_UNUSED_DAYS)
    return compliant(`console password used within ${MAX_CONSOLE_UNUSED_DAYS} days (or the user is newer)`);
  return nonCompliant(
    lastUsed
      ? `console password unused since ${lastUsed} (over ${MAX_CONSOLE_UNUSED_DAYS} days)`
      : `console password never used since the user was created on ${f.createdOn} (over ${MAX_CONSOLE_UNUSED_DAYS} days)`,
  );
}

/** Judges `iam-user-console-unused`: a verdict, or undefined when the facts do not bear on it. */
export const iamUserConsoleUnused: Evaluator = (facts) => {
  if (facts.type === 'iam-user') return judgeConsoleUse(facts);
  if (facts.type === 'console-sign-in' && facts.identityType === 'IAMUser' && facts.result === 'Success')
    return compliant(`console password used within ${MAX_CONSOLE_UNUSED_DAYS} days (or the user is newer)`);
  return undefined;
};

/** `iam-user-console-unused` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'iam-user-console-unused',
  title: 'Console passwords unused for 45 days are removed',
  family: 'access',
  citations: ['164.308(a)(3)(ii)(B)', '164.308(a)(4)(ii)(C)'],
  configRules: [],
  prowlerChecks: ['iam_user_console_access_unused'],
  cloudTrailEvents: ['ConsoleLogin'],
  resourceTypes: [],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  // the credential report says who has a console password; ListUsers when it was last used
  sweepCalls: [
    SHARED_CALLS.generateCredentialReport,
    SHARED_CALLS.getCredentialReport,
    SHARED_CALLS.listUsers,
  ],
  remediation:
    "Remove the user's console password (aws iam delete-login-profile) or disable the user if they left.",
  evaluate: iamUserConsoleUnused,
};
