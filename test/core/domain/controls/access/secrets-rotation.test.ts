import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/access/secrets-rotation';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { secret, storeCall } from '../../../../fixtures/controls/stores';
import { describeControl, fromFacts } from '../control-cases';

const ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:ehr/db-AbCdEf';

describeControl(control, [
  {
    name: 'secret CI rotating',
    observation: fromFacts(configFacts('AWS::SecretsManager::Secret', secret())),
    status: 'COMPLIANT',
  },
  {
    name: 'secret CI not rotating',
    observation: fromFacts(
      configFacts('AWS::SecretsManager::Secret', { ...secret(), RotationEnabled: false }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'secret CI never set to rotate (no RotationEnabled)',
    observation: fromFacts(configFacts('AWS::SecretsManager::Secret', { ARN, Name: 'ehr/db' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'RotateSecret configuring rotation',
    observation: fromFacts(
      storeCall(
        'secretsmanager',
        'RotateSecret',
        {
          secretId: 'ehr/db',
          rotationLambdaARN: 'arn:aws:lambda:us-east-1:111122223333:function:rotate-ehr-db',
          rotationRules: { automaticallyAfterDays: 30 },
        },
        { arn: ARN, name: 'ehr/db' },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CancelRotateSecret',
    observation: fromFacts(
      storeCall('secretsmanager', 'CancelRotateSecret', { secretId: ARN }, { arn: ARN, name: 'ehr/db' }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('secrets-rotation on facts that do not bear on it', () => {
  it.each([
    ['an UpdateSecret', storeCall('secretsmanager', 'UpdateSecret', { secretId: ARN, kmsKeyId: 'alias/k' })],
    ['a RotateSecret of another service', storeCall('example', 'RotateSecret', { secretId: 'x' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
