/**
 * `kms-key-rotation`: KMS customer managed keys rotate automatically. Judged from the key's
 * configuration item (Config, or the sweep's kms collector, which reads the rotation status) and from
 * EnableKeyRotation / DisableKeyRotation calls. Asymmetric and HMAC keys cannot rotate: not judged.
 *
 * Test: test/core/domain/controls/encryption-at-rest/kms-key-rotation.test.ts
 * Fixtures: test/fixtures/events/config-ci-kms-key.json
 */
import { bool, field, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** Judges `kms-key-rotation`: a verdict, or undefined when the facts do not bear on it. */
export const kmsKeyRotation: Evaluator = (facts) => {
  const ci = onConfig('AWS::KMS::Key', facts);
  if (ci) {
    if (str(field(ci.configuration, 'keyManager')) === 'AWS')
      return compliant('AWS managed key: rotated by AWS every year');
    if (
      str(field(ci.configuration, 'keySpec')) !== undefined &&
      str(field(ci.configuration, 'keySpec')) !== 'SYMMETRIC_DEFAULT'
    ) {
      return undefined; // rotation applies to symmetric encryption keys only
    }
    // Config records rotation as supplementaryConfiguration.KeyRotationStatus
    const rotation =
      bool(field(ci.supplementaryConfiguration, 'KeyRotationStatus')) ??
      bool(field(ci.configuration, 'keyRotationEnabled'));
    if (rotation === undefined) return undefined;
    return rotation
      ? compliant('automatic key rotation is enabled')
      : nonCompliant('automatic key rotation is disabled');
  }
  const call = onCall(facts, 'EnableKeyRotation', 'DisableKeyRotation');
  if (!call) return undefined;
  return call.eventName === 'EnableKeyRotation'
    ? compliant('automatic key rotation was enabled')
    : nonCompliant('automatic key rotation was disabled');
};

/** `kms-key-rotation` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'kms-key-rotation',
  title: 'KMS customer managed keys rotate automatically',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['cmk-backing-key-rotation-enabled'],
  prowlerChecks: ['kms_cmk_rotation_enabled'],
  cloudTrailEvents: ['EnableKeyRotation', 'DisableKeyRotation'],
  resourceTypes: ['AWS::KMS::Key'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 'kms:GetKeyRotationStatus', scope: 'keys' }],
  remediation: 'Turn on automatic rotation for the key (aws kms enable-key-rotation).',
  evaluate: kmsKeyRotation,
};
