import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/transmission/elb-tls-listeners';
import { apiCallFacts, configFacts } from '../../../../fixtures/builders';
import { classicHttpListener, classicLb, elbCall } from '../../../../fixtures/controls/edge';
import { describeControl, fromFacts } from '../control-cases';

const withHttp = () => {
  const lb = classicLb();
  return { ...lb, listenerDescriptions: [...(lb.listenerDescriptions as unknown[]), classicHttpListener()] };
};
const https = { protocol: 'HTTPS', loadBalancerPort: 443, instanceProtocol: 'HTTP', instancePort: 80 };
const http = { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80 };

describeControl(control, [
  {
    name: 'a classic load balancer CI with an HTTPS listener only',
    observation: fromFacts(configFacts('AWS::ElasticLoadBalancing::LoadBalancer', classicLb())),
    status: 'COMPLIANT',
  },
  {
    name: 'a classic load balancer CI with an HTTP listener too',
    observation: fromFacts(configFacts('AWS::ElasticLoadBalancing::LoadBalancer', withHttp())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateLoadBalancer (classic) with an HTTPS listener only',
    observation: fromFacts(
      elbCall(
        'CreateLoadBalancer',
        { loadBalancerName: 'legacy-portal', listeners: [https], availabilityZones: ['us-east-1a'] },
        { dNSName: 'legacy-portal-1.us-east-1.elb.amazonaws.com' },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateLoadBalancer (classic) with an HTTP listener',
    observation: fromFacts(
      elbCall('CreateLoadBalancer', { loadBalancerName: 'legacy-portal', listeners: [https, http] }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateLoadBalancerListeners adding an HTTP listener',
    observation: fromFacts(
      elbCall('CreateLoadBalancerListeners', { loadBalancerName: 'legacy-portal', listeners: [http] }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('elb-tls-listeners on facts that do not bear on it', () => {
  it('records TLS listeners added as activity', () => {
    // Prepare
    const facts = elbCall('CreateLoadBalancerListeners', {
      loadBalancerName: 'legacy-portal',
      listeners: [https],
    });
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toMatchObject({ status: 'NOT_APPLICABLE', affectsPosture: false });
  });

  it.each([
    ['a v2 CreateLoadBalancer', elbCall('CreateLoadBalancer', { name: 'portal-alb', type: 'application' })],
    [
      'Lightsail’s CreateLoadBalancer',
      apiCallFacts('CreateLoadBalancer', {
        eventSource: 'lightsail.amazonaws.com',
        requestParameters: { loadBalancerName: 'x', listeners: [http] },
      }),
    ],
    ['an ALB item', configFacts('AWS::ElasticLoadBalancingV2::LoadBalancer', {})],
    ['an unrelated call', apiCallFacts('PutBucketAcl', { requestParameters: { bucketName: 'b' } })],
  ])('is undefined for %s', (_name, facts) => {
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toBeUndefined();
  });
});
