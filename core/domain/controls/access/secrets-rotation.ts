/**
 * `secrets-rotation`: Secrets Manager secrets (database passwords, API credentials) are rotated
 * automatically, so a leaked credential stops working. Filed under access and cited as password
 * management, 164.308(a)(5)(ii)(D) (procedures for changing passwords), which automatic rotation
 * carries out; the secret's encryption is secrets-cmk's. Judged from the configuration item's
 * `RotationEnabled` (Config's AWS::SecretsManager::Secret; the sweep writes ListSecrets' answer in the
 * same spelling), from RotateSecret (which turns rotation on, or runs it when it is on) and from
 * CancelRotateSecret (which turns it off). No secret value is ever read.
 *
 * Test: test/core/domain/controls/access/secrets-rotation.test.ts
 * Fixtures: test/fixtures/controls/stores.ts
 */
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { flagVerdict, resourceView } from '../setting-kit';
import { SECRET } from '../store-sources';

const ROTATION = { ...SECRET, calls: ['RotateSecret', 'CancelRotateSecret'] };

/** Judges `secrets-rotation`: a verdict, or undefined when the facts do not bear on it. */
export const secretsRotation: Evaluator = (facts) => {
  const view = resourceView(facts, ROTATION);
  if (!view) return undefined;
  if (view.via === 'call')
    return view.call.eventName === 'RotateSecret'
      ? compliant('RotateSecret: the secret rotates automatically')
      : nonCompliant('CancelRotateSecret: automatic rotation of the secret is turned off');
  // a secret never set to rotate has no RotationEnabled in some items: it does not rotate
  return flagVerdict(view, view.read('RotationEnabled') ?? false, {
    noun: 'secret',
    safe: true,
    on: 'rotates automatically',
    off: 'is not rotated automatically',
  });
};

/** `secrets-rotation` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'secrets-rotation',
  title: 'Secrets Manager secrets rotate automatically',
  family: 'access',
  citations: ['164.308(a)(5)(ii)(D)'],
  configRules: ['secretsmanager-rotation-enabled-check'],
  prowlerChecks: ['secretsmanager_automatic_rotation_enabled'],
  cloudTrailEvents: [...ROTATION.calls],
  resourceTypes: [...SECRET.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Turn on rotation: aws secretsmanager rotate-secret --secret-id <id> --rotation-rules AutomaticallyAfterDays=30 (with a rotation function).',
  evaluate: secretsRotation,
};
