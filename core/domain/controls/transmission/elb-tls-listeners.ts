/**
 * `elb-tls-listeners`: Classic Load Balancers accept clients only over TLS: every listener's protocol
 * is HTTPS or SSL, as the elb-tls-https-listeners-only rule and Prowler's elb_ssl_listeners require.
 * Judged from the load balancer's configuration item (`listenerDescriptions`) and from the classic
 * CreateLoadBalancer call, whose request lists every listener. CreateLoadBalancerListeners adds
 * listeners to those already there: adding a plaintext one is NON_COMPLIANT, adding only TLS ones is
 * recorded as activity (the listeners already there are not in the call). ELBv2 (ALB) listeners are
 * judged by alb-http-to-https-redirect; NLB TCP/UDP listeners pass traffic through and are not judged.
 *
 * Test: test/core/domain/controls/transmission/elb-tls-listeners.test.ts
 * Fixtures: test/fixtures/controls/edge.ts
 */
import { activity, compliant, nonCompliant, notApplicable, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import {
  CLASSIC_LB,
  CLASSIC_TLS,
  type ClassicListener,
  classicItemListeners,
  classicRequestListeners,
  elbCall,
  itemOf,
} from '../edge-sources';

const named = (ls: ClassicListener[]) => ls.map((l) => `${l.protocol || '?'}:${l.port}`).join(', ');

function judge(listeners: ClassicListener[], prefix: string): Verdict {
  if (listeners.length === 0) return notApplicable(`${prefix}the Classic Load Balancer has no listeners`);
  const plain = listeners.filter((l) => !CLASSIC_TLS.has(l.protocol));
  return plain.length > 0
    ? nonCompliant(`${prefix}the Classic Load Balancer has plaintext listeners (${named(plain)})`)
    : compliant(`${prefix}every listener of the Classic Load Balancer uses TLS (${named(listeners)})`);
}

/** Judges `elb-tls-listeners`: a verdict, or undefined when the facts do not bear on it. */
export const elbTlsListeners: Evaluator = (facts) => {
  const ci = itemOf(facts, CLASSIC_LB);
  if (ci) return judge(classicItemListeners(ci.configuration), '');
  const got = elbCall(facts, 'CreateLoadBalancer', 'CreateLoadBalancerListeners');
  if (!got?.classic) return undefined;
  const { call } = got;
  const added = classicRequestListeners(call.requestParameters);
  if (call.eventName === 'CreateLoadBalancer') return judge(added, `${call.eventName}: `);
  if (added.length === 0) return undefined;
  const plain = added.filter((l) => !CLASSIC_TLS.has(l.protocol));
  return plain.length > 0
    ? nonCompliant(`${call.eventName}: plaintext listeners added (${named(plain)})`)
    : activity(`${call.eventName}: TLS listeners added (${named(added)})`);
};

/** `elb-tls-listeners` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'elb-tls-listeners',
  title: 'Classic Load Balancers listen only over HTTPS or SSL',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  configRules: ['elb-tls-https-listeners-only'],
  prowlerChecks: ['elb_ssl_listeners'],
  cloudTrailEvents: ['CreateLoadBalancer', 'CreateLoadBalancerListeners'],
  resourceTypes: [CLASSIC_LB],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Replace HTTP/TCP listeners with HTTPS/SSL ones (aws elb create-load-balancer-listeners), or move to an ALB that redirects to HTTPS.',
  evaluate: elbTlsListeners,
};
