/**
 * `opensearch-node-to-node-encryption`: OpenSearch Service (and legacy Elasticsearch) domains encrypt
 * the traffic between their nodes with TLS. Judged from the configuration item's
 * `NodeToNodeEncryptionOptions.Enabled` (either spelling) and from the create and update calls that set
 * it (request, else the response's domain status or configuration). A domain created without the option,
 * or recorded without it, does not encrypt: that is the API's default.
 *
 * Test: test/core/domain/controls/transmission/opensearch-node-to-node-encryption.test.ts
 * Fixtures: test/fixtures/controls/analytics.ts
 */
import { createsDomain, DOMAIN, domainView, OPENSEARCH_DOMAIN } from '../analytics-sources';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { flagVerdict } from '../setting-kit';

/** Judges `opensearch-node-to-node-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const opensearchNodeToNodeEncryption: Evaluator = (facts) => {
  const view = domainView(facts);
  if (!view) return undefined;
  const enabled = view.read('NodeToNodeEncryptionOptions.Enabled');
  return flagVerdict(view, enabled ?? (view.via === 'config' || createsDomain(view) ? false : undefined), {
    noun: DOMAIN,
    safe: true,
    on: 'encrypts traffic between its nodes',
    off: 'sends traffic between its nodes unencrypted',
  });
};

/** `opensearch-node-to-node-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'opensearch-node-to-node-encryption',
  title: 'OpenSearch domains encrypt node-to-node traffic',
  family: 'transmission',
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  configRules: ['opensearch-node-to-node-encryption-check', 'elasticsearch-node-to-node-encryption-check'],
  prowlerChecks: ['opensearch_service_domains_node_to_node_encryption_enabled'],
  cloudTrailEvents: [...OPENSEARCH_DOMAIN.calls],
  resourceTypes: [...OPENSEARCH_DOMAIN.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Enable node-to-node encryption (aws opensearch update-domain-config --node-to-node-encryption-options Enabled=true).',
  evaluate: opensearchNodeToNodeEncryption,
};
