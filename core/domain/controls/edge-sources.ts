/**
 * What the network-edge controls (load balancers, CloudFront, API Gateway, ACM) share: the resource
 * types and calls they judge, and readers for both spellings a resource arrives in. Config and the
 * sweep write configuration in camelCase (Describe* answers with a lower-case first letter); Config
 * items of newer types (an ELBv2 listener) may keep CloudFormation's PascalCase, so every member is
 * read under either spelling. CloudTrail spells members in camelCase. Classic (API 2012-06-01) and v2
 * (2015-12-01) Elastic Load Balancing share an event source and call names (CreateLoadBalancer,
 * ModifyLoadBalancerAttributes): a classic call names its load balancer `loadBalancerName`, a v2 call
 * by `name` or ARN, so the request tells them apart.
 */
import { field, list, str } from '../facts-access';
import type { Facts } from '../observation';
import { onCall, onConfig } from './evaluator-kit';

type ApiCall = Extract<Facts, { type: 'api-call' }>;
type Configuration = Extract<Facts, { type: 'configuration' }>;

export const ELB_EVENT_SOURCE = 'elasticloadbalancing.amazonaws.com';
export const CLASSIC_LB = 'AWS::ElasticLoadBalancing::LoadBalancer';
export const V2_LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
export const V2_LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';

/** Classic load balancer calls whose request carries listeners or attributes. */
export const CLASSIC_LB_CALLS = [
  'CreateLoadBalancer',
  'CreateLoadBalancerListeners',
  'ModifyLoadBalancerAttributes',
  'SetLoadBalancerPoliciesOfListener',
] as const;
/** ELBv2 listener calls: the response lists the listener as it is after the call. */
export const V2_LISTENER_CALLS = ['CreateListener', 'ModifyListener'] as const;
/** ELBv2 load balancer calls that carry attributes. */
export const V2_LB_CALLS = ['ModifyLoadBalancerAttributes'] as const;

/** A member under its camelCase or PascalCase name. */
export function member(obj: unknown, name: string): unknown {
  const v = field(obj, name);
  return v !== undefined ? v : field(obj, name.charAt(0).toUpperCase() + name.slice(1));
}

/** A string member under either spelling. */
export const text = (obj: unknown, name: string): string | undefined => str(member(obj, name));

/** An Elastic Load Balancing call named one of `names`, with whether it is of the classic API. */
export function elbCall(
  facts: Facts,
  ...names: readonly string[]
): { call: ApiCall; classic: boolean } | undefined {
  const call = onCall(facts, ...names);
  if (!call || call.eventSource !== ELB_EVENT_SOURCE) return undefined;
  return { call, classic: isClassicElbRequest(call.requestParameters) };
}

/** True for the request of a classic ELB call (it names the load balancer by loadBalancerName). */
export function isClassicElbRequest(request: unknown): boolean {
  return str(field(request, 'loadBalancerName')) !== undefined;
}

/** The configuration item of a live resource of `type`, for facts of that type. */
export const itemOf = (facts: Facts, type: string): Configuration | undefined => onConfig(type, facts);

/** A classic listener: its protocol and front-end port, its certificate, and its policies (item only). */
export interface ClassicListener {
  protocol: string;
  port: string;
  certificate?: string;
  policyNames: string[];
}

/** One classic listener as Config (`listenerDescriptions[].listener`) or a request lists it. */
function classicListener(l: unknown, policyNames: unknown): ClassicListener {
  const certificate =
    text(l, 'sSLCertificateId') ?? text(l, 'sslCertificateId') ?? text(l, 'SSLCertificateId');
  const port = member(l, 'loadBalancerPort');
  return {
    protocol: (text(l, 'protocol') ?? '').toUpperCase(),
    port: port === undefined ? '?' : String(port),
    ...(certificate ? { certificate } : {}),
    policyNames: list(policyNames).flatMap((n) => str(n) ?? []),
  };
}

