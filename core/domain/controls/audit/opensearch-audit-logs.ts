/**
 * `opensearch-audit-logs`: OpenSearch Service (and legacy Elasticsearch) domains publish their logs to
 * CloudWatch Logs. As the opensearch-logs-to-cloudwatch and elasticsearch-logs-to-cloudwatch rules judge
 * it without their optional `logTypes` parameter (the HIPAA pack sets none), a domain publishing any of
 * its log types (application, search and index slow logs, audit) complies, and the reason names which.
 * Judged from the configuration item's `LogPublishingOptions` (either spelling) and from the create and
 * update calls that set it: the response's domain status or configuration (the whole state), else the
 * request, where an update names only the log types it changes (turning one off says nothing of the
 * others). A domain created without log publishing publishes none: that is the API's default.
 *
 * Test: test/core/domain/controls/audit/opensearch-audit-logs.test.ts
 * Fixtures: test/fixtures/controls/analytics.ts
 */
import { bool, field } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { createsDomain, DOMAIN, domainView, OPENSEARCH_DOMAIN } from '../analytics-sources';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { type ResourceView, subjectOf } from '../setting-kit';

/**
 * The domain's log publishing options and whether they are its whole state: a configuration item's and
 * a call's response are; an update's request names only the log types it changes.
 */
function logOptions(view: ResourceView): { options: unknown; whole: boolean } {
  if (view.via === 'config') return { options: view.read('LogPublishingOptions'), whole: true };
  const res = view.call.responseElements;
  const answered =
    field(res, 'domainStatus', 'LogPublishingOptions') ??
    field(res, 'domainConfig', 'LogPublishingOptions', 'Options');
  if (answered !== undefined) return { options: answered, whole: true };
  return { options: field(view.call.requestParameters, 'LogPublishingOptions'), whole: createsDomain(view) };
}

/** Judges `opensearch-audit-logs`: a verdict, or undefined when the facts do not bear on it. */
export const opensearchAuditLogs: Evaluator = (facts) => {
  const view = domainView(facts);
  if (!view) return undefined;
  const { options, whole } = logOptions(view);
  const who = subjectOf(view, DOMAIN);
  const published =
    options !== null && typeof options === 'object' && !Array.isArray(options)
      ? Object.entries(options)
          .filter(([, o]) => bool(field(o, 'Enabled')) === true)
          .map(([type]) => type)
          .sort()
      : [];
  if (published.length > 0) return compliant(`${who} publishes ${published.join(', ')} to CloudWatch Logs`);
  // an update that turns some log types off leaves the others as they were
  return whole ? nonCompliant(`${who} publishes no logs to CloudWatch Logs`) : undefined;
};

/** `opensearch-audit-logs` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'opensearch-audit-logs',
  title: 'OpenSearch domains publish logs to CloudWatch Logs',
  family: 'audit',
  citations: ['164.312(b)'],
  configRules: ['opensearch-logs-to-cloudwatch', 'elasticsearch-logs-to-cloudwatch'],
  cloudTrailEvents: [...OPENSEARCH_DOMAIN.calls],
  resourceTypes: [...OPENSEARCH_DOMAIN.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Publish the domain’s application and audit logs to CloudWatch Logs (aws opensearch update-domain-config --log-publishing-options).',
  evaluate: opensearchAuditLogs,
};
