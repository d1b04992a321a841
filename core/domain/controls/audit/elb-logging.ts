/**
 * `elb-logging`: Classic and Application Load Balancers deliver access logs to S3, so every request
 * that reached a system holding ePHI can be reviewed. Judged from the classic load balancer's item
 * (supplementary `LoadBalancerAttributes.accessLog.enabled`) and the ELBv2 load balancer's item
 * (supplementary `LoadBalancerAttributes`, key `access_logs.s3.enabled`), as Config and the sweep's
 * collectors write them, and from ModifyLoadBalancerAttributes of either API (classic:
 * `loadBalancerAttributes.accessLog.enabled`; v2: the response's attributes, else the request's).
 * Network and Gateway Load Balancers are not judged (elb-logging-enabled covers ALB and classic).
 *
 * Test: test/core/domain/controls/audit/elb-logging.test.ts
 * Fixtures: test/fixtures/controls/edge.ts
 */
import { bool, field } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { CLASSIC_LB, elbCall, itemOf, member, text, V2_LB, v2Attributes } from '../edge-sources';

const ACCESS_LOGS = 'access_logs.s3.enabled';

const verdictOf = (enabled: boolean | undefined, who: string): Verdict | undefined => {
  if (enabled === undefined) return undefined;
  return enabled
    ? compliant(`${who} delivers access logs to S3`)
    : nonCompliant(`${who} has access logs off`);
};

/** Judges `elb-logging`: a verdict, or undefined when the facts do not bear on it. */
export const elbLogging: Evaluator = (facts) => {
  const classic = itemOf(facts, CLASSIC_LB);
  if (classic) {
    const log = member(member(classic.supplementaryConfiguration, 'LoadBalancerAttributes'), 'accessLog');
    return verdictOf(bool(member(log, 'enabled')), 'the Classic Load Balancer');
  }
  const v2 = itemOf(facts, V2_LB);
  if (v2) {
    if (text(v2.configuration, 'type') !== 'application') return undefined;
    const attributes = v2Attributes(member(v2.supplementaryConfiguration, 'LoadBalancerAttributes'));
    return verdictOf(bool(attributes.get(ACCESS_LOGS)), 'the Application Load Balancer');
  }
  const got = elbCall(facts, 'ModifyLoadBalancerAttributes');
  if (!got) return undefined;
  const { call, classic: isClassic } = got;
  if (isClassic) {
    const enabled = field(call.requestParameters, 'loadBalancerAttributes', 'accessLog', 'enabled');
    return verdictOf(bool(enabled), `${call.eventName}: the Classic Load Balancer`);
  }
  const responded = v2Attributes(field(call.responseElements, 'attributes')).get(ACCESS_LOGS);
  const requested = v2Attributes(field(call.requestParameters, 'attributes')).get(ACCESS_LOGS);
  return verdictOf(bool(responded ?? requested), `${call.eventName}: the load balancer`);
};

/** `elb-logging` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'elb-logging',
  title: 'Classic and Application Load Balancers have access logging on',
  family: 'audit',
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  configRules: ['elb-logging-enabled'],
  prowlerChecks: ['elb_logging_enabled', 'elbv2_logging_enabled'],
  cloudTrailEvents: ['ModifyLoadBalancerAttributes'],
  resourceTypes: [CLASSIC_LB, V2_LB],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [
    {
      api: 'elb:DescribeLoadBalancerAttributes',
      iamAction: 'elasticloadbalancing:DescribeLoadBalancerAttributes',
      scope: 'unscoped',
    },
    {
      api: 'elbv2:DescribeLoadBalancerAttributes',
      iamAction: 'elasticloadbalancing:DescribeLoadBalancerAttributes',
      scope: 'unscoped',
    },
  ],
  remediation:
    'Turn on access logs to S3 (aws elbv2 modify-load-balancer-attributes --attributes Key=access_logs.s3.enabled,Value=true ...).',
  evaluate: elbLogging,
};
