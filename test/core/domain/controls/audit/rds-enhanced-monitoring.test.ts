import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/audit/rds-enhanced-monitoring';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { rdsCall, rdsInstance } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'DB instance CI monitored every 60 seconds',
    observation: fromFacts(configFacts('AWS::RDS::DBInstance', rdsInstance())),
    status: 'COMPLIANT',
  },
  {
    name: 'DB instance CI with interval 0',
    observation: fromFacts(configFacts('AWS::RDS::DBInstance', { ...rdsInstance(), monitoringInterval: 0 })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyDBInstance turning Enhanced Monitoring off',
    observation: fromFacts(
      rdsCall('ModifyDBInstance', { dBInstanceIdentifier: 'ehr-primary', monitoringInterval: 0 }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDBInstance monitored every 15 seconds',
    observation: fromFacts(
      rdsCall('CreateDBInstance', { dBInstanceIdentifier: 'ehr-new', monitoringInterval: 15 }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('rds-enhanced-monitoring on calls that do not set it', () => {
  it('says nothing about a ModifyDBInstance that leaves the interval alone', () => {
    // Prepare
    const obs = observationOf(
      rdsCall('ModifyDBInstance', { dBInstanceIdentifier: 'ehr-primary', multiAZ: true }),
    );
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
