/**
 * `api-gateway-client-certificate`: API Gateway REST API stages present a client certificate to their
 * backend, so the backend can tell API Gateway's requests from anyone else's (api-gw-ssl-enabled:
 * the stage has a `clientCertificateId`). It authenticates the hop from API Gateway to the
 * integration; it does not encrypt the client's connection (API Gateway's endpoints are HTTPS only).
 * Judged from the stage's item and from CreateStage / UpdateStage (the stage in the response, else an
 * UpdateStage patch of /clientCertificateId).
 *
 * Test: test/core/domain/controls/transmission/api-gateway-client-certificate.test.ts
 * Fixtures: test/fixtures/controls/edge.ts
 */
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { APIGATEWAY_STAGE, APIGATEWAY_STAGE_CALLS, stageOf, text } from '../edge-sources';

const PATH = '/clientCertificateId';

const verdictOf = (certificate: string | undefined, prefix: string): Verdict =>
  certificate
    ? compliant(`${prefix}the stage presents client certificate ${certificate} to its backend`)
    : nonCompliant(`${prefix}the stage presents no client certificate to its backend`);

/** Judges `api-gateway-client-certificate`: a verdict, or undefined when the facts do not bear on it. */
export const apiGatewayClientCertificate: Evaluator = (facts) => {
  const seen = stageOf(facts);
  if (!seen) return undefined;
  if (seen.kind === 'stage') return verdictOf(text(seen.stage, 'clientCertificateId'), seen.prefix);
  const patch = seen.patches.filter((p) => p.path === PATH).at(-1);
  if (!patch) return undefined;
  return verdictOf(patch.op === 'remove' ? undefined : patch.value || undefined, seen.prefix);
};

/** `api-gateway-client-certificate` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'api-gateway-client-certificate',
  title: 'API Gateway REST API stages authenticate to their backends with a client certificate',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(i)'],
  configRules: ['api-gw-ssl-enabled'],
  cloudTrailEvents: [...APIGATEWAY_STAGE_CALLS],
  resourceTypes: [APIGATEWAY_STAGE],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Set a client certificate on the stage (aws apigateway update-stage --patch-operations op=replace,path=/clientCertificateId,value=<id>).',
  evaluate: apiGatewayClientCertificate,
};
