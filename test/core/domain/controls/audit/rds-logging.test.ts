import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/audit/rds-logging';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { auroraInstance, rdsCall, rdsCluster, rdsInstance } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'DB instance CI exporting postgresql and upgrade logs',
    observation: fromFacts(configFacts('AWS::RDS::DBInstance', rdsInstance())),
    status: 'COMPLIANT',
  },
  {
    name: 'DB cluster CI exporting nothing',
    observation: fromFacts(
      configFacts('AWS::RDS::DBCluster', { ...rdsCluster(), enabledCloudwatchLogsExports: [] }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDBInstance naming no exports',
    observation: fromFacts(rdsCall('CreateDBInstance', { dBInstanceIdentifier: 'ehr-new', engine: 'mysql' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDBCluster exporting audit logs',
    observation: fromFacts(
      rdsCall('CreateDBCluster', {
        dBClusterIdentifier: 'c',
        engine: 'aurora-mysql',
        enableCloudwatchLogsExports: ['audit', 'error'],
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'ModifyDBInstance stopping the only export',
    observation: fromFacts(
      rdsCall(
        'ModifyDBInstance',
        {
          dBInstanceIdentifier: 'ehr-primary',
          cloudwatchLogsExportConfiguration: { disableLogTypes: ['postgresql'] },
        },
        { dBInstanceIdentifier: 'ehr-primary', enabledCloudwatchLogsExports: ['postgresql'] },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyDBInstance adding an export',
    observation: fromFacts(
      rdsCall('ModifyDBInstance', {
        dBInstanceIdentifier: 'ehr-primary',
        cloudwatchLogsExportConfiguration: { enableLogTypes: ['postgresql'] },
      }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('rds-logging on facts that do not bear on it', () => {
  it.each([
    [
      'an Aurora instance (its cluster exports the logs)',
      configFacts('AWS::RDS::DBInstance', auroraInstance()),
    ],
    [
      'a ModifyDBInstance that leaves the exports alone',
      rdsCall('ModifyDBInstance', { dBInstanceIdentifier: 'ehr-primary', multiAZ: true }),
    ],
    [
      'a ModifyDBInstance that stops one export, without the resulting list',
      rdsCall('ModifyDBInstance', {
        dBInstanceIdentifier: 'ehr-primary',
        cloudwatchLogsExportConfiguration: { disableLogTypes: ['upgrade'] },
      }),
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
