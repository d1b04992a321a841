/**
 * `redshift-require-tls`: Redshift clusters refuse unencrypted connections: the `require_ssl`
 * parameter of the cluster's parameter group is true. Judged from the cluster's configuration item,
 * whose supplementary `ClusterParameters` holds the parameter group's require_ssl as
 * DescribeClusterParameters lists it (the sweep's redshift collector writes it; Config's own items do
 * not carry parameters and are not judged), and from calls on parameter groups:
 * ModifyClusterParameterGroup setting require_ssl, ResetClusterParameterGroup resetting it (or every
 * parameter) to its default, false.
 *
 * Test: test/core/domain/controls/transmission/redshift-require-tls.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { bool, field, list, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { REDSHIFT_CLUSTER } from '../database-sources';
import { onCall, onConfig } from '../evaluator-kit';

const REQUIRE_SSL = 'require_ssl';
const requireSslOf = (parameters: unknown) =>
  list(parameters).find((p) => str(field(p, 'parameterName')) === REQUIRE_SSL);

/** Judges `redshift-require-tls`: a verdict, or undefined when the facts do not bear on it. */
export const redshiftRequireTls: Evaluator = (facts) => {
  const ci = onConfig('AWS::Redshift::Cluster', facts);
  if (ci) {
    const parameters = field(ci.supplementaryConfiguration, 'ClusterParameters');
    if (!Array.isArray(parameters)) return undefined;
    // a parameter group that does not list require_ssl leaves it at its default, false
    return bool(field(requireSslOf(parameters), 'parameterValue')) === true
      ? compliant('the Redshift cluster requires TLS (require_ssl true)')
      : nonCompliant('the Redshift cluster accepts unencrypted connections (require_ssl false)');
  }
  const call = onCall(facts, 'ModifyClusterParameterGroup', 'ResetClusterParameterGroup');
  if (!call || call.eventSource !== REDSHIFT_CLUSTER.eventSource) return undefined;
  const named = requireSslOf(field(call.requestParameters, 'parameters'));
  if (call.eventName === 'ResetClusterParameterGroup')
    return named || bool(field(call.requestParameters, 'resetAllParameters')) === true
      ? nonCompliant(`${call.eventName}: require_ssl reset to its default (false) on the parameter group`)
      : undefined;
  if (!named) return undefined;
  return bool(field(named, 'parameterValue')) === true
    ? compliant(`${call.eventName}: the parameter group requires TLS (require_ssl true)`)
    : nonCompliant(
        `${call.eventName}: the parameter group accepts unencrypted connections (require_ssl false)`,
      );
};

/** `redshift-require-tls` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'redshift-require-tls',
  title: 'Redshift clusters require TLS connections',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'],
  configRules: ['redshift-require-tls-ssl'],
  cloudTrailEvents: ['ModifyClusterParameterGroup', 'ResetClusterParameterGroup'],
  resourceTypes: [...REDSHIFT_CLUSTER.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 'redshift:DescribeClusterParameters', scope: 'redshiftClusters' }],
  remediation:
    'Set require_ssl to true in the cluster parameter group (aws redshift modify-cluster-parameter-group ...) and reboot.',
  evaluate: redshiftRequireTls,
};
