/**
 * The OpenSearch and SageMaker resources the encryption, transmission, exposure and audit controls read
 * (core/domain/controls/setting-kit.ts): each resource's configuration item types and the calls of its
 * service that carry its settings. Declared once so every control of a resource judges the same calls
 * (and the normalizer files them under the same subject).
 *
 * An OpenSearch domain is recorded by Config twice: as AWS::OpenSearch::Domain (the CloudFormation
 * spelling, `EncryptionAtRestOptions.Enabled`) and as the legacy AWS::Elasticsearch::Domain (camelCase,
 * `encryptionAtRestOptions.enabled`, `vpcoptions`); the readers match member names case-insensitively
 * (core/domain/facts-access.ts), so one name serves both spellings and the calls' camelCase.
 */
import { field } from '../facts-access';
import type { Facts } from '../observation';
import { type ResourceView, resourceView, type SettingSource } from './setting-kit';

/**
 * OpenSearch Service domains, through the current API (CreateDomain, UpdateDomainConfig) and the legacy
 * Elasticsearch one; both are logged by es.amazonaws.com. CreateDomain recurs in other services
 * (CloudSearch, CodeArtifact, SageMaker): only es.amazonaws.com's is judged.
 */
export const OPENSEARCH_DOMAIN: SettingSource = {
  resourceTypes: ['AWS::OpenSearch::Domain', 'AWS::Elasticsearch::Domain'],
  eventSource: 'es.amazonaws.com',
  calls: [
    'CreateDomain',
    'UpdateDomainConfig',
    'CreateElasticsearchDomain',
    'UpdateElasticsearchDomainConfig',
  ],
};

/** SageMaker notebook instances: their key and internet access are set at creation only. */
export const SAGEMAKER_NOTEBOOK: SettingSource = {
  resourceTypes: ['AWS::SageMaker::NotebookInstance'],
  eventSource: 'sagemaker.amazonaws.com',
  calls: ['CreateNotebookInstance'],
};

/** SageMaker endpoint configurations: immutable, so created only. */
export const SAGEMAKER_ENDPOINT_CONFIG: SettingSource = {
  resourceTypes: ['AWS::SageMaker::EndpointConfig'],
  eventSource: 'sagemaker.amazonaws.com',
  calls: ['CreateEndpointConfig'],
};

/**
 * The OpenSearch domain the facts describe, with a reader of its settings by dotted path (e.g.
 * `EncryptionAtRestOptions.Enabled`); undefined for other facts. A call is read from its request, then
 * from its response: a create's `domainStatus`, or an update's `domainConfig`, whose settings are
 * wrapped with their status (`{Options, Status}`).
 */
export function domainView(facts: Facts): ResourceView | undefined {
  const view = resourceView(facts, OPENSEARCH_DOMAIN);
  if (!view) return undefined;
  if (view.via === 'config')
    return { ...view, read: (path) => field(view.ci.configuration, ...path.split('.')) };
  const { requestParameters: req, responseElements: res } = view.call;
  return {
    ...view,
    read: (path) => {
      const [option = '', ...rest] = path.split('.');
      return (
        field(req, option, ...rest) ??
        field(res, 'domainStatus', option, ...rest) ??
        field(res, 'domainConfig', option, 'options', ...rest)
      );
    },
  };
}

/** True for a call that creates the domain: a setting it leaves out takes the API's default. */
export function createsDomain(view: ResourceView): boolean {
  return view.via === 'call' && view.call.eventName.startsWith('Create');
}

/** "OpenSearch domain", as reasons name it. */
export const DOMAIN = 'OpenSearch domain';