/** The listeners of a classic load balancer's configuration item. */
export function classicItemListeners(configuration: unknown): ClassicListener[] {
  return list(member(configuration, 'listenerDescriptions')).map((d) =>
    classicListener(member(d, 'listener'), member(d, 'policyNames')),
  );
}

/** The listeners a classic CreateLoadBalancer or CreateLoadBalancerListeners request adds. */
export function classicRequestListeners(request: unknown): ClassicListener[] {
  return list(field(request, 'listeners')).map((l) => classicListener(l, []));
}

/** Protocols of a classic listener that encrypt the client's connection. */
export const CLASSIC_TLS = new Set(['HTTPS', 'SSL']);
/** Protocols of an ELBv2 listener that terminate TLS at the load balancer. */
export const V2_TLS = new Set(['HTTPS', 'TLS']);

/** An ELBv2 listener as an item, a request or a response lists it. */
export interface V2Listener {
  protocol: string;
  port: string;
  sslPolicy?: string;
  certificates: string[];
  defaultActions: unknown[];
}

export function v2Listener(l: unknown): V2Listener {
  const sslPolicy = text(l, 'sslPolicy');
  const port = member(l, 'port');
  return {
    protocol: (text(l, 'protocol') ?? '').toUpperCase(),
    port: port === undefined ? '?' : String(port),
    ...(sslPolicy ? { sslPolicy } : {}),
    certificates: list(member(l, 'certificates')).flatMap((c) => text(c, 'certificateArn') ?? []),
    defaultActions: list(member(l, 'defaultActions')),
  };
}

/**
 * The ELBv2 listener the facts describe: a listener's configuration item, or the listener a
 * CreateListener / ModifyListener call leaves (its response's `listeners[0]`, else its request when
 * the request names a protocol). `via` names the source for reasons.
 */
export function v2ListenerOf(facts: Facts): { listener: V2Listener; prefix: string } | undefined {
  const ci = itemOf(facts, V2_LISTENER);
  if (ci) return { listener: v2Listener(ci.configuration), prefix: '' };
  const got = elbCall(facts, ...V2_LISTENER_CALLS);
  if (!got) return undefined;
  const { call } = got;
  const responded = list(field(call.responseElements, 'listeners'))[0];
  const source = responded ?? (text(call.requestParameters, 'protocol') ? call.requestParameters : undefined);
  return source ? { listener: v2Listener(source), prefix: `${call.eventName}: ` } : undefined;
}

/**
 * The attributes of an ELBv2 load balancer as key -> value: from its item's supplementary
 * `LoadBalancerAttributes` ([{key, value}], as Config and the sweep write them), or from a
 * ModifyLoadBalancerAttributes call (its response lists every attribute; its request only those set).
 */
export function v2Attributes(source: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of list(source)) {
    const key = text(a, 'key');
    const value = member(a, 'value');
    if (key && value !== undefined && value !== null) out.set(key, String(value));
  }
  return out;
}

/** The TLS versions a predefined ELB security policy's name says it negotiates at least. */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS-1-2|TLS13-1-[23]|FS-1-2)(-|$)/;

/** True when a predefined ELB security policy (classic, ALB or NLB) allows nothing older than TLS 1.2. */
export function isTls12Policy(name: string): boolean {
  return TLS12_POLICY.test(name);
}

/** True for the name of a predefined ELB security policy (ELBSecurityPolicy-...). */
export const isPredefinedPolicy = (name: string): boolean => name.startsWith('ELBSecurityPolicy-');

export const CLOUDFRONT_EVENT_SOURCE = 'cloudfront.amazonaws.com';
export const CLOUDFRONT_DISTRIBUTION = 'AWS::CloudFront::Distribution';
/**
 * CloudFront calls whose request carries the whole distribution config (CreateDistributionWithTags
 * wraps it in distributionConfigWithTags). The API's operation names carry a version suffix in
 * CloudTrail for some releases (UpdateDistribution2020_05_31): both spellings are listed.
 */
