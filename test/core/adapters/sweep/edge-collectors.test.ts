import type { KeyAlgorithm } from '@aws-sdk/client-acm';
import type { CacheBehavior, DefaultCacheBehavior } from '@aws-sdk/client-cloudfront';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acmCollector, apiGatewayCollector, cloudFrontCollector } from '../../../../core/adapters/sweep/edge';
import { elbCollector, elbv2Collector } from '../../../../core/adapters/sweep/load-balancers';
import {
  ACCOUNT_ID,
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  NO_EDGE,
  REGION,
  serveAccount,
} from '../../../helpers/fake-aws-account';
import { SWEEP_CTX, sweepVerdicts } from '../../../helpers/sweep-collector-test';

const ctx = SWEEP_CTX;

let account: FakeAccount;
let aws: FakeAws;
beforeEach(() => {
  account = healthyAccount();
  aws = serveAccount(account);
});
afterEach(() => {
  aws.restore();
});

const verdicts = sweepVerdicts;

const elbArn = (rest: string) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:${rest}`;
const CERT = `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/11111111-2222-3333-4444-555555555555`;

describe('load balancer collectors', () => {
  it('elb: classic load balancers over several pages with attributes and policies', async () => {
    // Prepare
    const https = {
      Listener: {
        Protocol: 'HTTPS',
        LoadBalancerPort: 443,
        InstanceProtocol: 'HTTP',
        InstancePort: 80,
        SSLCertificateId: CERT,
      },
      PolicyNames: ['portal-tls'],
    };
    const tlsPolicy = (reference: string) => [
      {
        PolicyName: 'portal-tls',
        PolicyTypeName: 'SSLNegotiationPolicyType',
        PolicyAttributeDescriptions: [
          { AttributeName: 'Protocol-TLSv1', AttributeValue: 'false' },
          { AttributeName: 'Reference-Security-Policy', AttributeValue: reference },
        ],
      },
    ];
    account.edge = {
      ...NO_EDGE,
      classicLoadBalancers: [
        {
          lb: { LoadBalancerName: 'portal-a', ListenerDescriptions: [https] },
          attributes: { AccessLog: { Enabled: true, S3BucketName: 'logs' } },
          policies: tlsPolicy('ELBSecurityPolicy-TLS-1-2-2017-01'),
        },
        {
          lb: { LoadBalancerName: 'portal-b', ListenerDescriptions: [https] },
          attributes: { AccessLog: { Enabled: true, S3BucketName: 'logs' } },
          policies: tlsPolicy('ELBSecurityPolicy-TLS-1-2-2017-01'),
        },
        {
          lb: {
            LoadBalancerName: 'legacy',
            ListenerDescriptions: [
              https,
              { Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }, PolicyNames: [] },
            ],
          },
          attributes: { AccessLog: { Enabled: false } },
          policies: tlsPolicy('ELBSecurityPolicy-2016-08'),
        },
      ],
    };
    // Act
    const r = await elbCollector(aws.clients.elb).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    const ids = ['elb-tls-listeners', 'elb-security-policy', 'elb-logging'];
    // every listener serves the ACM certificate
    const all = (status: string) => ({
      ...Object.fromEntries(ids.map((id) => [id, status])),
      'elb-acm-certificate': 'COMPLIANT',
    });
    expect(v['AWS::ElasticLoadBalancing::LoadBalancer:portal-a']).toEqual(all('COMPLIANT'));
    expect(v['AWS::ElasticLoadBalancing::LoadBalancer:portal-b']).toEqual(all('COMPLIANT'));
    expect(v['AWS::ElasticLoadBalancing::LoadBalancer:legacy']).toEqual(all('NON_COMPLIANT'));
    const item = r.items[0]?.detail;
    expect(item).toMatchObject({ item: { arn: elbArn('loadbalancer/portal-a'), resourceId: 'portal-a' } });
    expect(JSON.stringify(item)).not.toContain('Protocol-TLSv1');
    expect(aws.calls.filter((c) => c === 'elb:DescribeLoadBalancers')).toHaveLength(2);
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
    expect(r.accountIds).toContain(ACCOUNT_ID);
  });

  it('elb: a failed attributes read leaves that load balancer’s logging unjudged and names it', async () => {
    // Prepare
    account.edge = {
      ...NO_EDGE,
      classicLoadBalancers: [
        {
          lb: { LoadBalancerName: 'portal', ListenerDescriptions: [] },
          attributes: { AccessLog: { Enabled: true } },
        },
      ],
    };
    account.denied.add('elb:DescribeLoadBalancerAttributes:portal');
    // Act
    const r = await elbCollector(aws.clients.elb).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    expect(v['AWS::ElasticLoadBalancing::LoadBalancer:portal']).not.toHaveProperty('elb-logging');
    expect(r.apis.find((a) => a.api === 'elb:DescribeLoadBalancerAttributes')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException', resource: 'portal' },
    ]);
  });

  it('elbv2: load balancers and their listeners over several pages', async () => {
    // Prepare
    const lb = (name: string, type: 'application' | 'network') => ({
      LoadBalancerArn: elbArn(
        `loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/0123456789abcdef`,
      ),
      LoadBalancerName: name,
      Type: type,
    });
    const attributes = (on: boolean) => [
      { Key: 'access_logs.s3.enabled', Value: String(on) },
      { Key: 'deletion_protection.enabled', Value: String(on) },
    ];
    const portal = lb('portal', 'application');
    const listener = (id: string, over: object) => ({
      ListenerArn: elbArn(`listener/app/portal/0123456789abcdef/${id}`),
      LoadBalancerArn: portal.LoadBalancerArn,
      ...over,
    });
    account.edge = {
      ...NO_EDGE,
      loadBalancers: [
        {
          lb: portal,
          attributes: attributes(true),
          listeners: [
            listener('https', {
              Protocol: 'HTTPS',
              Port: 443,
              SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
              Certificates: [{ CertificateArn: CERT }],
              DefaultActions: [{ Type: 'forward', TargetGroupArn: elbArn('targetgroup/portal/1') }],
            }),
            listener('redirect', {
              Protocol: 'HTTP',
              Port: 80,
              DefaultActions: [
                {
                  Type: 'redirect',
                  RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
                },
              ],
            }),
            listener('plain', {
              Protocol: 'HTTP',
              Port: 8080,
              DefaultActions: [{ Type: 'forward', TargetGroupArn: elbArn('targetgroup/portal/1') }],
            }),
          ],
        },
        { lb: lb('db-nlb', 'network'), attributes: attributes(false), listeners: [] },
        { lb: lb('admin', 'application'), attributes: attributes(false), listeners: [] },
      ],
    };
    // Act
    const r = await elbv2Collector(aws.clients.elbv2).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    expect(v[`AWS::ElasticLoadBalancingV2::LoadBalancer:${portal.LoadBalancerArn}`]).toEqual({
      'elb-logging': 'COMPLIANT',
      'elb-deletion-protection': 'COMPLIANT',
    });
    expect(v[`AWS::ElasticLoadBalancingV2::LoadBalancer:${lb('db-nlb', 'network').LoadBalancerArn}`]).toEqual(
      {
        'elb-deletion-protection': 'NON_COMPLIANT',
      },
    );
    expect(
      v[`AWS::ElasticLoadBalancingV2::LoadBalancer:${lb('admin', 'application').LoadBalancerArn}`],
    ).toEqual({
      'elb-logging': 'NON_COMPLIANT',
      'elb-deletion-protection': 'NON_COMPLIANT',
    });
    const listenerKey = (id: string) =>
      `AWS::ElasticLoadBalancingV2::Listener:${listener(id, {}).ListenerArn}`;
    expect(v[listenerKey('https')]).toMatchObject({
      'alb-http-to-https-redirect': 'COMPLIANT',
      'elb-security-policy': 'COMPLIANT',
    });
    expect(v[listenerKey('redirect')]).toEqual({ 'alb-http-to-https-redirect': 'COMPLIANT' });
    expect(v[listenerKey('plain')]).toEqual({ 'alb-http-to-https-redirect': 'NON_COMPLIANT' });
    expect(aws.calls.filter((c) => c === 'elbv2:DescribeLoadBalancers')).toHaveLength(2);
    // three listeners: two pages
    expect(aws.calls.filter((c) => c === 'elbv2:DescribeListeners')).toHaveLength(4);
  });

  it('elbv2: a denied load balancer list observes nothing and names the gap', async () => {
    // Prepare
    account.denied.add('elbv2:DescribeLoadBalancers');
    // Act
    const r = await elbv2Collector(aws.clients.elbv2).collect(ctx);
    // Assess
    expect(r.items).toEqual([]);
    expect(r.apis.find((a) => a.api === 'elbv2:DescribeLoadBalancers')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException' },
    ]);
  });
});

describe('CloudFront and ACM collectors', () => {
  it('cloudfront: distributions over several pages, filed under the region global', async () => {
    // Prepare
    const summary = (id: string, policy: string, api = 'https-only') => ({
      Id: id,
      ARN: `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/${id}`,
      DomainName: `${id.toLowerCase()}.cloudfront.net`,
      Enabled: true,
      // only the members the collector reads (the SDK type requires every one)
      DefaultCacheBehavior: {
        TargetOriginId: 'portal',
        ViewerProtocolPolicy: policy,
      } as DefaultCacheBehavior,
      CacheBehaviors: {
        Quantity: 1,
        Items: [
          { PathPattern: '/api/*', TargetOriginId: 'portal', ViewerProtocolPolicy: api } as CacheBehavior,
        ],
      },
    });
    account.edge = {
      ...NO_EDGE,
      distributions: [
        summary('E1', 'redirect-to-https'),
        summary('E2', 'https-only'),
        summary('E3', 'redirect-to-https', 'allow-all'),
      ],
    };
    // Act
    const r = await cloudFrontCollector(aws.clients.cloudfront).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    expect(v['AWS::CloudFront::Distribution:E1']).toEqual({ 'cloudfront-https': 'COMPLIANT' });
    expect(v['AWS::CloudFront::Distribution:E2']).toEqual({ 'cloudfront-https': 'COMPLIANT' });
    expect(v['AWS::CloudFront::Distribution:E3']).toEqual({ 'cloudfront-https': 'NON_COMPLIANT' });
    expect(r.items[0]?.detail).toMatchObject({
      item: { awsRegion: 'global', arn: `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/E1` },
    });
    expect(aws.calls.filter((c) => c === 'cloudfront:ListDistributions')).toHaveLength(2);
    expect(r.accountIds).toContain(ACCOUNT_ID);
  });

  it('acm: certificates of every key type, judged against the sweep’s day', async () => {
    // Prepare
    const cert = (id: string, notAfter: string, KeyAlgorithm: KeyAlgorithm) => ({
      CertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/${id}`,
      DomainName: `${id}.example-clinic.org`,
      Status: 'ISSUED' as const,
      Type: 'AMAZON_ISSUED' as const,
      KeyAlgorithm,
      NotAfter: new Date(notAfter),
    });
    account.edge = {
      ...NO_EDGE,
      certificates: [
        cert('portal', '2027-06-01T00:00:00Z', 'RSA_2048'),
        cert('api', '2027-06-01T00:00:00Z', 'EC_prime256v1'),
        // the sweep starts 2026-11-22: eight days left
        cert('legacy', '2026-11-30T00:00:00Z', 'RSA_4096'),
      ],
    };
    // Act
    const r = await acmCollector(aws.clients.acm).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    const key = (id: string) => `AWS::ACM::Certificate:arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/${id}`;
    expect(v[key('portal')]).toEqual({ 'acm-certificate-expiry': 'COMPLIANT' });
    expect(v[key('api')]).toEqual({ 'acm-certificate-expiry': 'COMPLIANT' });
    expect(v[key('legacy')]).toEqual({ 'acm-certificate-expiry': 'NON_COMPLIANT' });
    expect(aws.calls.filter((c) => c === 'acm:ListCertificates')).toHaveLength(2);
  });

  it('acm: a denied list observes nothing and names the gap', async () => {
    // Prepare
    account.denied.add('acm:ListCertificates');
    // Act
    const r = await acmCollector(aws.clients.acm).collect(ctx);
    // Assess
    expect(r.items).toEqual([]);
    expect(r.apis).toMatchObject([
      { api: 'acm:ListCertificates', failures: [{ errorCode: 'AccessDeniedException' }] },
    ]);
  });
});

