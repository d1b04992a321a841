/**
 * The network edge in the fake account: Classic and ELBv2 load balancers with their attributes,
 * policies and listeners (account.edge, in the SDK's own shapes), paged like the real APIs
 * (Marker/NextMarker).
 */
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
}

/** An account with no load balancers (tests add the ones they need). */
export const NO_EDGE: FakeEdge = { classicLoadBalancers: [], loadBalancers: [] };

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
  return [elb, elbv2];
}
