import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/audit/elb-logging';
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

const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';
const V2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

describeControl(control, [
  {
    name: 'a classic CI with access logs on',
    observation: fromFacts(
      configFacts(CLASSIC, classicLb(), { LoadBalancerAttributes: classicAttributes(true) }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'a classic CI with access logs off',
    observation: fromFacts(
      configFacts(CLASSIC, classicLb(), { LoadBalancerAttributes: classicAttributes(false) }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'an ALB CI with access logs on',
    observation: fromFacts(configFacts(V2, alb(), { LoadBalancerAttributes: v2Attributes(true, true) })),
    status: 'COMPLIANT',
  },
  {
    name: 'an ALB CI with access logs off',
    observation: fromFacts(configFacts(V2, alb(), { LoadBalancerAttributes: v2Attributes(false, true) })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyLoadBalancerAttributes (classic) turning access logs on',
    observation: fromFacts(
      elbCall('ModifyLoadBalancerAttributes', {
        loadBalancerName: 'legacy-portal',
        loadBalancerAttributes: {
          accessLog: { enabled: true, s3BucketName: 'clinic-elb-logs', emitInterval: 5 },
        },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'ModifyLoadBalancerAttributes (classic) turning access logs off',
    observation: fromFacts(
      elbCall('ModifyLoadBalancerAttributes', {
        loadBalancerName: 'legacy-portal',
        loadBalancerAttributes: { accessLog: { enabled: false } },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyLoadBalancerAttributes (v2) whose response lists access logs off',
    observation: fromFacts(
      elbCall(
        'ModifyLoadBalancerAttributes',
        { loadBalancerArn: ALB_ARN, attributes: [{ key: 'idle_timeout.timeout_seconds', value: '120' }] },
        { attributes: v2Attributes(false, true) },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyLoadBalancerAttributes (v2) requesting access logs on',
    observation: fromFacts(
      elbCall('ModifyLoadBalancerAttributes', {
        loadBalancerArn: ALB_ARN,
        attributes: [
          { key: 'access_logs.s3.enabled', value: 'true' },
          { key: 'access_logs.s3.bucket', value: 'clinic-alb-logs' },
        ],
      }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('elb-logging on facts that do not bear on it', () => {
  it.each([
    [
      'a Network Load Balancer',
      configFacts(V2, { ...alb(), type: 'network' }, { LoadBalancerAttributes: v2Attributes(false, true) }),
    ],
    ['an ALB CI without attributes', configFacts(V2, alb())],
    [
      'a v2 attribute change not touching logs',
      elbCall('ModifyLoadBalancerAttributes', {
        loadBalancerArn: ALB_ARN,
        attributes: [{ key: 'deletion_protection.enabled', value: 'true' }],
      }),
    ],
    ['an unrelated item', configFacts('AWS::S3::Bucket', {})],
  ])('is undefined for %s', (_name, facts) => {
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toBeUndefined();
  });
});
