import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/threat-detection/securityhub-enabled';
import { apiCallFacts, configFacts, observationOf } from '../../../../fixtures/builders';
import { hub, securityhubCall } from '../../../../fixtures/controls/threat-detection';
import { describeControl, fromFacts } from '../control-cases';

const HUB = 'AWS::SecurityHub::Hub';

describeControl(control, [
  {
    name: 'hub CI (recorded while enabled)',
    observation: fromFacts(configFacts(HUB, hub())),
    status: 'COMPLIANT',
  },
  {
    name: 'swept region not subscribed to Security Hub',
    observation: fromFacts(configFacts(HUB, { Enabled: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'EnableSecurityHub',
    observation: fromFacts(securityhubCall('EnableSecurityHub', { enableDefaultStandards: true })),
    status: 'COMPLIANT',
  },
  {
    name: 'DisableSecurityHub',
    observation: fromFacts(securityhubCall('DisableSecurityHub')),
    status: 'NON_COMPLIANT',
  },
]);

describe('securityhub-enabled on facts that do not bear on it', () => {
  it.each([
    [
      'an EnableSecurityHub named by another service',
      apiCallFacts('EnableSecurityHub', { eventSource: 'example.amazonaws.com' }),
    ],
    ['a GuardDuty detector item', configFacts('AWS::GuardDuty::Detector', { Id: 'd', Enable: true })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