export const CLOUDFRONT_CALLS = [
  'CreateDistribution',
  'CreateDistributionWithTags',
  'UpdateDistribution',
  'CreateDistribution2020_05_31',
  'CreateDistributionWithTags2020_05_31',
  'UpdateDistribution2020_05_31',
] as const;

/** The items of a CloudFront list ({quantity, items: [...]}), or a plain array. */
export function cloudFrontItems(value: unknown): unknown[] {
  return Array.isArray(value) ? value : list(member(value, 'items'));
}

/**
 * The distribution config the facts show: a distribution's item (its `distributionConfig`, or the
 * item itself when it is a ListDistributions summary, as the sweep writes it) or a create/update call
 * (the request's config, else the response's distribution's).
 */
export function distributionConfigOf(facts: Facts): { config: unknown; prefix: string } | undefined {
  const ci = itemOf(facts, CLOUDFRONT_DISTRIBUTION);
  if (ci) return { config: member(ci.configuration, 'distributionConfig') ?? ci.configuration, prefix: '' };
  const call = onCall(facts, ...CLOUDFRONT_CALLS);
  if (!call || call.eventSource !== CLOUDFRONT_EVENT_SOURCE) return undefined;
  const req = call.requestParameters;
  const config =
    field(req, 'distributionConfig') ??
    field(req, 'distributionConfigWithTags', 'distributionConfig') ??
    field(call.responseElements, 'distribution', 'distributionConfig');
  return config === undefined ? undefined : { config, prefix: `${call.eventName}: ` };
}

export const ACM_CERTIFICATE = 'AWS::ACM::Certificate';

export const APIGATEWAY_EVENT_SOURCE = 'apigateway.amazonaws.com';
export const APIGATEWAY_STAGE = 'AWS::ApiGateway::Stage';
export const APIGATEWAY_STAGE_CALLS = ['CreateStage', 'UpdateStage'] as const;

/**
 * The REST API stage the facts show: its item, or the stage a CreateStage / UpdateStage call leaves
 * (API Gateway answers with the stage's representation: `stageName` in the response), or, when there
 * is no response, UpdateStage's patch operations (`patchOperations` [{op, path, value}]).
 */
/** True for a REST API (v1) call: it names its API by restApiId. */
export const isRestApiRequest = (request: unknown): boolean => str(field(request, 'restApiId')) !== undefined;

export type StageView =
  | { kind: 'stage'; stage: unknown; prefix: string }
  | { kind: 'patch'; patches: { op: string; path: string; value?: string }[]; prefix: string };

export function stageOf(facts: Facts): StageView | undefined {
  const ci = itemOf(facts, APIGATEWAY_STAGE);
  if (ci) return { kind: 'stage', stage: ci.configuration, prefix: '' };
  const call = onCall(facts, ...APIGATEWAY_STAGE_CALLS);
  // HTTP and WebSocket APIs (v2) share the names and source; their calls name an apiId instead
  if (!call || call.eventSource !== APIGATEWAY_EVENT_SOURCE || !isRestApiRequest(call.requestParameters))
    return undefined;
  const prefix = `${call.eventName}: `;
  if (str(field(call.responseElements, 'stageName')))
    return { kind: 'stage', stage: call.responseElements, prefix };
  const req = call.requestParameters;
  const patches = list(
    field(req, 'patchOperations') ??
      field(req, 'updateStageInput', 'patchOperations') ??
      field(req, 'patch', 'patchOperations'),
  ).flatMap((p) => {
    const op = str(field(p, 'op'));
    const path = str(field(p, 'path'));
    const value = field(p, 'value');
    return op && path ? [{ op, path, ...(value === undefined ? {} : { value: String(value) }) }] : [];
  });
  return patches.length > 0 ? { kind: 'patch', patches, prefix } : undefined;
}
