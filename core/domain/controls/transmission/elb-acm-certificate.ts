/**
 * `elb-acm-certificate`: load balancer TLS listeners serve certificates from AWS Certificate Manager,
 * which renews ACM-issued certificates and reports expiry (acm-certificate-expiry), rather than
 * certificates uploaded to IAM, which nothing renews or watches (elb-acm-certificate-required for
 * classic load balancers, elbv2-acm-certificate-required for ALB/NLB listeners). Judged from the
 * classic load balancer's item (each HTTPS/SSL listener's `sSLCertificateId`) and the classic
 * CreateLoadBalancer call, and from ELBv2 listener items and CreateListener / ModifyListener (the
 * listener's `certificates`). A listener naming no certificate is not judged.
 *
 * Test: test/core/domain/controls/transmission/elb-acm-certificate.test.ts
 * Fixtures: test/fixtures/controls/edge.ts
 */
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import {
  CLASSIC_LB,
  CLASSIC_TLS,
  classicItemListeners,
  classicRequestListeners,
  elbCall,
  itemOf,
  V2_LISTENER,
  V2_LISTENER_CALLS,
  v2ListenerOf,
} from '../edge-sources';

/** True for an ACM certificate ARN (arn:<partition>:acm:...); IAM server certificates are arn:...:iam::. */
const fromAcm = (arn: string): boolean => /^arn:[^:]+:acm:/.test(arn);

function judge(certificates: string[], prefix: string, noun: string): Verdict | undefined {
  if (certificates.length === 0) return undefined;
  const other = certificates.filter((c) => !fromAcm(c));
  return other.length > 0
    ? nonCompliant(`${prefix}${noun} serves certificates not from ACM (${other.join(', ')})`)
    : compliant(`${prefix}${noun} serves certificates from ACM only`);
}

/** Judges `elb-acm-certificate`: a verdict, or undefined when the facts do not bear on it. */
export const elbAcmCertificate: Evaluator = (facts) => {
  const ci = itemOf(facts, CLASSIC_LB);
  const certsOf = (ls: ReturnType<typeof classicItemListeners>) =>
    ls.filter((l) => CLASSIC_TLS.has(l.protocol)).flatMap((l) => l.certificate ?? []);
  if (ci) return judge(certsOf(classicItemListeners(ci.configuration)), '', 'the Classic Load Balancer');
  const created = elbCall(facts, 'CreateLoadBalancer');
  if (created?.classic)
    return judge(
      certsOf(classicRequestListeners(created.call.requestParameters)),
      `${created.call.eventName}: `,
      'the Classic Load Balancer',
    );
  const seen = v2ListenerOf(facts);
  if (!seen) return undefined;
  return judge(seen.listener.certificates, seen.prefix, `the listener on port ${seen.listener.port}`);
};

/** `elb-acm-certificate` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'elb-acm-certificate',
  title: 'Load balancer TLS listeners use certificates from ACM',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  configRules: ['elb-acm-certificate-required', 'elbv2-acm-certificate-required'],
  cloudTrailEvents: ['CreateLoadBalancer', ...V2_LISTENER_CALLS],
  resourceTypes: [CLASSIC_LB, V2_LISTENER],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Request or import the certificate in ACM and point the listener at its ARN (aws elbv2 modify-listener --certificates).',
  evaluate: elbAcmCertificate,
};
