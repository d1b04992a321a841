import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/threat-detection/guardduty-high-severity-findings';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import {
  detector,
  guarddutyCall,
  highSeverityFindings,
} from '../../../../fixtures/controls/threat-detection';
import { describeControl, fromFacts } from '../control-cases';

const DETECTOR = 'AWS::GuardDuty::Detector';

describeControl(control, [
  {
    name: 'swept detector with no open high-severity finding',
    observation: fromFacts(configFacts(DETECTOR, detector(), highSeverityFindings({}))),
    status: 'COMPLIANT',
  },
  {
    name: 'swept detector with open high-severity findings',
    observation: fromFacts(
      configFacts(
        DETECTOR,
        detector(),
        highSeverityFindings({
          'UnauthorizedAccess:EC2/SSHBruteForce': 1,
          'CryptoCurrency:EC2/BitcoinTool.B!DNS': 2,
        }),
      ),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('guardduty-high-severity-findings', () => {
  it('names the counts and types of open findings, most first, and nothing else of them', () => {
    // Prepare
    const obs = observationOf(
      configFacts(
        DETECTOR,
        detector(),
        highSeverityFindings({
          'UnauthorizedAccess:EC2/SSHBruteForce': 1,
          'CryptoCurrency:EC2/BitcoinTool.B!DNS': 2,
        }),
      ),
    );
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found?.reason).toBe(
      '3 open GuardDuty findings of severity 7 or more in this region: 2 CryptoCurrency:EC2/BitcoinTool.B!DNS, 1 UnauthorizedAccess:EC2/SSHBruteForce',
    );
  });

  it.each([
    ["a Config item (Config's items carry no findings)", configFacts(DETECTOR, detector())],
    ['a GuardDuty call', guarddutyCall('UpdateDetector', { detectorId: 'x', enable: false })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
