import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/transmission/elb-security-policy';
import { configFacts } from '../../../../fixtures/builders';
import {
  classicLb,
  elbCall,
  httpsListener,
  LISTENER_ARN,
  redirectListener,
} from '../../../../fixtures/controls/edge';
import { describeControl, fromFacts } from '../control-cases';

const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';

/** The classic load balancer with its HTTPS listener on a custom-named policy. */
const customPolicyLb = () => {
  const lb = classicLb();
  const [first] = lb.listenerDescriptions as Record<string, unknown>[];
  return { ...lb, listenerDescriptions: [{ ...first, policyNames: ['portal-tls'] }] };
};
/** DescribeLoadBalancerPolicies' answer for that policy, referencing `reference`. */
const policies = (reference?: string) => ({
  LoadBalancerPolicies: [
    {
      policyName: 'portal-tls',
      policyTypeName: 'SSLNegotiationPolicyType',
      policyAttributeDescriptions: [
        ...(reference ? [{ attributeName: 'Reference-Security-Policy', attributeValue: reference }] : []),
        { attributeName: 'Protocol-TLSv1.2', attributeValue: 'true' },
      ],
    },
  ],
});

describeControl(control, [
  {
    name: 'a classic CI whose HTTPS listener uses ELBSecurityPolicy-TLS-1-2-2017-01',
    observation: fromFacts(configFacts(CLASSIC, classicLb())),
    status: 'COMPLIANT',
  },
  {
    name: 'a classic CI whose custom policy references ELBSecurityPolicy-2016-08',
    observation: fromFacts(configFacts(CLASSIC, customPolicyLb(), policies('ELBSecurityPolicy-2016-08'))),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'a classic CI whose custom policy references a TLS 1.2 policy',
    observation: fromFacts(
      configFacts(CLASSIC, customPolicyLb(), policies('ELBSecurityPolicy-TLS-1-2-2017-01')),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'a classic CI whose custom policy references no predefined policy',
    observation: fromFacts(configFacts(CLASSIC, customPolicyLb(), policies())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'an HTTPS listener CI on a TLS 1.3 policy',
    observation: fromFacts(configFacts(LISTENER, httpsListener())),
    status: 'COMPLIANT',
  },
  {
    name: 'an HTTPS listener CI on ELBSecurityPolicy-2016-08',
    observation: fromFacts(
      configFacts(LISTENER, { ...httpsListener(), sslPolicy: 'ELBSecurityPolicy-2016-08' }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyListener setting ELBSecurityPolicy-TLS13-1-0-2021-06',
    observation: fromFacts(
      elbCall(
        'ModifyListener',
        { listenerArn: LISTENER_ARN, sslPolicy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' },
        { listeners: [{ ...httpsListener(), sslPolicy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' }] },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateListener (TLS, NLB) on ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
    observation: fromFacts(
      elbCall('CreateListener', {
        loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/db-nlb/1a2b3c',
        protocol: 'TLS',
        port: 5432,
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'SetLoadBalancerPoliciesOfListener setting ELBSecurityPolicy-TLS-1-1-2017-01',
    observation: fromFacts(
      elbCall('SetLoadBalancerPoliciesOfListener', {
        loadBalancerName: 'legacy-portal',
        loadBalancerPort: 443,
        policyNames: ['ELBSecurityPolicy-TLS-1-1-2017-01'],
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('elb-security-policy on facts that do not bear on it', () => {
  it('records a TLS 1.2 policy set on one classic listener as activity', () => {
    // Prepare
    const facts = elbCall('SetLoadBalancerPoliciesOfListener', {
      loadBalancerName: 'legacy-portal',
      loadBalancerPort: 443,
      policyNames: ['ELBSecurityPolicy-TLS-1-2-2017-01'],
    });
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toMatchObject({ status: 'NOT_APPLICABLE', affectsPosture: false });
  });

  it.each([
    ['an HTTP listener', configFacts(LISTENER, redirectListener())],
    [
      'a classic CI without TLS listeners',
      configFacts(CLASSIC, { loadBalancerName: 'x', listenerDescriptions: [] }),
    ],
    ['a classic CI with a custom policy and no policy descriptions', configFacts(CLASSIC, customPolicyLb())],
    ['an unrelated item', configFacts('AWS::S3::Bucket', {})],
  ])('is undefined for %s', (_name, facts) => {
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toBeUndefined();
  });
});
