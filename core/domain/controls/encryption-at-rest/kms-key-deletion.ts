/**
 * `kms-key-deletion`: customer managed KMS keys are neither disabled nor scheduled for deletion. Data
 * encrypted under a disabled key cannot be decrypted until it is enabled again, and once a key pending
 * deletion is deleted, nothing encrypted under it can ever be read: ePHI and its backups are lost.
 *
 * Judged from the key's configuration item (`keyState`, from Config or from the sweep's kms collector,
 * which describes every customer managed key, those pending deletion included) and from the calls that
 * change the state: ScheduleKeyDeletion (the response's `deletionDate`), CancelKeyDeletion (which
 * leaves the key Disabled), DisableKey and EnableKey. AWS managed keys cannot be disabled or deleted:
 * not judged; nor are keys in a transitional state (Creating, Updating, PendingImport, Unavailable).
 *
 * Test: test/core/domain/controls/encryption-at-rest/kms-key-deletion.test.ts
 * Fixtures: test/fixtures/controls/identity.ts
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { day, onCall, onConfig } from '../evaluator-kit';

const DELETION_STATES = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

/**
 * The day of a deletion date: ISO from Config and the sweep, "Dec 22, 2026, 12:00:00 AM" (UTC, no zone
 * written) in CloudTrail's ScheduleKeyDeletion response; any other text as it stands.
 */
function deletionDay(text: string): string {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return day(text);
  const ms = Date.parse(`${text} UTC`);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString().slice(0, 10);
}

/** Judges `kms-key-deletion`: a verdict, or undefined when the facts do not bear on it. */
export const kmsKeyDeletion: Evaluator = (facts) => {
  const ci = onConfig('AWS::KMS::Key', facts);
  if (ci) {
    if (str(field(ci.configuration, 'keyManager')) === 'AWS') return undefined;
    const state = str(field(ci.configuration, 'keyState'));
    if (state === 'Enabled') return compliant('the customer managed key is enabled');
    if (state === 'Disabled')
      return nonCompliant(
        'the customer managed key is disabled: data encrypted under it cannot be decrypted',
      );
    if (state && DELETION_STATES.has(state)) {
      const on = str(field(ci.configuration, 'deletionDate'));
      return nonCompliant(
        `the customer managed key is scheduled for deletion${on ? ` on ${deletionDay(on)}` : ''} (${state}): data encrypted under it will be unrecoverable`,
      );
    }
    return undefined;
  }
  const call = onCall(facts, 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'DisableKey', 'EnableKey');
  if (call?.eventSource !== 'kms.amazonaws.com') return undefined;
  switch (call.eventName) {
    case 'ScheduleKeyDeletion': {
      const on = str(field(call.responseElements, 'deletionDate'));
      const days = field(call.requestParameters, 'pendingWindowInDays');
      const when = on ? ` on ${deletionDay(on)}` : typeof days === 'number' ? ` in ${days} days` : '';
      return nonCompliant(
        `ScheduleKeyDeletion: the key was scheduled for deletion${when}: data encrypted under it will be unrecoverable`,
      );
    }
    case 'CancelKeyDeletion':
      return nonCompliant(
        'CancelKeyDeletion: the key is no longer pending deletion but stays disabled until EnableKey',
      );
    case 'DisableKey':
      return nonCompliant('DisableKey: the key was disabled: data encrypted under it cannot be decrypted');
    default:
      return compliant('EnableKey: the key was enabled');
  }
};

/** `kms-key-deletion` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'kms-key-deletion',
  title: 'KMS customer managed keys are not disabled or scheduled for deletion',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)', '164.308(a)(7)(ii)(A)'],
  configRules: ['kms-cmk-not-scheduled-for-deletion'],
  cloudTrailEvents: ['ScheduleKeyDeletion', 'CancelKeyDeletion', 'DisableKey', 'EnableKey'],
  resourceTypes: ['AWS::KMS::Key'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Cancel the deletion (aws kms cancel-key-deletion) and enable the key (aws kms enable-key) unless nothing depends on it.',
  evaluate: kmsKeyDeletion,
};
