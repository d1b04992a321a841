import { describe, expect, it } from 'vitest';
import { assess } from '../../../../core/domain/catalog';
import { parseEvent } from '../../../../core/domain/normalize';
import { observe } from '../../../fixtures/builders';
import { ALB_ARN, LISTENER_ARN, redirectListener } from '../../../fixtures/controls/edge';
import { serviceCall } from '../../../fixtures/service-call';

const call = serviceCall;

const ELB = 'elasticloadbalancing.amazonaws.com';

describe('edge calls are filed under the resource Config names', () => {
  it.each([
    [
      call(ELB, 'CreateLoadBalancerListeners', {
        loadBalancerName: 'legacy-portal',
        listeners: [{ protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80 }],
      }),
      'AWS::ElasticLoadBalancing::LoadBalancer',
      'legacy-portal',
      'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/legacy-portal',
    ],
    [
      call(ELB, 'ModifyLoadBalancerAttributes', {
        loadBalancerArn: ALB_ARN,
        attributes: [{ key: 'deletion_protection.enabled', value: 'false' }],
      }),
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      ALB_ARN,
      ALB_ARN,
    ],
    [
      call(
        ELB,
        'CreateListener',
        { ...redirectListener(), listenerArn: undefined },
        { listeners: [redirectListener()] },
      ),
      'AWS::ElasticLoadBalancingV2::Listener',
      LISTENER_ARN,
      LISTENER_ARN,
    ],
    [
      call(ELB, 'ModifyListener', {
        listenerArn: LISTENER_ARN,
        sslPolicy: 'ELBSecurityPolicy-2016-08',
        protocol: 'HTTPS',
      }),
      'AWS::ElasticLoadBalancingV2::Listener',
      LISTENER_ARN,
      LISTENER_ARN,
    ],
  ])('files call %# under its resource, as Config names it', (raw, resourceType, resourceId, arn) => {
    // Prepare / Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ resourceType, resourceId, arn });
    expect(assess(obs).length).toBeGreaterThan(0);
  });

  it('files a v2 CreateLoadBalancer under the ARN its response names', () => {
    // Prepare
    const raw = call(
      ELB,
      'CreateLoadBalancer',
      { name: 'portal-alb', type: 'application', subnets: ['subnet-0a1b2c3d'] },
      { loadBalancers: [{ loadBalancerArn: ALB_ARN, type: 'application' }] },
    );
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({
      resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      arn: ALB_ARN,
    });
  });

  it.each([
    [{ id: 'E2QWRUHAPOMQZL', distributionConfig: { enabled: true } }, {}],
    [{ distributionConfig: { enabled: true } }, { distribution: { id: 'E2QWRUHAPOMQZL' } }],
  ])('files a CloudFront call %# under the global distribution Config names', (req, res) => {
    // Prepare
    const raw = call('cloudfront.amazonaws.com', 'UpdateDistribution2020_05_31', req, res);
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toEqual({
      accountId: '111122223333',
      region: 'global',
      resourceType: 'AWS::CloudFront::Distribution',
      resourceId: 'E2QWRUHAPOMQZL',
      arn: 'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL',
    });
  });

  it.each([
    [
      call('apigateway.amazonaws.com', 'CreateStage', {
        restApiId: 'a1b2c3d4e5',
        createStageInput: { stageName: 'prod', deploymentId: 'r7' },
      }),
      'AWS::ApiGateway::Stage',
      'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod',
    ],
    [
      call('apigateway.amazonaws.com', 'UpdateStage', { apiId: 'x1y2z3', stageName: '$default' }),
      'AWS::ApiGatewayV2::Stage',
      'arn:aws:apigateway:us-east-1::/apis/x1y2z3/stages/$default',
    ],
  ])('files stage call %# under the stage’s ARN', (raw, resourceType, arn) => {
    // Prepare / Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ resourceType, arn, resourceId: arn });
  });

  it('ignores Lightsail’s CreateLoadBalancer instead of quarantining it', () => {
    // Prepare
    const raw = call('lightsail.amazonaws.com', 'CreateLoadBalancer', {
      loadBalancerName: 'lb',
      instancePort: 80,
    });
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toMatchObject({ kind: 'ignored' });
  });
});
