import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/kms-key-deletion';
import { apiCallFacts, configFacts, observationOf } from '../../../../fixtures/builders';
import { customerKey, kmsCall } from '../../../../fixtures/controls/identity';
import { describeControl, fromFacts } from '../control-cases';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6';

describeControl(control, [
  {
    name: 'enabled customer key CI',
    observation: fromFacts(configFacts('AWS::KMS::Key', customerKey())),
    status: 'COMPLIANT',
  },
  {
    name: 'customer key CI pending deletion',
    observation: fromFacts(
      configFacts(
        'AWS::KMS::Key',
        customerKey({
          keyState: 'PendingDeletion',
          enabled: false,
          deletionDate: '2026-12-22T00:00:00.000Z',
        }),
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'disabled customer key CI',
    observation: fromFacts(
      configFacts('AWS::KMS::Key', customerKey({ keyState: 'Disabled', enabled: false })),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ScheduleKeyDeletion',
    observation: fromFacts(
      kmsCall(
        'ScheduleKeyDeletion',
        { pendingWindowInDays: 30 },
        {
          keyId: KEY_ARN,
          deletionDate: 'Dec 22, 2026, 12:00:00 AM',
          keyState: 'PendingDeletion',
          pendingWindowInDays: 30,
        },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CancelKeyDeletion (the key stays disabled)',
    observation: fromFacts(kmsCall('CancelKeyDeletion', {}, { keyId: KEY_ARN })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DisableKey',
    observation: fromFacts(kmsCall('DisableKey')),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'EnableKey',
    observation: fromFacts(kmsCall('EnableKey')),
    status: 'COMPLIANT',
  },
]);

describe('kms-key-deletion reasons', () => {
  it("dates a scheduled deletion from CloudTrail's response (UTC, no zone written)", () => {
    // Prepare
    const obs = observationOf(
      kmsCall(
        'ScheduleKeyDeletion',
        {},
        { deletionDate: 'Dec 22, 2026, 12:00:00 AM', keyState: 'PendingDeletion' },
      ),
    );
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found?.reason).toContain('scheduled for deletion on 2026-12-22');
  });

  it('dates a scheduled deletion from the item', () => {
    // Prepare
    const obs = observationOf(
      configFacts(
        'AWS::KMS::Key',
        customerKey({ keyState: 'PendingDeletion', deletionDate: '2026-12-22T00:00:00.000Z' }),
      ),
    );
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found?.reason).toContain('scheduled for deletion on 2026-12-22');
  });
});

describe('kms-key-deletion on facts that do not bear on it', () => {
  it.each([
    ['an AWS managed key', configFacts('AWS::KMS::Key', customerKey({ keyManager: 'AWS' }))],
    ['a key pending import', configFacts('AWS::KMS::Key', customerKey({ keyState: 'PendingImport' }))],
    ['a DisableKey of another service', apiCallFacts('DisableKey', { eventSource: 'example.amazonaws.com' })],
    ['a rotation change', kmsCall('DisableKeyRotation')],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
