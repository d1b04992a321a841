import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/transmission/elb-acm-certificate';
import { configFacts } from '../../../../fixtures/builders';
import {
  ACM_CERT,
  classicLb,
  elbCall,
  httpsListener,
  LISTENER_ARN,
  redirectListener,
} from '../../../../fixtures/controls/edge';
import { describeControl, fromFacts } from '../control-cases';

const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const IAM_CERT = 'arn:aws:iam::111122223333:server-certificate/portal-2024';
const iamCertLb = () => {
  const lb = classicLb();
  const [first] = lb.listenerDescriptions as { listener: object; policyNames: string[] }[];
  return {
    ...lb,
    listenerDescriptions: [{ ...first, listener: { ...first?.listener, sSLCertificateId: IAM_CERT } }],
  };
};

describeControl(control, [
  {
    name: 'a classic CI whose HTTPS listener serves an ACM certificate',
    observation: fromFacts(configFacts(CLASSIC, classicLb())),
    status: 'COMPLIANT',
  },
  {
    name: 'a classic CI serving an IAM server certificate',
    observation: fromFacts(configFacts(CLASSIC, iamCertLb())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateLoadBalancer (classic) with an IAM server certificate',
    observation: fromFacts(
      elbCall('CreateLoadBalancer', {
        loadBalancerName: 'legacy-portal',
        listeners: [
          { protocol: 'HTTPS', loadBalancerPort: 443, instancePort: 80, sSLCertificateId: IAM_CERT },
        ],
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateLoadBalancer (classic) with an ACM certificate',
    observation: fromFacts(
      elbCall('CreateLoadBalancer', {
        loadBalancerName: 'legacy-portal',
        listeners: [
          { protocol: 'HTTPS', loadBalancerPort: 443, instancePort: 80, sSLCertificateId: ACM_CERT },
        ],
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'an HTTPS listener CI with an ACM certificate',
    observation: fromFacts(configFacts(LISTENER, httpsListener())),
    status: 'COMPLIANT',
  },
  {
    name: 'ModifyListener answered with an IAM server certificate',
    observation: fromFacts(
      elbCall(
        'ModifyListener',
        { listenerArn: LISTENER_ARN, certificates: [{ certificateArn: IAM_CERT }] },
        { listeners: [{ ...httpsListener(), certificates: [{ certificateArn: IAM_CERT }] }] },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateListener with an ACM certificate',
    observation: fromFacts(elbCall('CreateListener', { ...httpsListener(), listenerArn: undefined })),
    status: 'COMPLIANT',
  },
]);

describe('elb-acm-certificate on facts that do not bear on it', () => {
  it.each([
    ['an HTTP listener', configFacts(LISTENER, redirectListener())],
    [
      'a classic CI without TLS listeners',
      configFacts(CLASSIC, { loadBalancerName: 'x', listenerDescriptions: [] }),
    ],
    ['an unrelated item', configFacts('AWS::S3::Bucket', {})],
  ])('is undefined for %s', (_name, facts) => {
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toBeUndefined();
  });
});
