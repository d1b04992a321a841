import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/transmission/alb-http-to-https-redirect';
import { apiCallFacts, configFacts } from '../../../../fixtures/builders';
import {
  ALB_ARN,
  elbCall,
  forwardingHttpListener,
  httpsListener,
  LISTENER_ARN,
  redirectListener,
} from '../../../../fixtures/controls/edge';
import { describeControl, fromFacts } from '../control-cases';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const { listenerArn: _arn, ...request } = forwardingHttpListener();

describeControl(control, [
  {
    name: 'an HTTP listener CI redirecting to HTTPS',
    observation: fromFacts(configFacts(LISTENER, redirectListener())),
    status: 'COMPLIANT',
  },
  {
    name: 'an HTTPS listener CI',
    observation: fromFacts(configFacts(LISTENER, httpsListener())),
    status: 'COMPLIANT',
  },
  {
    name: 'an HTTP listener CI forwarding plain HTTP',
    observation: fromFacts(configFacts(LISTENER, forwardingHttpListener())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'a listener CI in CloudFormation’s PascalCase, redirecting',
    observation: fromFacts(
      configFacts(LISTENER, {
        ListenerArn: LISTENER_ARN,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [
          { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
        ],
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateListener forwarding plain HTTP',
    observation: fromFacts(elbCall('CreateListener', request, { listeners: [forwardingHttpListener()] })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateListener redirecting to HTTPS (request only)',
    observation: fromFacts(elbCall('CreateListener', { ...redirectListener(), listenerArn: undefined })),
    status: 'COMPLIANT',
  },
  {
    name: 'ModifyListener whose response keeps the original protocol',
    observation: fromFacts(
      elbCall(
        'ModifyListener',
        {
          listenerArn: LISTENER_ARN,
          defaultActions: [{ type: 'redirect', redirectConfig: { protocol: '#{protocol}' } }],
        },
        {
          listeners: [
            {
              ...redirectListener(),
              defaultActions: [
                {
                  type: 'redirect',
                  redirectConfig: { protocol: '#{protocol}', port: '8080', statusCode: 'HTTP_302' },
                },
              ],
            },
          ],
        },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyListener whose response redirects to HTTPS',
    observation: fromFacts(
      elbCall('ModifyListener', { listenerArn: LISTENER_ARN, port: 80 }, { listeners: [redirectListener()] }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('alb-http-to-https-redirect on facts that do not bear on it', () => {
  it.each([
    [
      'an NLB TCP listener',
      configFacts(LISTENER, {
        listenerArn: LISTENER_ARN,
        loadBalancerArn: ALB_ARN,
        protocol: 'TCP',
        port: 5432,
      }),
    ],
    [
      'a ModifyListener naming no protocol and no response',
      elbCall('ModifyListener', { listenerArn: LISTENER_ARN, port: 8080 }),
    ],
    [
      'a CreateListener of another service',
      apiCallFacts('CreateListener', {
        eventSource: 'globalaccelerator.amazonaws.com',
        requestParameters: { protocol: 'TCP' },
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
