/**
 * `opensearch-https-required`: OpenSearch Service (and legacy Elasticsearch) domains refuse plain HTTP
 * on their endpoint. Judged from the configuration item's `DomainEndpointOptions.EnforceHTTPS` (either
 * spelling) and from the create and update calls that set it (request, else the response's domain
 * status or configuration). A domain created without the option, or recorded without it, accepts HTTP:
 * that is the API's default.
 *
 * Test: test/core/domain/controls/transmission/opensearch-https-required.test.ts
 * Fixtures: test/fixtures/controls/analytics.ts
 */
import { createsDomain, DOMAIN, domainView, OPENSEARCH_DOMAIN } from '../analytics-sources';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { flagVerdict } from '../setting-kit';

/** Judges `opensearch-https-required`: a verdict, or undefined when the facts do not bear on it. */
export const opensearchHttpsRequired: Evaluator = (facts) => {
  const view = domainView(facts);
  if (!view) return undefined;
  const enforced = view.read('DomainEndpointOptions.EnforceHTTPS');
  return flagVerdict(view, enforced ?? (view.via === 'config' || createsDomain(view) ? false : undefined), {
    noun: DOMAIN,
    safe: true,
    on: 'requires HTTPS on its endpoint',
    off: 'accepts plain HTTP on its endpoint',
  });
};

/** `opensearch-https-required` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'opensearch-https-required',
  title: 'OpenSearch domains require HTTPS',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  configRules: ['opensearch-https-required'],
  cloudTrailEvents: [...OPENSEARCH_DOMAIN.calls],
  resourceTypes: [...OPENSEARCH_DOMAIN.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Require HTTPS with a TLS 1.2 policy (aws opensearch update-domain-config --domain-endpoint-options EnforceHTTPS=true,...).',
  evaluate: opensearchHttpsRequired,
};
