/**
 * The network edge in the fake account: Classic and ELBv2 load balancers with their attributes,
 * policies and listeners, CloudFront distributions, ACM certificates and API Gateway REST APIs with
 * their stages (account.edge, in the SDK's own shapes), paged like the real APIs (Marker/NextMarker,
 * NextToken, position).
 */
import { ACMClient, type CertificateSummary, ListCertificatesCommand } from '@aws-sdk/client-acm';
import {
  APIGatewayClient,
  GetRestApisCommand,
  GetStagesCommand,
  type RestApi,
  type Stage,
} from '@aws-sdk/client-api-gateway';
import {
  CloudFrontClient,
  type DistributionSummary,
  ListDistributionsCommand,
} from '@aws-sdk/client-cloudfront';
import {
  type LoadBalancerAttributes as ClassicAttributes,
  DescribeLoadBalancerAttributesCommand as DescribeClassicAttributesCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  DescribeLoadBalancerPoliciesCommand,
  ElasticLoadBalancingClient,
  type LoadBalancerDescription,
  type PolicyDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  type Listener,
  type LoadBalancer,
  type LoadBalancerAttribute,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import type { FakeAccount } from './account';
import { awsError, page, type Serve } from './serve';

/** The network-edge resources of the fake account; absent from the account: none. */
export interface FakeEdge {
  classicLoadBalancers: {
    lb: LoadBalancerDescription;
    attributes: ClassicAttributes;
    policies?: PolicyDescription[];
  }[];
  loadBalancers: { lb: LoadBalancer; attributes: LoadBalancerAttribute[]; listeners: Listener[] }[];
  /** ListDistributions summaries: only the members a test needs (the SDK type requires every one) */
  distributions: Partial<DistributionSummary>[];
  certificates: CertificateSummary[];
  /** REST APIs, each with its stages */
  restApis: { api: RestApi; stages: Stage[] }[];
}

/** An account with no load balancers (tests add the ones they need). */
export const NO_EDGE: FakeEdge = {
  classicLoadBalancers: [],
  loadBalancers: [],
  distributions: [],
  certificates: [],
  restApis: [],
};

/** Serves account.edge through mocked Elastic Load Balancing clients. */
export function serveEdge(account: FakeAccount, serve: Serve) {
  const x = () => account.edge ?? NO_EDGE;
  const classicNamed = (name: string) => {
    const found = x().classicLoadBalancers.find((c) => c.lb.LoadBalancerName === name);
    if (!found) throw awsError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`);
    return found;
  };
  const v2Named = (arn: string) => {
    const found = x().loadBalancers.find((c) => c.lb.LoadBalancerArn === arn);
    if (!found) throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found');
    return found;
  };
  const elb = mockClient(ElasticLoadBalancingClient);
  elb.on(DescribeClassicLoadBalancersCommand).callsFake(
    serve('elb:DescribeLoadBalancers', (input: { Marker?: string }) => {
      const p = page(
        x().classicLoadBalancers.map((c) => c.lb),
        input.Marker,
      );
      return { LoadBalancerDescriptions: p.items, ...(p.next ? { NextMarker: p.next } : {}) };
    }),
  );
  elb.on(DescribeClassicAttributesCommand).callsFake(
    serve(
      'elb:DescribeLoadBalancerAttributes',
      (input: { LoadBalancerName: string }) => ({
        LoadBalancerAttributes: classicNamed(input.LoadBalancerName).attributes,
      }),
      (input) => input.LoadBalancerName,
    ),
  );
  elb.on(DescribeLoadBalancerPoliciesCommand).callsFake(
    serve(
      'elb:DescribeLoadBalancerPolicies',
      (input: { LoadBalancerName: string }) => ({
        PolicyDescriptions: classicNamed(input.LoadBalancerName).policies ?? [],
      }),
      (input) => input.LoadBalancerName,
    ),
  );
  const elbv2 = mockClient(ElasticLoadBalancingV2Client);
  elbv2.on(DescribeLoadBalancersCommand).callsFake(
    serve('elbv2:DescribeLoadBalancers', (input: { Marker?: string }) => {
      const p = page(
        x().loadBalancers.map((c) => c.lb),
        input.Marker,
      );
      return { LoadBalancers: p.items, ...(p.next ? { NextMarker: p.next } : {}) };
    }),
  );
  elbv2.on(DescribeLoadBalancerAttributesCommand).callsFake(
    serve(
      'elbv2:DescribeLoadBalancerAttributes',
      (input: { LoadBalancerArn: string }) => ({ Attributes: v2Named(input.LoadBalancerArn).attributes }),
      (input) => input.LoadBalancerArn,
    ),
  );
  elbv2.on(DescribeListenersCommand).callsFake(
    serve(
      'elbv2:DescribeListeners',
      (input: { LoadBalancerArn: string; Marker?: string }) => {
        const p = page(v2Named(input.LoadBalancerArn).listeners, input.Marker);
        return { Listeners: p.items, ...(p.next ? { NextMarker: p.next } : {}) };
      },
      (input) => input.LoadBalancerArn,
    ),
  );
  const cloudfront = mockClient(CloudFrontClient);
  cloudfront.on(ListDistributionsCommand).callsFake(
    serve('cloudfront:ListDistributions', (input: { Marker?: string }) => {
      const p = page(x().distributions, input.Marker);
      return {
        DistributionList: {
          Marker: input.Marker ?? '',
          MaxItems: 2,
          IsTruncated: p.next !== undefined,
          Quantity: p.items.length,
          Items: p.items,
          ...(p.next ? { NextMarker: p.next } : {}),
        },
      };
    }),
  );
  const acm = mockClient(ACMClient);
  acm.on(ListCertificatesCommand).callsFake(
    serve('acm:ListCertificates', (input: { NextToken?: string; Includes?: { keyTypes?: string[] } }) => {
      // like the API, only RSA 1024/2048 certificates unless other key types are asked for
      const types = input.Includes?.keyTypes ?? ['RSA_1024', 'RSA_2048'];
      const p = page(
        x().certificates.filter((c) => types.includes(c.KeyAlgorithm ?? 'RSA_2048')),
        input.NextToken,
      );
      return { CertificateSummaryList: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    }),
  );
  const apigateway = mockClient(APIGatewayClient);
  apigateway.on(GetRestApisCommand).callsFake(
    serve('apigateway:GetRestApis', (input: { position?: string }) => {
      const p = page(
        x().restApis.map((r) => r.api),
        input.position,
      );
      return { items: p.items, ...(p.next ? { position: p.next } : {}) };
    }),
  );
  apigateway.on(GetStagesCommand).callsFake(
    serve(
      'apigateway:GetStages',
      (input: { restApiId: string }) => {
        const found = x().restApis.find((r) => r.api.id === input.restApiId);
        if (!found) throw awsError('NotFoundException', 'Invalid API identifier specified');
        return { item: found.stages };
      },
      (input) => input.restApiId,
    ),
  );
  return [elb, elbv2, cloudfront, acm, apigateway];
}
