import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/secrets-cmk';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { STORE_KEY, secret, storeCall } from '../../../../fixtures/controls/stores';
import { describeControl, fromFacts } from '../control-cases';

const ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:ehr/db-AbCdEf';

describeControl(control, [
  {
    name: 'secret CI with a customer key',
    observation: fromFacts(configFacts('AWS::SecretsManager::Secret', secret())),
    status: 'COMPLIANT',
  },
  {
    name: 'secret CI with no key (the AWS managed key)',
    observation: fromFacts(configFacts('AWS::SecretsManager::Secret', { ...secret(), KMSKeyId: undefined })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateSecret with a customer key',
    observation: fromFacts(
      storeCall('secretsmanager', 'CreateSecret', { name: 'ehr/db', kmsKeyId: STORE_KEY }, { arn: ARN }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateSecret with the default key',
    observation: fromFacts(storeCall('secretsmanager', 'CreateSecret', { name: 'ehr/db' }, { arn: ARN })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateSecret back to aws/secretsmanager',
    observation: fromFacts(
      storeCall('secretsmanager', 'UpdateSecret', { secretId: ARN, kmsKeyId: 'alias/aws/secretsmanager' }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('secrets-cmk on facts that do not bear on it', () => {
  it.each([
    [
      'an UpdateSecret that leaves the key',
      storeCall('secretsmanager', 'UpdateSecret', { secretId: ARN, description: 'x' }),
    ],
    ['a RotateSecret', storeCall('secretsmanager', 'RotateSecret', { secretId: ARN })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
