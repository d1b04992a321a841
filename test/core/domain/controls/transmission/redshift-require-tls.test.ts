import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/transmission/redshift-require-tls';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { redshiftCall, redshiftCluster, requireSsl } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

const CLUSTER = 'AWS::Redshift::Cluster';
const setSsl = (value: string) =>
  redshiftCall('ModifyClusterParameterGroup', {
    parameterGroupName: 'claims-tls',
    parameters: [{ parameterName: 'require_ssl', parameterValue: value }],
  });

describeControl(control, [
  {
    name: 'cluster CI whose parameter group requires SSL',
    observation: fromFacts(
      configFacts(CLUSTER, redshiftCluster(), { ClusterParameters: requireSsl('true') }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'cluster CI whose parameter group does not',
    observation: fromFacts(
      configFacts(CLUSTER, redshiftCluster(), { ClusterParameters: requireSsl('false') }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyClusterParameterGroup setting require_ssl true',
    observation: fromFacts(setSsl('true')),
    status: 'COMPLIANT',
  },
  {
    name: 'ModifyClusterParameterGroup setting require_ssl false',
    observation: fromFacts(setSsl('false')),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ResetClusterParameterGroup resetting every parameter',
    observation: fromFacts(
      redshiftCall('ResetClusterParameterGroup', {
        parameterGroupName: 'claims-tls',
        resetAllParameters: true,
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('redshift-require-tls on facts that do not bear on it', () => {
  it.each([
    ['a Config cluster CI (no parameters)', configFacts(CLUSTER, redshiftCluster())],
    [
      'a ModifyClusterParameterGroup on other parameters',
      redshiftCall('ModifyClusterParameterGroup', {
        parameterGroupName: 'claims-tls',
        parameters: [{ parameterName: 'enable_user_activity_logging', parameterValue: 'true' }],
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
