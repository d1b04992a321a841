/**
 * `alb-http-to-https-redirect`: Application Load Balancer listeners never serve plain HTTP: an HTTP
 * listener's default action redirects to HTTPS (alb-http-to-https-redirection-check), and an HTTPS
 * listener encrypts by itself. Judged from the listener's configuration item
 * (AWS::ElasticLoadBalancingV2::Listener: `protocol`, `defaultActions[].redirectConfig.protocol`) and
 * from CreateListener / ModifyListener (the response's listener, else the request when it names a
 * protocol). Only the default action is read: listener rules that forward some paths over HTTP are
 * not seen. NLB and GWLB listeners (TCP, UDP, TLS, GENEVE) are not judged here.
 *
 * Test: test/core/domain/controls/transmission/alb-http-to-https-redirect.test.ts
 * Fixtures: test/fixtures/controls/edge.ts
 */
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { member, text, V2_LISTENER, V2_LISTENER_CALLS, v2ListenerOf } from '../edge-sources';

/** True when a default action redirects to HTTPS ("#{protocol}" keeps HTTP and does not count). */
const redirectsToHttps = (action: unknown): boolean =>
  text(action, 'type')?.toLowerCase() === 'redirect' &&
  text(member(action, 'redirectConfig'), 'protocol')?.toUpperCase() === 'HTTPS';

/** Judges `alb-http-to-https-redirect`: a verdict, or undefined when the facts do not bear on it. */
export const albHttpToHttpsRedirect: Evaluator = (facts) => {
  const seen = v2ListenerOf(facts);
  if (!seen) return undefined;
  const { listener: l, prefix } = seen;
  if (l.protocol === 'HTTPS') return compliant(`${prefix}the listener on port ${l.port} is HTTPS`);
  if (l.protocol !== 'HTTP') return undefined;
  return l.defaultActions.some(redirectsToHttps)
    ? compliant(`${prefix}the HTTP listener on port ${l.port} redirects to HTTPS`)
    : nonCompliant(`${prefix}the HTTP listener on port ${l.port} serves plain HTTP (no redirect to HTTPS)`);
};

/** `alb-http-to-https-redirect` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'alb-http-to-https-redirect',
  title: 'Application Load Balancer HTTP listeners redirect to HTTPS',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  configRules: ['alb-http-to-https-redirection-check'],
  cloudTrailEvents: [...V2_LISTENER_CALLS],
  resourceTypes: [V2_LISTENER],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    "Make the HTTP listener's default action a redirect to HTTPS (aws elbv2 modify-listener --default-actions Type=redirect,...).",
  evaluate: albHttpToHttpsRedirect,
};
