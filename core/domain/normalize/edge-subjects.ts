/**
 * The subjects of the network-edge calls the load balancer, CloudFront, API Gateway and ACM controls
 * judge (core/domain/controls/edge-sources.ts), named as AWS Config names the resources so that calls,
 * Config items and the sweep's items of one resource share a subject (its ARN keys it): a Classic Load
 * Balancer by its name, an ELBv2 load balancer and listener by their ARNs, a CloudFront distribution
 * by its id (global, as Config files it).
 */
import type { CloudTrailRecord, Subject } from '../../../evidence-schemas';
import { partitionOf } from '../arn';
import {
  APIGATEWAY_EVENT_SOURCE,
  APIGATEWAY_STAGE,
  APIGATEWAY_STAGE_CALLS,
  CLASSIC_LB,
  CLASSIC_LB_CALLS,
  CLOUDFRONT_CALLS,
  CLOUDFRONT_DISTRIBUTION,
  CLOUDFRONT_EVENT_SOURCE,
  ELB_EVENT_SOURCE,
  isClassicElbRequest,
  V2_LB,
  V2_LISTENER,
  V2_LISTENER_CALLS,
} from '../controls/edge-sources';
import { field, list, str } from '../facts-access';
import { makeSubject } from './subject';

/**
 * The service each edge call is judged from. Some names recur in other services (Lightsail's
 * CreateLoadBalancer): those calls bear on no edge control.
 */
export const EDGE_EVENT_SOURCES: ReadonlyMap<string, string> = new Map([
  ...[...CLASSIC_LB_CALLS, ...V2_LISTENER_CALLS].map((name) => [name, ELB_EVENT_SOURCE] as const),
  ...CLOUDFRONT_CALLS.map((name) => [name, CLOUDFRONT_EVENT_SOURCE] as const),
  ...APIGATEWAY_STAGE_CALLS.map((name) => [name, APIGATEWAY_EVENT_SOURCE] as const),
]);

/** True when the call's name is an edge call's but another service made it. */
export function edgeCallFromAnotherService(r: CloudTrailRecord): boolean {
  const source = EDGE_EVENT_SOURCES.get(r.eventName);
  return source !== undefined && source !== r.eventSource;
}

/** The resource an edge call acts on, or undefined for other calls. */
export function edgeSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  if (!EDGE_EVENT_SOURCES.has(r.eventName) || edgeCallFromAnotherService(r)) return undefined;
  const req = r.requestParameters ?? {};
  const res = r.responseElements ?? {};
  const region = r.awsRegion;
  if (r.eventSource === ELB_EVENT_SOURCE) return elbSubject(r.eventName, req, res, account, region);
  if (r.eventSource === CLOUDFRONT_EVENT_SOURCE) {
    // CloudFront is global: Config files its distributions under the region "global", by id
    const id = str(field(req, 'id')) ?? str(field(res, 'distribution', 'id'));
    const arn = `arn:${partitionOf(region)}:cloudfront::${account}:distribution/${id}`;
    return id ? makeSubject(account, 'global', CLOUDFRONT_DISTRIBUTION, id, arn) : undefined;
  }
  if (r.eventSource === APIGATEWAY_EVENT_SOURCE) return stageSubject(req, res, account, region);
  return undefined;
}

/** An ELBv2 resource named by its ARN (Config's resource id for it is the ARN too). */
const byArn = (account: string, region: string, type: string, arn: string | undefined) =>
  arn ? makeSubject(account, region, type, arn, arn) : undefined;

function elbSubject(
  eventName: string,
  req: Record<string, unknown>,
  res: Record<string, unknown>,
  account: string,
  region: string,
): Subject | undefined {
  if (isClassicElbRequest(req)) {
    const name = str(field(req, 'loadBalancerName'));
    const arn = `arn:${partitionOf(region)}:elasticloadbalancing:${region}:${account}:loadbalancer/${name}`;
    return name ? makeSubject(account, region, CLASSIC_LB, name, arn) : undefined;
  }
  const listener = list(field(res, 'listeners'))[0];
  switch (eventName) {
    case 'CreateListener':
      return (
        byArn(account, region, V2_LISTENER, str(field(listener, 'listenerArn'))) ??
        // a failed call has no listener yet: file it under the load balancer it was for
        byArn(account, region, V2_LB, str(field(req, 'loadBalancerArn')))
      );
    case 'ModifyListener':
      return byArn(account, region, V2_LISTENER, str(field(req, 'listenerArn')));
    case 'CreateLoadBalancer':
      return byArn(
        account,
        region,
        V2_LB,
        str(field(list(field(res, 'loadBalancers'))[0], 'loadBalancerArn')),
      );
    default:
      return byArn(account, region, V2_LB, str(field(req, 'loadBalancerArn')));
  }
}

/**
 * A REST API stage (CreateStage names it in createStageInput or its response), or an HTTP/WebSocket
 * API stage (v2, named by apiId), by the ARN API Gateway gives a stage: it has no account.
 */
function stageSubject(
  req: Record<string, unknown>,
  res: Record<string, unknown>,
  account: string,
  region: string,
): Subject | undefined {
  const stage =
    str(field(req, 'stageName')) ??
    str(field(req, 'createStageInput', 'stageName')) ??
    str(field(res, 'stageName'));
  const restApi = str(field(req, 'restApiId'));
  const api = restApi ?? str(field(req, 'apiId'));
  if (!stage || !api) return undefined;
  const arn = `arn:${partitionOf(region)}:apigateway:${region}::/${restApi ? 'restapis' : 'apis'}/${api}/stages/${stage}`;
  return makeSubject(account, region, restApi ? APIGATEWAY_STAGE : 'AWS::ApiGatewayV2::Stage', arn, arn);
}
