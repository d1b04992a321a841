import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/audit/redshift-audit-logging';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { redshiftCall, redshiftCluster, redshiftLoggingOn } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

const CLUSTER = 'AWS::Redshift::Cluster';

describeControl(control, [
  {
    name: 'cluster CI whose LoggingStatus says logging is on',
    observation: fromFacts(configFacts(CLUSTER, redshiftCluster(), { LoggingStatus: redshiftLoggingOn() })),
    status: 'COMPLIANT',
  },
  {
    name: 'cluster CI whose LoggingStatus says logging is off',
    observation: fromFacts(
      configFacts(CLUSTER, redshiftCluster(), { LoggingStatus: { loggingEnabled: false } }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'EnableLogging to CloudWatch Logs',
    observation: fromFacts(
      redshiftCall(
        'EnableLogging',
        { clusterIdentifier: 'claims-warehouse', logDestinationType: 'cloudwatch' },
        redshiftLoggingOn(),
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'DisableLogging',
    observation: fromFacts(redshiftCall('DisableLogging', { clusterIdentifier: 'claims-warehouse' })),
    status: 'NON_COMPLIANT',
  },
]);

describe('redshift-audit-logging on facts that do not bear on it', () => {
  it('says nothing about a cluster CI without its logging status (Config alone)', () => {
    // Prepare
    const obs = observationOf(configFacts(CLUSTER, redshiftCluster()));
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
