import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/transmission/opensearch-node-to-node-encryption';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import {
  elasticsearchDomain,
  openDomain,
  openSearchCall,
  openSearchDomain,
} from '../../../../fixtures/controls/analytics';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'OpenSearch domain CI encrypting node-to-node traffic',
    observation: fromFacts(configFacts('AWS::OpenSearch::Domain', openSearchDomain())),
    status: 'COMPLIANT',
  },
  {
    name: 'OpenSearch domain CI without node-to-node encryption',
    observation: fromFacts(configFacts('AWS::OpenSearch::Domain', openDomain())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'legacy Elasticsearch domain CI encrypting node-to-node traffic',
    observation: fromFacts(configFacts('AWS::Elasticsearch::Domain', elasticsearchDomain())),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateDomain without the option, the response reporting it off',
    observation: fromFacts(
      openSearchCall(
        'CreateDomain',
        { domainName: 'scratch-search', engineVersion: 'OpenSearch_2.13' },
        { domainStatus: { domainName: 'scratch-search', nodeToNodeEncryptionOptions: { enabled: false } } },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateDomainConfig turning node-to-node encryption on',
    observation: fromFacts(
      openSearchCall('UpdateDomainConfig', {
        domainName: 'scratch-search',
        nodeToNodeEncryptionOptions: { enabled: true },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateElasticsearchDomain with node-to-node encryption',
    observation: fromFacts(
      openSearchCall('CreateElasticsearchDomain', {
        domainName: 'claims-search',
        nodeToNodeEncryptionOptions: { enabled: true },
      }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('opensearch-node-to-node-encryption on facts that do not bear on it', () => {
  it.each([
    [
      'an UpdateDomainConfig that leaves the option alone',
      openSearchCall('UpdateDomainConfig', { domainName: 'patient-search', accessPolicies: '{}' }),
    ],
    ['a Redshift cluster', configFacts('AWS::Redshift::Cluster', { encrypted: true })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
