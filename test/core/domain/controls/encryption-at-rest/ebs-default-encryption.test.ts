import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/ebs-default-encryption';
import { apiCallFacts, configFacts, observationOf } from '../../../../fixtures/builders';
import { ec2Call } from '../../../../fixtures/controls/threat-detection';
import { describeControl, fromFacts } from '../control-cases';

const SETTING = 'AWS::EC2::EBSEncryptionByDefault';

describeControl(control, [
  {
    name: 'swept setting on',
    observation: fromFacts(configFacts(SETTING, { ebsEncryptionByDefault: true })),
    status: 'COMPLIANT',
  },
  {
    name: 'swept setting off',
    observation: fromFacts(configFacts(SETTING, { ebsEncryptionByDefault: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'EnableEbsEncryptionByDefault',
    observation: fromFacts(
      ec2Call('EnableEbsEncryptionByDefault', {
        EnableEbsEncryptionByDefaultResponse: { ebsEncryptionByDefault: true },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'DisableEbsEncryptionByDefault',
    observation: fromFacts(
      ec2Call('DisableEbsEncryptionByDefault', {
        DisableEbsEncryptionByDefaultResponse: { ebsEncryptionByDefault: false },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('ebs-default-encryption on facts that do not bear on it', () => {
  it.each([
    ['an item without the setting', configFacts(SETTING, {})],
    ['a volume item', configFacts('AWS::EC2::Volume', { encrypted: false })],
    [
      'a DisableEbsEncryptionByDefault of another service',
      apiCallFacts('DisableEbsEncryptionByDefault', { eventSource: 'example.amazonaws.com' }),
    ],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
