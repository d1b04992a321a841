import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/threat-detection/guardduty-enabled';
import { apiCallFacts, configFacts, observationOf } from '../../../../fixtures/builders';
import { detector, guarddutyCall, noDetector } from '../../../../fixtures/controls/threat-detection';
import { describeControl, fromFacts } from '../control-cases';

const DETECTOR = 'AWS::GuardDuty::Detector';
const ID = '12abc34d567e8fa901bc2d34e56789f0';

describeControl(control, [
  {
    name: 'enabled detector CI',
    observation: fromFacts(configFacts(DETECTOR, detector())),
    status: 'COMPLIANT',
  },
  {
    name: 'suspended detector CI (Enable false)',
    observation: fromFacts(configFacts(DETECTOR, { ...detector(), Enable: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'swept detector reported DISABLED by GetDetector',
    observation: fromFacts(configFacts(DETECTOR, { Id: ID, Status: 'DISABLED' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'swept region with no detector',
    observation: fromFacts(configFacts(DETECTOR, noDetector())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDetector enabling GuardDuty',
    observation: fromFacts(
      guarddutyCall(
        'CreateDetector',
        { enable: true, findingPublishingFrequency: 'SIX_HOURS' },
        { detectorId: ID },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateDetector with enable false',
    observation: fromFacts(guarddutyCall('CreateDetector', { enable: false }, { detectorId: ID })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateDetector suspending the detector',
    observation: fromFacts(guarddutyCall('UpdateDetector', { detectorId: ID, enable: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateDetector re-enabling the detector',
    observation: fromFacts(guarddutyCall('UpdateDetector', { detectorId: ID, enable: true })),
    status: 'COMPLIANT',
  },
  {
    name: 'DeleteDetector',
    observation: fromFacts(guarddutyCall('DeleteDetector', { detectorId: ID })),
    status: 'NON_COMPLIANT',
  },
]);

describe('guardduty-enabled on facts that do not bear on it', () => {
  it.each([
    [
      'an UpdateDetector that only changes the publishing frequency',
      guarddutyCall('UpdateDetector', { detectorId: ID, findingPublishingFrequency: 'ONE_HOUR' }),
    ],
    [
      'an UpdateDetector of another service',
      apiCallFacts('UpdateDetector', {
        eventSource: 'example.amazonaws.com',
        requestParameters: { detectorId: ID, enable: false },
      }),
    ],
    ['a configuration item of another type', configFacts('AWS::EC2::Volume', { encrypted: true })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