describe('API Gateway collector', () => {
  it('apigateway: stages of every REST API over several pages, keyed by the stage ARN', async () => {
    // Prepare
    const logging = (level: string) => ({ '*/*': { loggingLevel: level, metricsEnabled: true } });
    account.edge = {
      ...NO_EDGE,
      restApis: [
        {
          api: { id: 'api1', name: 'portal' },
          stages: [{ stageName: 'prod', clientCertificateId: 'c1', methodSettings: logging('ERROR') }],
        },
        {
          api: { id: 'api2', name: 'billing' },
          stages: [{ stageName: 'prod', clientCertificateId: 'c2', methodSettings: logging('INFO') }],
        },
        {
          api: { id: 'api3', name: 'scratch' },
          stages: [{ stageName: 'dev', methodSettings: logging('OFF') }, { stageName: 'test' }],
        },
      ],
    };
    // Act
    const r = await apiGatewayCollector(aws.clients.apigateway).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    const key = (api: string, s: string) =>
      `AWS::ApiGateway::Stage:arn:aws:apigateway:${REGION}::/restapis/${api}/stages/${s}`;
    const all = (status: string) => ({
      'api-gateway-client-certificate': status,
      'api-gateway-logging': status,
    });
    expect(v[key('api1', 'prod')]).toEqual(all('COMPLIANT'));
    expect(v[key('api2', 'prod')]).toEqual(all('COMPLIANT'));
    expect(v[key('api3', 'dev')]).toEqual(all('NON_COMPLIANT'));
    expect(v[key('api3', 'test')]).toEqual(all('NON_COMPLIANT'));
    expect(aws.calls.filter((c) => c === 'apigateway:GetRestApis')).toHaveLength(2);
    expect(aws.calls.filter((c) => c === 'apigateway:GetStages')).toHaveLength(3);
    expect(r.accountIds).toContain(ACCOUNT_ID);
  });

  it('apigateway: a failed stage read names the API', async () => {
    // Prepare
    account.edge = { ...NO_EDGE, restApis: [{ api: { id: 'api1' }, stages: [{ stageName: 'prod' }] }] };
    account.denied.add('apigateway:GetStages:api1');
    // Act
    const r = await apiGatewayCollector(aws.clients.apigateway).collect(ctx);
    // Assess
    expect(r.items).toEqual([]);
    expect(r.apis.find((a) => a.api === 'apigateway:GetStages')?.failures).toMatchObject([
      { resource: 'api1' },
    ]);
  });
});
