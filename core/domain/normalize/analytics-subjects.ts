/**
 * The subjects of the OpenSearch and SageMaker calls the catalog judges
 * (core/domain/controls/analytics-sources.ts), named as AWS Config names the resources so that calls,
 * Config items and the sweep's items of one resource share a subject (its ARN keys it).
 */
import type { CloudTrailRecord, Subject } from '../../../evidence-schemas';
import { partitionOf } from '../arn';
import {
  OPENSEARCH_DOMAIN,
  SAGEMAKER_ENDPOINT_CONFIG,
  SAGEMAKER_NOTEBOOK,
} from '../controls/analytics-sources';
import { field, str } from '../facts-access';
import { makeSubject } from './subject';

/**
 * The service each OpenSearch and SageMaker call is judged from. CreateDomain recurs in CloudSearch,
 * CodeArtifact, SageMaker and Voice ID: those calls bear on no control.
 */
export const ANALYTICS_EVENT_SOURCES: ReadonlyMap<string, string> = new Map(
  [OPENSEARCH_DOMAIN, SAGEMAKER_NOTEBOOK, SAGEMAKER_ENDPOINT_CONFIG].flatMap((s) =>
    s.calls.map((name) => [name, s.eventSource] as const),
  ),
);

/** True when the call's name is an OpenSearch or SageMaker call's but another service made it. */
export function fromAnotherAnalyticsService(r: CloudTrailRecord): boolean {
  const source = ANALYTICS_EVENT_SOURCES.get(r.eventName);
  return source !== undefined && source !== r.eventSource;
}

/**
 * The resource an OpenSearch or SageMaker call acts on, or undefined for other calls. A domain is
 * named by its domain id (`<account>/<name>`, as DescribeDomains and Config name it) and its ARN; the
 * legacy API's calls are filed under the legacy type. SageMaker lower-cases the names in its ARNs.
 */
export function analyticsSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  if (fromAnotherAnalyticsService(r) || !ANALYTICS_EVENT_SOURCES.has(r.eventName)) return undefined;
  const req = r.requestParameters ?? {};
  const res = r.responseElements ?? {};
  const region = r.awsRegion;
  const arnOf = (service: string, resource: string) =>
    `arn:${partitionOf(region)}:${service}:${region}:${account}:${resource}`;
  if (OPENSEARCH_DOMAIN.calls.includes(r.eventName)) {
    const name = str(field(req, 'domainName'));
    if (!name) return undefined;
    const type = r.eventName.includes('Elasticsearch')
      ? 'AWS::Elasticsearch::Domain'
      : 'AWS::OpenSearch::Domain';
    const arn = str(field(res, 'domainStatus', 'ARN')) ?? arnOf('es', `domain/${name}`);
    return makeSubject(account, region, type, `${account}/${name}`, arn);
  }
  if (SAGEMAKER_NOTEBOOK.calls.includes(r.eventName)) {
    const name = str(field(req, 'notebookInstanceName'));
    if (!name) return undefined;
    const arn =
      str(field(res, 'notebookInstanceArn')) ?? arnOf('sagemaker', `notebook-instance/${name.toLowerCase()}`);
    return makeSubject(account, region, 'AWS::SageMaker::NotebookInstance', name, arn);
  }
  const name = str(field(req, 'endpointConfigName'));
  if (!name) return undefined;
  const arn =
    str(field(res, 'endpointConfigArn')) ?? arnOf('sagemaker', `endpoint-config/${name.toLowerCase()}`);
  return makeSubject(account, region, 'AWS::SageMaker::EndpointConfig', name, arn);
}
