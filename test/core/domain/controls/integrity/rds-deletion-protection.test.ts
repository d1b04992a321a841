import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/integrity/rds-deletion-protection';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { auroraInstance, rdsCall, rdsCluster, rdsInstance } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'protected DB instance CI',
    observation: fromFacts(configFacts('AWS::RDS::DBInstance', rdsInstance())),
    status: 'COMPLIANT',
  },
  {
    name: 'unprotected DB cluster CI',
    observation: fromFacts(
      configFacts('AWS::RDS::DBCluster', { ...rdsCluster(), deletionProtection: false }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyDBInstance turning deletion protection off',
    observation: fromFacts(
      rdsCall('ModifyDBInstance', { dBInstanceIdentifier: 'ehr-primary', deletionProtection: false }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDBCluster with deletion protection',
    observation: fromFacts(
      rdsCall('CreateDBCluster', {
        dBClusterIdentifier: 'ehr-aurora',
        engine: 'aurora-postgresql',
        deletionProtection: true,
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'ModifyDBCluster whose response reports protection off',
    observation: fromFacts(
      rdsCall(
        'ModifyDBCluster',
        { dBClusterIdentifier: 'ehr-aurora', backupRetentionPeriod: 7 },
        { deletionProtection: false },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('rds-deletion-protection on facts that do not bear on it', () => {
  it('leaves an Aurora instance to its cluster', () => {
    // Prepare
    const obs = observationOf(configFacts('AWS::RDS::DBInstance', auroraInstance()));
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
