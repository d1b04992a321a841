import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/contingency/rds-instance-backup';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { rdsCall, rdsInstance } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

const DB = 'AWS::RDS::DBInstance';

describeControl(control, [
  {
    name: 'DB instance CI keeping 7 days of backups',
    observation: fromFacts(configFacts(DB, rdsInstance())),
    status: 'COMPLIANT',
  },
  {
    name: 'DB instance CI with backups off (retention 0)',
    observation: fromFacts(configFacts(DB, { ...rdsInstance(), backupRetentionPeriod: 0 })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyDBInstance setting backupRetentionPeriod 0',
    observation: fromFacts(
      rdsCall('ModifyDBInstance', { dBInstanceIdentifier: 'ehr-primary', backupRetentionPeriod: 0 }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'RestoreDBInstanceToPointInTime whose restored instance keeps 1 day',
    observation: fromFacts(
      rdsCall(
        'RestoreDBInstanceToPointInTime',
        { sourceDBInstanceIdentifier: 'ehr-primary', targetDBInstanceIdentifier: 'ehr-restored' },
        { dBInstanceIdentifier: 'ehr-restored', backupRetentionPeriod: 1 },
      ),
    ),
    status: 'COMPLIANT',
  },
]);

describe('rds-instance-backup on facts that do not bear on it', () => {
  it.each([
    [
      'a read replica (backed up through its source)',
      configFacts(DB, {
        ...rdsInstance(),
        backupRetentionPeriod: 0,
        readReplicaSourceDBInstanceIdentifier: 'ehr-primary',
      }),
    ],
    [
      'a ModifyDBInstance that leaves retention alone',
      rdsCall('ModifyDBInstance', { dBInstanceIdentifier: 'ehr-primary', allocatedStorage: 400 }),
    ],
    [
      'a call of the same name from another service',
      {
        ...rdsCall('ModifyDBInstance', { backupRetentionPeriod: 0 }),
        eventSource: 'docdb-elastic.amazonaws.com',
      },
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
