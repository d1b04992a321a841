/**
 * `elb-security-policy`: load balancer listeners that terminate TLS negotiate nothing older than TLS
 * 1.2. A Classic Load Balancer's HTTPS/SSL listener uses a predefined TLS 1.2 policy
 * (elb-predefined-security-policy-ssl-check names ELBSecurityPolicy-TLS-1-2-2017-01; any predefined
 * policy whose name says TLS 1.2 or 1.3 at least is accepted here); an ALB HTTPS or NLB TLS listener's
 * `sslPolicy` is one of those. A classic listener's policy is read by name, or through its
 * Reference-Security-Policy attribute when the item's supplementary `LoadBalancerPolicies` lists it
 * (the sweep's elb collector writes it); a custom policy that references no predefined one is
 * NON_COMPLIANT, as the rule judges it. Judged from classic load balancer and ELBv2 listener items,
 * from CreateListener / ModifyListener (the listener they leave), and from
 * SetLoadBalancerPoliciesOfListener (one classic listener: an old predefined policy is NON_COMPLIANT,
 * a TLS 1.2 one is activity, since the load balancer's other listeners are not in the call).
 *
 * Test: test/core/domain/controls/transmission/elb-security-policy.test.ts
 * Fixtures: test/fixtures/controls/edge.ts
 */
import { field, list, str } from '../../facts-access';
import { activity, compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import {
  CLASSIC_LB,
  CLASSIC_TLS,
  type ClassicListener,
  classicItemListeners,
  elbCall,
  isPredefinedPolicy,
  isTls12Policy,
  itemOf,
  member,
  text,
  V2_LISTENER,
  V2_LISTENER_CALLS,
  V2_TLS,
  v2ListenerOf,
} from '../edge-sources';

const REFERENCE = 'Reference-Security-Policy';

/** policy name -> the predefined policy it references, from DescribeLoadBalancerPolicies' answer. */
function references(policies: unknown): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const p of list(policies)) {
    const name = text(p, 'policyName');
    if (!name) continue;
    const ref = list(member(p, 'policyAttributeDescriptions')).find(
      (a) => text(a, 'attributeName') === REFERENCE,
    );
    out.set(name, text(ref, 'attributeValue') ?? null);
  }
  return out;
}

/**
 * The predefined policy a classic listener negotiates with: a policy named as a predefined one, or
 * one that references one. Null when its policies are known to reference none; undefined when that
 * cannot be told (a custom name and no policy descriptions).
 */
function classicPolicyOf(
  l: ClassicListener,
  refs: Map<string, string | null> | undefined,
): string | null | undefined {
  for (const name of l.policyNames) {
    const ref = refs?.get(name);
    if (ref) return ref;
    if (isPredefinedPolicy(name)) return name;
  }
  return refs || l.policyNames.length === 0 ? null : undefined;
}

function judgeClassic(configuration: unknown, supplementary: unknown): Verdict | undefined {
  const tls = classicItemListeners(configuration).filter((l) => CLASSIC_TLS.has(l.protocol));
  if (tls.length === 0) return undefined;
  const policies = member(supplementary, 'LoadBalancerPolicies');
  const refs = Array.isArray(policies) ? references(policies) : undefined;
  const problems: string[] = [];
  const good: string[] = [];
  for (const l of tls) {
    const policy = classicPolicyOf(l, refs);
    if (policy === undefined) continue;
    if (policy === null) problems.push(`${l.protocol}:${l.port} uses no predefined security policy`);
    else if (!isTls12Policy(policy))
      problems.push(`${l.protocol}:${l.port} uses ${policy} (allows TLS < 1.2)`);
    else good.push(`${l.protocol}:${l.port} ${policy}`);
  }
  if (problems.length > 0) return nonCompliant(`the Classic Load Balancer's ${problems.join('; ')}`);
  return good.length > 0
    ? compliant(`every TLS listener of the Classic Load Balancer negotiates TLS 1.2+ (${good.join(', ')})`)
    : undefined;
}

/** Judges `elb-security-policy`: a verdict, or undefined when the facts do not bear on it. */
export const elbSecurityPolicy: Evaluator = (facts) => {
  const ci = itemOf(facts, CLASSIC_LB);
  if (ci) return judgeClassic(ci.configuration, ci.supplementaryConfiguration);
  const set = elbCall(facts, 'SetLoadBalancerPoliciesOfListener');
  if (set) {
    const req = set.call.requestParameters;
    const names = list(field(req, 'policyNames')).flatMap((n) => str(n) ?? []);
    const predefined = names.filter(isPredefinedPolicy);
    const port = String(field(req, 'loadBalancerPort') ?? '?');
    if (predefined.length === 0) return undefined;
    const strong = predefined.find(isTls12Policy);
    return strong
      ? activity(`${set.call.eventName}: the listener on port ${port} set to ${strong} (TLS 1.2+)`)
      : nonCompliant(
          `${set.call.eventName}: the listener on port ${port} set to ${predefined.join(', ')} (allows TLS < 1.2)`,
        );
  }
  const seen = v2ListenerOf(facts);
  if (!seen || !V2_TLS.has(seen.listener.protocol)) return undefined;
  const { listener: l, prefix } = seen;
  const where = `${prefix}the ${l.protocol} listener on port ${l.port}`;
  if (!l.sslPolicy) return seen.prefix ? undefined : nonCompliant(`${where} names no security policy`);
  return isTls12Policy(l.sslPolicy)
    ? compliant(`${where} uses ${l.sslPolicy} (TLS 1.2+)`)
    : nonCompliant(`${where} uses ${l.sslPolicy} (allows TLS < 1.2)`);
};

/** `elb-security-policy` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'elb-security-policy',
  title: 'Load balancer TLS listeners use a TLS 1.2+ security policy',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  configRules: ['elb-predefined-security-policy-ssl-check'],
  cloudTrailEvents: ['SetLoadBalancerPoliciesOfListener', ...V2_LISTENER_CALLS],
  resourceTypes: [CLASSIC_LB, V2_LISTENER],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [
    {
      api: 'elb:DescribeLoadBalancerPolicies',
      iamAction: 'elasticloadbalancing:DescribeLoadBalancerPolicies',
      scope: 'unscoped',
    },
  ],
  remediation:
    'Use a TLS 1.2+ policy (aws elbv2 modify-listener --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06; classic: ...-TLS-1-2-2017-01).',
  evaluate: elbSecurityPolicy,
};
