import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/audit/opensearch-audit-logs';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import {
  elasticsearchDomain,
  openDomain,
  openSearchCall,
  openSearchDomain,
} from '../../../../fixtures/controls/analytics';
import { describeControl, fromFacts } from '../control-cases';

const LOG_GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/opensearch/patient-search';

describeControl(control, [
  {
    name: 'OpenSearch domain CI publishing application logs',
    observation: fromFacts(configFacts('AWS::OpenSearch::Domain', openSearchDomain())),
    status: 'COMPLIANT',
  },
  {
    name: 'OpenSearch domain CI publishing no logs',
    observation: fromFacts(configFacts('AWS::OpenSearch::Domain', openDomain())),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'OpenSearch domain CI with log publishing turned off',
    observation: fromFacts(
      configFacts('AWS::OpenSearch::Domain', {
        ...openSearchDomain(),
        LogPublishingOptions: {
          ES_APPLICATION_LOGS: { CloudWatchLogsLogGroupArn: LOG_GROUP, Enabled: false },
        },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'legacy Elasticsearch domain CI publishing application logs',
    observation: fromFacts(configFacts('AWS::Elasticsearch::Domain', elasticsearchDomain())),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateDomain without log publishing',
    observation: fromFacts(openSearchCall('CreateDomain', { domainName: 'scratch-search' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateDomainConfig publishing audit logs',
    observation: fromFacts(
      openSearchCall('UpdateDomainConfig', {
        domainName: 'patient-search',
        logPublishingOptions: { AUDIT_LOGS: { cloudWatchLogsLogGroupArn: LOG_GROUP, enabled: true } },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'UpdateDomainConfig whose response shows every log type off',
    observation: fromFacts(
      openSearchCall(
        'UpdateDomainConfig',
        {
          domainName: 'patient-search',
          logPublishingOptions: { ES_APPLICATION_LOGS: { enabled: false } },
        },
        {
          domainConfig: {
            logPublishingOptions: {
              options: { ES_APPLICATION_LOGS: { cloudWatchLogsLogGroupArn: LOG_GROUP, enabled: false } },
              status: { state: 'Processing' },
            },
          },
        },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('opensearch-audit-logs on facts that do not bear on it', () => {
  it.each([
    [
      'an UpdateDomainConfig turning one log type off, without a response (the others are unknown)',
      openSearchCall('UpdateDomainConfig', {
        domainName: 'patient-search',
        logPublishingOptions: { SEARCH_SLOW_LOGS: { enabled: false } },
      }),
    ],
    [
      'an UpdateDomainConfig that leaves logging alone',
      openSearchCall('UpdateDomainConfig', { domainName: 'patient-search', accessPolicies: '{}' }),
    ],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
