import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/opensearch-encryption-at-rest';
import { apiCallFacts, configFacts, observationOf } from '../../../../fixtures/builders';
import {
  elasticsearchDomain,
  openDomain,
  openSearchCall,
  openSearchDomain,
} from '../../../../fixtures/controls/analytics';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'OpenSearch domain CI encrypted at rest',
    observation: fromFacts(configFacts('AWS::OpenSearch::Domain', openSearchDomain())),
    status: 'COMPLIANT',
  },
  {
    name: 'OpenSearch domain CI not encrypted',
    observation: fromFacts(configFacts('AWS::OpenSearch::Domain', openDomain())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'legacy Elasticsearch domain CI encrypted at rest',
    observation: fromFacts(configFacts('AWS::Elasticsearch::Domain', elasticsearchDomain())),
    status: 'COMPLIANT',
  },
  {
    name: 'legacy Elasticsearch domain CI recorded without the option',
    observation: fromFacts(
      configFacts('AWS::Elasticsearch::Domain', { ...elasticsearchDomain(), encryptionAtRestOptions: {} }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDomain with an empty option, the response reporting it off',
    observation: fromFacts(
      openSearchCall(
        'CreateDomain',
        { domainName: 'test-domain', engineVersion: 'OpenSearch_1.0', encryptionAtRestOptions: {} },
        { domainStatus: { domainName: 'test-domain', encryptionAtRestOptions: { enabled: false } } },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDomain with encryption at rest',
    observation: fromFacts(
      openSearchCall('CreateDomain', {
        domainName: 'patient-search',
        encryptionAtRestOptions: { enabled: true, kmsKeyId: 'alias/opensearch' },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'UpdateDomainConfig turning encryption at rest on',
    observation: fromFacts(
      openSearchCall('UpdateDomainConfig', {
        domainName: 'scratch-search',
        encryptionAtRestOptions: { enabled: true },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'UpdateElasticsearchDomainConfig whose response reports it off',
    observation: fromFacts(
      openSearchCall(
        'UpdateElasticsearchDomainConfig',
        { domainName: 'claims-search', elasticsearchClusterConfig: { instanceCount: 3 } },
        {
          domainConfig: {
            encryptionAtRestOptions: { options: { enabled: false }, status: { state: 'Active' } },
          },
        },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateElasticsearchDomain without the option (the default is off)',
    observation: fromFacts(
      openSearchCall('CreateElasticsearchDomain', { domainName: 'legacy', elasticsearchVersion: '7.10' }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('opensearch-encryption-at-rest on facts that do not bear on it', () => {
  it.each([
    [
      'an UpdateDomainConfig that leaves encryption alone',
      openSearchCall('UpdateDomainConfig', { domainName: 'patient-search', accessPolicies: '{}' }),
    ],
    [
      'a CloudSearch CreateDomain',
      apiCallFacts('CreateDomain', {
        eventSource: 'cloudsearch.amazonaws.com',
        requestParameters: { domainName: 'imdb-movies' },
      }),
    ],
    ['an RDS DB instance', configFacts('AWS::RDS::DBInstance', { storageEncrypted: false })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
