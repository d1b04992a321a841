/**
 * `elb-deletion-protection`: ELBv2 load balancers (Application, Network, Gateway) have deletion
 * protection on, so one mistaken or malicious call cannot take the entry point of an ePHI system
 * offline. A load balancer holds no ePHI: this is availability (contingency), not data integrity.
 * Judged from the load balancer's item (supplementary `LoadBalancerAttributes`, key
 * `deletion_protection.enabled`) and from v2 ModifyLoadBalancerAttributes (the response's
 * attributes, else the request's). Classic Load Balancers have no deletion protection.
 *
 * Test: test/core/domain/controls/contingency/elb-deletion-protection.test.ts
 * Fixtures: test/fixtures/controls/edge.ts
 */
import { bool, field } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { elbCall, itemOf, member, V2_LB, v2Attributes } from '../edge-sources';

const DELETION_PROTECTION = 'deletion_protection.enabled';

const verdictOf = (enabled: boolean | undefined, who: string): Verdict | undefined => {
  if (enabled === undefined) return undefined;
  return enabled
    ? compliant(`${who} has deletion protection on`)
    : nonCompliant(`${who} has deletion protection off`);
};

/** Judges `elb-deletion-protection`: a verdict, or undefined when the facts do not bear on it. */
export const elbDeletionProtection: Evaluator = (facts) => {
  const ci = itemOf(facts, V2_LB);
  if (ci) {
    const attributes = v2Attributes(member(ci.supplementaryConfiguration, 'LoadBalancerAttributes'));
    return verdictOf(bool(attributes.get(DELETION_PROTECTION)), 'the load balancer');
  }
  const got = elbCall(facts, 'ModifyLoadBalancerAttributes');
  if (!got || got.classic) return undefined;
  const { call } = got;
  const responded = v2Attributes(field(call.responseElements, 'attributes')).get(DELETION_PROTECTION);
  const requested = v2Attributes(field(call.requestParameters, 'attributes')).get(DELETION_PROTECTION);
  return verdictOf(bool(responded ?? requested), `${call.eventName}: the load balancer`);
};

/** `elb-deletion-protection` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'elb-deletion-protection',
  title: 'ELBv2 load balancers have deletion protection',
  family: 'contingency',
  citations: ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(C)'],
  configRules: ['elb-deletion-protection-enabled'],
  prowlerChecks: ['elbv2_deletion_protection'],
  cloudTrailEvents: ['ModifyLoadBalancerAttributes'],
  resourceTypes: [V2_LB],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [
    {
      api: 'elbv2:DescribeLoadBalancerAttributes',
      iamAction: 'elasticloadbalancing:DescribeLoadBalancerAttributes',
      scope: 'unscoped',
    },
  ],
  remediation:
    'Turn on deletion protection (aws elbv2 modify-load-balancer-attributes --attributes Key=deletion_protection.enabled,Value=true).',
  evaluate: elbDeletionProtection,
};
