/**
 * `opensearch-in-vpc`: OpenSearch Service (and legacy Elasticsearch) domains are reachable only inside a
 * VPC, never through a public endpoint. Judged from the configuration item's `VPCOptions` (Config's
 * legacy spelling is `vpcoptions`): a domain with subnets is in a VPC, one without is public. A domain's
 * network is chosen at creation, so a create call without VPC options makes a public domain; an update
 * that changes subnets or security groups is of a VPC domain. Other updates say nothing about it.
 *
 * Test: test/core/domain/controls/public-exposure/opensearch-in-vpc.test.ts
 * Fixtures: test/fixtures/controls/analytics.ts
 */
import { list, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { createsDomain, DOMAIN, domainView, OPENSEARCH_DOMAIN } from '../analytics-sources';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { subjectOf } from '../setting-kit';

/** Judges `opensearch-in-vpc`: a verdict, or undefined when the facts do not bear on it. */
export const opensearchInVpc: Evaluator = (facts) => {
  const view = domainView(facts);
  if (!view) return undefined;
  const subnets = list(view.read('VPCOptions.SubnetIds'));
  const vpc = str(view.read('VPCOptions.VPCId'));
  const who = subjectOf(view, DOMAIN);
  if (subnets.length > 0 || vpc) return compliant(`${who} is reachable only inside ${vpc ?? 'its VPC'}`);
  if (view.via === 'config' || createsDomain(view))
    return nonCompliant(`${who} has a public endpoint (no VPC options)`);
  return undefined;
};

/** `opensearch-in-vpc` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'opensearch-in-vpc',
  title: 'OpenSearch domains are in a VPC',
  family: 'public-exposure',
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  configRules: ['opensearch-in-vpc-only', 'elasticsearch-in-vpc-only'],
  cloudTrailEvents: [...OPENSEARCH_DOMAIN.calls],
  resourceTypes: [...OPENSEARCH_DOMAIN.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Snapshot the domain, restore it into a new domain in VPC subnets (a public domain cannot move) and switch clients.',
  evaluate: opensearchInVpc,
};
