/**
 * `api-gateway-logging`: API Gateway REST API stages write execution logs to CloudWatch Logs: the
 * stage's default method setting (the `methodSettings` entry for every resource and method, keyed
 * star-slash-star) has `loggingLevel` ERROR or INFO and no method overrides it to OFF
 * (api-gw-execution-logging-enabled; Prowler's apigateway_restapi_logging_enabled). Judged from the
 * stage's item and from CreateStage / UpdateStage (the stage in the response, else an UpdateStage
 * patch of that default's logging/loglevel; a patch of one method's level is not judged). HTTP and
 * WebSocket APIs (ApiGatewayV2) are not read.
 *
 * Test: test/core/domain/controls/audit/api-gateway-logging.test.ts
 * Fixtures: test/fixtures/controls/edge.ts
 */

import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { APIGATEWAY_STAGE, APIGATEWAY_STAGE_CALLS, member, stageOf, text } from '../edge-sources';

const LOGGING = new Set(['ERROR', 'INFO']);
const DEFAULT_PATH = '/*/*/logging/loglevel';

function judgeStage(stage: unknown, prefix: string): Verdict {
  const settings = member(stage, 'methodSettings');
  const entries =
    settings !== null && typeof settings === 'object'
      ? Object.entries(settings as Record<string, unknown>)
      : [];
  const levelOf = (s: unknown) => (text(s, 'loggingLevel') ?? 'OFF').toUpperCase();
  const all = entries.find(([k]) => k === '*/*');
  const level = all ? levelOf(all[1]) : 'OFF';
  if (!LOGGING.has(level)) return nonCompliant(`${prefix}the stage's execution logging is ${level}`);
  const off = entries.filter(([k, s]) => k !== '*/*' && !LOGGING.has(levelOf(s))).map(([k]) => k);
  return off.length > 0
    ? nonCompliant(`${prefix}the stage logs at ${level} but not for ${off.join(', ')}`)
    : compliant(`${prefix}the stage writes execution logs at ${level}`);
}

/** Judges `api-gateway-logging`: a verdict, or undefined when the facts do not bear on it. */
export const apiGatewayLogging: Evaluator = (facts) => {
  const seen = stageOf(facts);
  if (!seen) return undefined;
  if (seen.kind === 'stage') return judgeStage(seen.stage, seen.prefix);
  const patch = seen.patches.filter((p) => p.path.toLowerCase() === DEFAULT_PATH).at(-1);
  if (!patch) return undefined;
  const level = (patch.op === 'remove' ? 'OFF' : (patch.value ?? 'OFF')).toUpperCase();
  return LOGGING.has(level)
    ? compliant(`${seen.prefix}the stage's execution logging set to ${level}`)
    : nonCompliant(`${seen.prefix}the stage's execution logging set to ${level}`);
};

/** `api-gateway-logging` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'api-gateway-logging',
  title: 'API Gateway REST API stages have execution logging on',
  family: 'audit',
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  configRules: ['api-gw-execution-logging-enabled'],
  prowlerChecks: ['apigateway_restapi_logging_enabled'],
  cloudTrailEvents: [...APIGATEWAY_STAGE_CALLS],
  resourceTypes: [APIGATEWAY_STAGE],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Turn on execution logging (aws apigateway update-stage --patch-operations op=replace,path=/*/*/logging/loglevel,value=ERROR).',
  evaluate: apiGatewayLogging,
};
