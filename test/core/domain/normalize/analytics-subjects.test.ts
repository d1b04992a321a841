import { describe, expect, it } from 'vitest';
import { deriveArn } from '../../../../core/domain/arn';
import { assess } from '../../../../core/domain/catalog';
import { parseEvent } from '../../../../core/domain/normalize';
import { observe } from '../../../fixtures/builders';
import { serviceCall } from '../../../fixtures/service-call';

const call = serviceCall;

const DOMAIN_ARN = 'arn:aws:es:us-east-1:111122223333:domain/patient-search';

describe('OpenSearch and SageMaker calls are filed under the resource Config names', () => {
  it.each([
    [
      call(
        'es.amazonaws.com',
        'CreateDomain',
        { domainName: 'patient-search', encryptionAtRestOptions: {} },
        { domainStatus: { aRN: DOMAIN_ARN, domainName: 'patient-search' } },
      ),
      'AWS::OpenSearch::Domain',
      '111122223333/patient-search',
      DOMAIN_ARN,
    ],
    [
      call('es.amazonaws.com', 'UpdateDomainConfig', {
        domainName: 'patient-search',
        encryptionAtRestOptions: { enabled: true },
      }),
      'AWS::OpenSearch::Domain',
      '111122223333/patient-search',
      DOMAIN_ARN,
    ],
    [
      call('es.amazonaws.com', 'UpdateElasticsearchDomainConfig', {
        domainName: 'patient-search',
        encryptionAtRestOptions: { enabled: true },
      }),
      'AWS::Elasticsearch::Domain',
      '111122223333/patient-search',
      DOMAIN_ARN,
    ],
    [
      call(
        'sagemaker.amazonaws.com',
        'CreateNotebookInstance',
        { notebookInstanceName: 'Cohort-Analysis', instanceType: 'ml.t3.medium' },
        { notebookInstanceArn: 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/cohort-analysis' },
      ),
      'AWS::SageMaker::NotebookInstance',
      'Cohort-Analysis',
      'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/cohort-analysis',
    ],
    [
      call('sagemaker.amazonaws.com', 'CreateNotebookInstance', { notebookInstanceName: 'Cohort-Analysis' }),
      'AWS::SageMaker::NotebookInstance',
      'Cohort-Analysis',
      'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/cohort-analysis',
    ],
    [
      call('sagemaker.amazonaws.com', 'CreateEndpointConfig', {
        endpointConfigName: 'readmission-model-v4',
        productionVariants: [],
      }),
      'AWS::SageMaker::EndpointConfig',
      'readmission-model-v4',
      'arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/readmission-model-v4',
    ],
  ])('files call %# under its resource, as Config names it', (raw, resourceType, resourceId, arn) => {
    // Prepare / Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ resourceType, resourceId, arn });
    expect(assess(obs).length).toBeGreaterThan(0);
  });

  it.each([
    ['cloudsearch.amazonaws.com', { domainName: 'imdb-movies' }],
    ['sagemaker.amazonaws.com', { domainName: 'studio', authMode: 'IAM' }],
    ['codeartifact.amazonaws.com', { domain: 'packages' }],
  ])('ignores a CreateDomain of %s instead of quarantining it', (source, request) => {
    // Prepare
    const raw = call(source, 'CreateDomain', request);
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toMatchObject({ kind: 'ignored' });
  });

  it('derives the ARN Config rule evaluations name by resource id alone', () => {
    // Prepare / Act / Assess
    const domain = (type: string, id: string) => deriveArn(type, id, '111122223333', 'us-east-1');
    expect(domain('AWS::OpenSearch::Domain', '111122223333/patient-search')).toBe(DOMAIN_ARN);
    expect(domain('AWS::Elasticsearch::Domain', 'patient-search')).toBe(DOMAIN_ARN);
    expect(domain('AWS::SageMaker::NotebookInstance', 'Cohort-Analysis')).toBe(
      'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/cohort-analysis',
    );
    expect(domain('AWS::SageMaker::EndpointConfig', 'readmission-model-v4')).toBe(
      'arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/readmission-model-v4',
    );
  });
});
