import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/contingency/elb-deletion-protection';
import { configFacts } from '../../../../fixtures/builders';
import {
  ALB_ARN,
  alb,
  classicAttributes,
  classicLb,
  elbCall,
  v2Attributes,
} from '../../../../fixtures/controls/edge';
import { describeControl, fromFacts } from '../control-cases';

const V2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

describeControl(control, [
  {
    name: 'an ALB CI with deletion protection on',
    observation: fromFacts(configFacts(V2, alb(), { LoadBalancerAttributes: v2Attributes(true, true) })),
    status: 'COMPLIANT',
  },
  {
    name: 'an NLB CI with deletion protection off',
    observation: fromFacts(
      configFacts(V2, { ...alb(), type: 'network' }, { LoadBalancerAttributes: v2Attributes(false, false) }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyLoadBalancerAttributes turning deletion protection on',
    observation: fromFacts(
      elbCall(
        'ModifyLoadBalancerAttributes',
        { loadBalancerArn: ALB_ARN, attributes: [{ key: 'deletion_protection.enabled', value: 'true' }] },
        { attributes: v2Attributes(true, true) },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'ModifyLoadBalancerAttributes turning deletion protection off',
    observation: fromFacts(
      elbCall('ModifyLoadBalancerAttributes', {
        loadBalancerArn: ALB_ARN,
        attributes: [{ key: 'deletion_protection.enabled', value: 'false' }],
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('elb-deletion-protection on facts that do not bear on it', () => {
  it.each([
    [
      'a classic load balancer (no such setting)',
      configFacts('AWS::ElasticLoadBalancing::LoadBalancer', classicLb(), {
        LoadBalancerAttributes: classicAttributes(true),
      }),
    ],
    [
      'a classic attribute change',
      elbCall('ModifyLoadBalancerAttributes', {
        loadBalancerName: 'legacy-portal',
        loadBalancerAttributes: { accessLog: { enabled: true } },
      }),
    ],
    [
      'a v2 attribute change not touching it',
      elbCall('ModifyLoadBalancerAttributes', {
        loadBalancerArn: ALB_ARN,
        attributes: [{ key: 'idle_timeout.timeout_seconds', value: '60' }],
      }),
    ],
  ])('is undefined for %s', (_name, facts) => {
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toBeUndefined();
  });
});
