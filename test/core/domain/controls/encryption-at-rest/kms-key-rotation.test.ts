import { describe, expect, it } from 'vitest';
import {
  control,
  kmsKeyRotation,
} from '../../../../../core/domain/controls/encryption-at-rest/kms-key-rotation';
import { apiCallFacts, configFacts, setAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture, fromFacts, supp } from '../control-cases';

describeControl(control, [
  {
    name: 'AWS managed key',
    observation: fixture('config-ci-kms-key', (d) => setAt(d, [...conf, 'keyManager'], 'AWS')),
    status: 'COMPLIANT',
  },
  {
    name: 'configuration.keyRotationEnabled true',
    observation: fromFacts(
      configFacts('AWS::KMS::Key', {
        keyManager: 'CUSTOMER',
        keySpec: 'SYMMETRIC_DEFAULT',
        keyRotationEnabled: true,
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'configuration.keyRotationEnabled false',
    observation: fromFacts(
      configFacts('AWS::KMS::Key', { keyManager: 'CUSTOMER', keyRotationEnabled: 'false' }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'customer key CI with supplementaryConfiguration.KeyRotationStatus "false"',
    observation: fixture('config-ci-kms-key'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'customer key CI with supplementaryConfiguration.KeyRotationStatus true',
    observation: fixture('config-ci-kms-key', (d) => setAt(d, [...supp, 'KeyRotationStatus'], true)),
    status: 'COMPLIANT',
  },
  {
    name: 'EnableKeyRotation',
    observation: fromFacts(apiCallFacts('EnableKeyRotation')),
    status: 'COMPLIANT',
  },
  {
    name: 'DisableKeyRotation',
    observation: fromFacts(apiCallFacts('DisableKeyRotation')),
    status: 'NON_COMPLIANT',
  },
]);

describe('kms key rotation', () => {
  it('prefers supplementaryConfiguration.KeyRotationStatus to configuration.keyRotationEnabled', () => {
    // Prepare
    const on = configFacts(
      'AWS::KMS::Key',
      { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyRotationEnabled: false },
      { KeyRotationStatus: 'true' },
    );
    const off = configFacts(
      'AWS::KMS::Key',
      { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyRotationEnabled: true },
      { KeyRotationStatus: false },
    );
    // Act
    const verdicts = [kmsKeyRotation(on), kmsKeyRotation(off)];
    // Assess
    expect(verdicts.map((v) => v?.status)).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
  });

  it('leaves asymmetric KMS keys and keys without a rotation field unjudged', () => {
    // Prepare
    const asymmetric = configFacts('AWS::KMS::Key', {
      keyManager: 'CUSTOMER',
      keySpec: 'RSA_2048',
      keyRotationEnabled: false,
    });
    const silent = configFacts('AWS::KMS::Key', { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT' });
    // Act
    const verdicts = [kmsKeyRotation(asymmetric), kmsKeyRotation(silent)];
    // Assess
    expect(verdicts).toEqual([undefined, undefined]);
  });
});
