/**
 * `cloudfront-https`: CloudFront distributions serve viewers over HTTPS only: the default cache
 * behavior and every other cache behavior have `viewerProtocolPolicy` redirect-to-https or
 * https-only, as Prowler's cloudfront_distributions_https_enabled requires (and CloudFront's own
 * cloudfront-viewer-policy-https rule, not in the HIPAA pack). Judged from the distribution's item
 * (`distributionConfig`, or a ListDistributions summary as the sweep writes it) and from
 * CreateDistribution(WithTags) / UpdateDistribution, whose request carries the whole config.
 *
 * Test: test/core/domain/controls/transmission/cloudfront-https.test.ts
 * Fixtures: test/fixtures/controls/edge.ts
 */
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import {
  CLOUDFRONT_CALLS,
  CLOUDFRONT_DISTRIBUTION,
  cloudFrontItems,
  distributionConfigOf,
  member,
  text,
} from '../edge-sources';

const HTTPS_POLICIES = new Set(['redirect-to-https', 'https-only']);

/** Judges `cloudfront-https`: a verdict, or undefined when the facts do not bear on it. */
export const cloudfrontHttps: Evaluator = (facts) => {
  const seen = distributionConfigOf(facts);
  if (!seen) return undefined;
  const { config, prefix } = seen;
  const defaultPolicy = text(member(config, 'defaultCacheBehavior'), 'viewerProtocolPolicy');
  if (!defaultPolicy) return undefined;
  const behaviors = [
    { path: 'default', policy: defaultPolicy },
    ...cloudFrontItems(member(config, 'cacheBehaviors')).map((b) => ({
      path: text(b, 'pathPattern') ?? '?',
      policy: text(b, 'viewerProtocolPolicy') ?? 'allow-all',
    })),
  ];
  const open = behaviors.filter((b) => !HTTPS_POLICIES.has(b.policy));
  return open.length > 0
    ? nonCompliant(
        `${prefix}the distribution serves plain HTTP on ${open.map((b) => `${b.path} (${b.policy})`).join(', ')}`,
      )
    : compliant(`${prefix}every cache behavior of the distribution requires HTTPS (${behaviors.length})`);
};

/** `cloudfront-https` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'cloudfront-https',
  title: 'CloudFront distributions require HTTPS from viewers',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  configRules: ['cloudfront-viewer-policy-https'],
  prowlerChecks: ['cloudfront_distributions_https_enabled'],
  cloudTrailEvents: [...CLOUDFRONT_CALLS],
  resourceTypes: [CLOUDFRONT_DISTRIBUTION],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    "Set every cache behavior's viewer protocol policy to redirect-to-https or https-only (aws cloudfront update-distribution).",
  evaluate: cloudfrontHttps,
};
