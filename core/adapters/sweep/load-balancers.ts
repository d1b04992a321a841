/**
 * The load balancers the network-edge controls judge, read from Elastic Load Balancing: Classic Load
 * Balancers (elb: DescribeLoadBalancers, then each one's attributes and, when it has TLS listeners,
 * the Reference-Security-Policy of its policies), and ELBv2 load balancers (elbv2:
 * DescribeLoadBalancers, then each one's attributes and listeners). Each becomes a configuration item
 * in Config's spelling (the Describe* answer's members with a lower-case first letter), keyed as Config
 * keys it: a classic load balancer by its name, an ELBv2 load balancer and a listener by their ARNs.
 * The attributes go into supplementaryConfiguration.LoadBalancerAttributes, as Config records them.
 */
import {
  DescribeLoadBalancerAttributesCommand as DescribeClassicAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  type ElasticLoadBalancingClient,
  type LoadBalancerDescription,
  paginateDescribeLoadBalancers as paginateClassicLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeLoadBalancerAttributesCommand,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { partitionOf } from '../../domain/arn';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, configCase, configurationItem } from './calls';

/** Only the members the controls read (and those naming the resource): an item stays small. */
export function pickConfig(source: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) if (keys.includes(k) && v !== undefined) out[k] = v;
  return configCase(out) as Record<string, unknown>;
}

/** The account ids the items name. */
export const accountIdsOf = (items: SweepItem[]): string[] =>
  items.flatMap((i) => {
    const id = i.detail.kind === 'configuration-item' ? i.detail.item.accountId : undefined;
    return typeof id === 'string' ? [id] : [];
  });

const CLASSIC_KEYS = ['LoadBalancerName', 'DNSName', 'Scheme', 'ListenerDescriptions', 'Policies'] as const;
const CLASSIC_TLS = new Set(['HTTPS', 'SSL']);
const REFERENCE = 'Reference-Security-Policy';

/**
 * Classic Load Balancers, every page, each with its attributes and (when it has TLS listeners) its
 * policies, of which only the Reference-Security-Policy attribute is kept (an SSL negotiation policy
 * lists every protocol and cipher). A read that fails leaves that part out, named in the gap.
 */
export function elbCollector(client: ElasticLoadBalancingClient): SweepCollector {
  return {
    service: 'elb',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('elb:DescribeLoadBalancers', () =>
        paginateClassicLoadBalancers({ client }, {}),
      );
      log.reached('elb:DescribeLoadBalancerAttributes');
      log.reached('elb:DescribeLoadBalancerPolicies');
      const lbs = (pages ?? []).flatMap((p) => p.LoadBalancerDescriptions ?? []);
      const items = await mapLimit(lbs, ctx.concurrency, async (lb: LoadBalancerDescription) => {
        const name = lb.LoadBalancerName;
        if (!name) return [];
        const attributes = await log.get(
          'elb:DescribeLoadBalancerAttributes',
          () => client.send(new DescribeClassicAttributesCommand({ LoadBalancerName: name })),
          name,
        );
        const tls = (lb.ListenerDescriptions ?? []).some((d) =>
          CLASSIC_TLS.has((d.Listener?.Protocol ?? '').toUpperCase()),
        );
        const policies = tls
          ? await log.get(
              'elb:DescribeLoadBalancerPolicies',
              () => client.send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: name })),
              name,
            )
          : undefined;
        // DescribeLoadBalancers names no ARN; the one Config and CloudTrail calls use is built
        const arn = ctx.accountId
          ? `arn:${partitionOf(ctx.region)}:elasticloadbalancing:${ctx.region}:${ctx.accountId}:loadbalancer/${name}`
          : undefined;
        return [
          configurationItem(ctx, 'elb:DescribeLoadBalancers', {
            type: 'AWS::ElasticLoadBalancing::LoadBalancer',
            id: name,
            name,
            ...(arn ? { arn } : {}),
            ...(ctx.accountId ? { accountId: ctx.accountId } : {}),
            configuration: pickConfig(lb, CLASSIC_KEYS),
            supplementaryConfiguration: {
              ...(attributes?.LoadBalancerAttributes
                ? { LoadBalancerAttributes: configCase(attributes.LoadBalancerAttributes) }
                : {}),
              ...(policies?.PolicyDescriptions
                ? {
                    LoadBalancerPolicies: configCase(
                      policies.PolicyDescriptions.map((p) => ({
                        ...p,
                        PolicyAttributeDescriptions: (p.PolicyAttributeDescriptions ?? []).filter(
                          (a) => a.AttributeName === REFERENCE,
                        ),
                      })),
                    ),
                  }
                : {}),
            },
          }),
        ];
      });
      const all = items.flat();
      return { items: all, apis: log.results(), accountIds: accountIdsOf(all) };
    },
  };
}

const V2_KEYS = ['LoadBalancerArn', 'LoadBalancerName', 'Type', 'Scheme', 'DNSName', 'State'] as const;
const LISTENER_KEYS = [
  'ListenerArn',
  'LoadBalancerArn',
  'Port',
  'Protocol',
  'SslPolicy',
  'Certificates',
  'DefaultActions',
] as const;

/**
 * ELBv2 load balancers (Application, Network, Gateway), every page, each with its attributes and its
 * listeners (every page). A load balancer whose listeners cannot be read is still observed.
 */
export function elbv2Collector(client: ElasticLoadBalancingV2Client): SweepCollector {
  return {
    service: 'elbv2',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('elbv2:DescribeLoadBalancers', () =>
        paginateDescribeLoadBalancers({ client }, {}),
      );
      log.reached('elbv2:DescribeLoadBalancerAttributes');
      log.reached('elbv2:DescribeListeners');
      const lbs = (pages ?? []).flatMap((p) => p.LoadBalancers ?? []);
      const items = await mapLimit(lbs, ctx.concurrency, async (lb: LoadBalancer): Promise<SweepItem[]> => {
        const arn = lb.LoadBalancerArn;
        if (!arn) return [];
        const accountId = accountOfArn(arn);
        const attributes = await log.get(
          'elbv2:DescribeLoadBalancerAttributes',
          () => client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn })),
          arn,
        );
        const listenerPages = await log.pages('elbv2:DescribeListeners', () =>
          paginateDescribeListeners({ client }, { LoadBalancerArn: arn }),
        );
        const listeners = (listenerPages ?? []).flatMap((p) => p.Listeners ?? []);
        return [
          configurationItem(ctx, 'elbv2:DescribeLoadBalancers', {
            type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
            id: arn,
            name: lb.LoadBalancerName ?? arn,
            arn,
            ...(accountId ? { accountId } : {}),
            configuration: pickConfig(lb, V2_KEYS),
            supplementaryConfiguration: attributes?.Attributes
              ? { LoadBalancerAttributes: configCase(attributes.Attributes) }
              : {},
          }),
          ...listeners.flatMap((l) =>
            l.ListenerArn
              ? [
                  configurationItem(ctx, 'elbv2:DescribeListeners', {
                    type: 'AWS::ElasticLoadBalancingV2::Listener',
                    id: l.ListenerArn,
                    arn: l.ListenerArn,
                    ...(accountId ? { accountId } : {}),
                    configuration: pickConfig(l, LISTENER_KEYS),
                  }),
                ]
              : [],
          ),
        ];
      });
      const all = items.flat();
      return { items: all, apis: log.results(), accountIds: accountIdsOf(all) };
    },
  };
}
