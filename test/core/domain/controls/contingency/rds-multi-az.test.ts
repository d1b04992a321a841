import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/contingency/rds-multi-az';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { auroraInstance, rdsCall, rdsCluster, rdsInstance } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'Multi-AZ DB instance CI',
    observation: fromFacts(configFacts('AWS::RDS::DBInstance', rdsInstance())),
    status: 'COMPLIANT',
  },
  {
    name: 'single-AZ DB instance CI',
    observation: fromFacts(configFacts('AWS::RDS::DBInstance', { ...rdsInstance(), multiAZ: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DB cluster CI spanning zones',
    observation: fromFacts(configFacts('AWS::RDS::DBCluster', rdsCluster())),
    status: 'COMPLIANT',
  },
  {
    name: 'DB cluster CI in one zone',
    observation: fromFacts(configFacts('AWS::RDS::DBCluster', { ...rdsCluster(), multiAZ: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDBInstance without Multi-AZ',
    observation: fromFacts(
      rdsCall('CreateDBInstance', { dBInstanceIdentifier: 'ehr-new', engine: 'postgres', multiAZ: false }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyDBInstance converting to Multi-AZ',
    observation: fromFacts(
      rdsCall('ModifyDBInstance', { dBInstanceIdentifier: 'ehr-primary', multiAZ: true }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('rds-multi-az on facts that do not bear on it', () => {
  it.each([
    ['an Aurora instance (placed by its cluster)', configFacts('AWS::RDS::DBInstance', auroraInstance())],
    [
      'a CreateDBCluster (an Aurora cluster has no readers yet)',
      rdsCall('CreateDBCluster', { dBClusterIdentifier: 'x' }, { multiAZ: false }),
    ],
    [
      'a ModifyDBInstance that leaves placement alone',
      rdsCall('ModifyDBInstance', { dBInstanceIdentifier: 'ehr-primary', allocatedStorage: 400 }),
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
