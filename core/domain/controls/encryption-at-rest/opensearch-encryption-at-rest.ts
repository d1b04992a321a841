/**
 * `opensearch-encryption-at-rest`: OpenSearch Service (and legacy Elasticsearch) domains encrypt their
 * indices, logs, swap files and automated snapshots at rest with a KMS key. Judged from the
 * configuration item's `EncryptionAtRestOptions.Enabled` (AWS::OpenSearch::Domain, or the legacy
 * AWS::Elasticsearch::Domain's `encryptionAtRestOptions.enabled`) and from the create and update calls
 * that set it (request, else the response's domain status or configuration). A domain created without
 * the option, or recorded without it, is not encrypted: that is the API's default.
 *
 * Test: test/core/domain/controls/encryption-at-rest/opensearch-encryption-at-rest.test.ts
 * Fixtures: test/fixtures/controls/analytics.ts
 */
import { createsDomain, DOMAIN, domainView, OPENSEARCH_DOMAIN } from '../analytics-sources';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { flagVerdict } from '../setting-kit';

/** Judges `opensearch-encryption-at-rest`: a verdict, or undefined when the facts do not bear on it. */
export const opensearchEncryptionAtRest: Evaluator = (facts) => {
  const view = domainView(facts);
  if (!view) return undefined;
  const enabled = view.read('EncryptionAtRestOptions.Enabled');
  return flagVerdict(view, enabled ?? (view.via === 'config' || createsDomain(view) ? false : undefined), {
    noun: DOMAIN,
    safe: true,
    on: 'is encrypted at rest',
    off: 'is not encrypted at rest',
  });
};

/** `opensearch-encryption-at-rest` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'opensearch-encryption-at-rest',
  title: 'OpenSearch domains are encrypted at rest',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['opensearch-encrypted-at-rest', 'elasticsearch-encrypted-at-rest'],
  prowlerChecks: ['opensearch_service_domains_encryption_at_rest_enabled'],
  cloudTrailEvents: [...OPENSEARCH_DOMAIN.calls],
  resourceTypes: [...OPENSEARCH_DOMAIN.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Enable encryption at rest with a KMS key (aws opensearch update-domain-config --encryption-at-rest-options Enabled=true,KmsKeyId=...).',
  evaluate: opensearchEncryptionAtRest,
};
