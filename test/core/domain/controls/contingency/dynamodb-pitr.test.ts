import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/contingency/dynamodb-pitr';
import { apiCallFacts, observationOf } from '../../../../fixtures/builders';
import { dynamodbCall, tableFacts } from '../../../../fixtures/controls/storage';
import { describeControl, fromFacts } from '../control-cases';

const update = (enabled: boolean) =>
  dynamodbCall(
    'UpdateContinuousBackups',
    {
      tableName: 'patient-appointments',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: enabled },
    },
    {
      continuousBackupsDescription: {
        continuousBackupsStatus: 'ENABLED',
        pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: enabled ? 'ENABLED' : 'DISABLED' },
      },
    },
  );

describeControl(control, [
  { name: 'table CI with PITR enabled', observation: fromFacts(tableFacts('ENABLED')), status: 'COMPLIANT' },
  {
    name: 'table CI with PITR disabled',
    observation: fromFacts(tableFacts('DISABLED')),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateContinuousBackups turning PITR on',
    observation: fromFacts(update(true)),
    status: 'COMPLIANT',
  },
  {
    name: 'UpdateContinuousBackups turning PITR off',
    observation: fromFacts(update(false)),
    status: 'NON_COMPLIANT',
  },
]);

describe('dynamodb-pitr on facts that do not bear on it', () => {
  it.each([
    ['a table CI without continuous backups (a failed sweep read)', tableFacts(null)],
    [
      'an UpdateContinuousBackups of another service',
      apiCallFacts('UpdateContinuousBackups', {
        eventSource: 'example.amazonaws.com',
        requestParameters: { pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } },
      }),
    ],
    ['an unrelated DynamoDB call', dynamodbCall('UpdateTable', { tableName: 'patient-appointments' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
