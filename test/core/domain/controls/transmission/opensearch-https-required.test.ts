import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/transmission/opensearch-https-required';
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
    name: 'OpenSearch domain CI enforcing HTTPS',
    observation: fromFacts(configFacts('AWS::OpenSearch::Domain', openSearchDomain())),
    status: 'COMPLIANT',
  },
  {
    name: 'OpenSearch domain CI accepting HTTP',
    observation: fromFacts(configFacts('AWS::OpenSearch::Domain', openDomain())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'legacy Elasticsearch domain CI enforcing HTTPS',
    observation: fromFacts(configFacts('AWS::Elasticsearch::Domain', elasticsearchDomain())),
    status: 'COMPLIANT',
  },
  {
    name: 'legacy Elasticsearch domain CI with HTTPS off',
    observation: fromFacts(
      configFacts('AWS::Elasticsearch::Domain', {
        ...elasticsearchDomain(),
        domainEndpointOptions: { enforceHTTPS: false },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDomain enforcing HTTPS',
    observation: fromFacts(
      openSearchCall('CreateDomain', {
        domainName: 'patient-search',
        domainEndpointOptions: { enforceHTTPS: true, tLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'UpdateDomainConfig turning HTTPS enforcement off',
    observation: fromFacts(
      openSearchCall('UpdateDomainConfig', {
        domainName: 'patient-search',
        domainEndpointOptions: { enforceHTTPS: false },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateDomainConfig whose response reports HTTPS enforced',
    observation: fromFacts(
      openSearchCall(
        'UpdateDomainConfig',
        { domainName: 'patient-search', advancedOptions: {} },
        { domainConfig: { domainEndpointOptions: { options: { enforceHTTPS: true }, status: {} } } },
      ),
    ),
    status: 'COMPLIANT',
  },
]);

describe('opensearch-https-required on facts that do not bear on it', () => {
  it.each([
    [
      'an UpdateDomainConfig that leaves the endpoint alone',
      openSearchCall('UpdateDomainConfig', { domainName: 'patient-search', accessPolicies: '{}' }),
    ],
    ['an S3 bucket', configFacts('AWS::S3::Bucket', {})],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
