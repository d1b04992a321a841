/**
 * `iam-access-keys`: IAM access keys are rotated and unused credentials removed. Judged from each IAM
 * user the sweep reads (access keys with their creation and last-use days); access key calls are
 * recorded as activity.
 *
 * Test: test/core/domain/controls/access/iam-access-keys.test.ts
 * Fixtures: none on disk; the test builds swept users with test/fixtures/sweep-builders.ts
 */
import { field, str } from '../../facts-access';
import type { IamUserFacts } from '../../sweep-facts';
import { activity, compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall } from '../evaluator-kit';
import { SHARED_CALLS } from '../sweep-calls';

/** An active access key older than this is due for rotation (CIS, access-keys-rotated default). */
export const MAX_ACCESS_KEY_AGE_DAYS = 90;
/** An active access key not used for this long is an unused credential to remove. */
export const MAX_ACCESS_KEY_UNUSED_DAYS = 90;

const DAY_MS = 86_400_000;

/** Whole days from one YYYY-MM-DD day to another. */
function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function judgeAccessKeys(f: IamUserFacts): Verdict {
  const active = f.accessKeys.filter((k) => k.status === 'Active');
  if (active.length === 0) return compliant('no active access keys');
  const problems: string[] = [];
  for (const k of active) {
    // the reasons name days, never ages, so a verdict that holds does not change its text every day
    if (daysBetween(k.createdOn, f.context.asOf) > MAX_ACCESS_KEY_AGE_DAYS)
      problems.push(`key ${k.id} created ${k.createdOn} is older than ${MAX_ACCESS_KEY_AGE_DAYS} days`);
    const lastUsed = f.context.keysLastUsedOn[k.id];
    if (daysBetween(lastUsed ?? k.createdOn, f.context.asOf) > MAX_ACCESS_KEY_UNUSED_DAYS)
      problems.push(
        lastUsed
          ? `key ${k.id} unused since ${lastUsed} (over ${MAX_ACCESS_KEY_UNUSED_DAYS} days)`
          : `key ${k.id} never used in over ${MAX_ACCESS_KEY_UNUSED_DAYS} days`,
      );
  }
  return problems.length > 0
    ? nonCompliant(problems.join('; '))
    : compliant(
        `${active.length} active access key(s), each younger than ${MAX_ACCESS_KEY_AGE_DAYS} days and used within ${MAX_ACCESS_KEY_UNUSED_DAYS} days`,
      );
}

/** Judges `iam-access-keys`: a verdict, or undefined when the facts do not bear on it. */
export const iamAccessKeys: Evaluator = (facts) => {
  if (facts.type === 'iam-user') return judgeAccessKeys(facts);
  const call = onCall(facts, 'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey');
  if (!call) return undefined;
  const keyId =
    str(field(call.responseElements, 'accessKey', 'accessKeyId')) ??
    str(field(call.requestParameters, 'accessKeyId'));
  const key = keyId ? ` ${keyId.slice(0, 8)}…` : '';
  switch (call.eventName) {
    case 'CreateAccessKey':
      return activity(
        `long-lived access key${key} created; its rotation and use are assessed by access-keys-rotated`,
      );
    case 'UpdateAccessKey':
      return activity(`access key${key} set ${str(field(call.requestParameters, 'status')) ?? 'updated'}`);
    default:
      return activity(`access key${key} deleted`);
  }
};

/** `iam-access-keys` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'iam-access-keys',
  title: 'IAM access keys are rotated and unused credentials removed',
  family: 'access',
  citations: ['164.308(a)(4)(ii)(C)', '164.308(a)(3)(ii)(B)'],
  configRules: ['access-keys-rotated', 'iam-user-unused-credentials-check'],
  prowlerChecks: ['iam_rotate_access_key_90_days', 'iam_user_accesskey_unused'],
  cloudTrailEvents: ['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey'],
  resourceTypes: [],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [
    SHARED_CALLS.listUsers,
    { api: 'iam:ListAccessKeys', scope: 'users' },
    { api: 'iam:GetAccessKeyLastUsed', scope: 'users' },
  ],
  remediation:
    'Rotate keys older than 90 days and deactivate or delete keys unused for 90 days (prefer roles to long-lived keys).',
  evaluate: iamAccessKeys,
};
