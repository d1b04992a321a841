import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/public-exposure/opensearch-in-vpc';
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
    name: 'OpenSearch domain CI in VPC subnets',
    observation: fromFacts(configFacts('AWS::OpenSearch::Domain', openSearchDomain())),
    status: 'COMPLIANT',
  },
  {
    name: 'OpenSearch domain CI with a public endpoint',
    observation: fromFacts(configFacts('AWS::OpenSearch::Domain', openDomain())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'legacy Elasticsearch domain CI in a VPC (Config’s vpcoptions)',
    observation: fromFacts(configFacts('AWS::Elasticsearch::Domain', elasticsearchDomain())),
    status: 'COMPLIANT',
  },
  {
    name: 'legacy Elasticsearch domain CI without VPC options',
    observation: fromFacts(
      configFacts('AWS::Elasticsearch::Domain', { ...elasticsearchDomain(), vpcoptions: undefined }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDomain in VPC subnets',
    observation: fromFacts(
      openSearchCall('CreateDomain', {
        domainName: 'patient-search',
        vPCOptions: { subnetIds: ['subnet-0a1b2c3d4e5f60718'], securityGroupIds: ['sg-0123456789abcdef0'] },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateElasticsearchDomain without VPC options (a public endpoint)',
    observation: fromFacts(
      openSearchCall(
        'CreateElasticsearchDomain',
        { domainName: 'legacy', elasticsearchVersion: '7.10' },
        { domainStatus: { domainName: 'legacy', endpoint: 'search-legacy-abc.us-east-1.es.amazonaws.com' } },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateDomainConfig changing the subnets of a VPC domain',
    observation: fromFacts(
      openSearchCall('UpdateDomainConfig', {
        domainName: 'patient-search',
        vPCOptions: { subnetIds: ['subnet-0f1e2d3c4b5a69788'] },
      }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('opensearch-in-vpc on facts that do not bear on it', () => {
  it.each([
    [
      'an UpdateDomainConfig that leaves the network alone',
      openSearchCall('UpdateDomainConfig', { domainName: 'patient-search', accessPolicies: '{}' }),
    ],
    ['an EC2 instance', configFacts('AWS::EC2::Instance', { publicIpAddress: '203.0.113.10' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
