import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/sagemaker-notebook-kms';
import { apiCallFacts, configFacts, observationOf } from '../../../../fixtures/builders';
import { notebookInstance, sageMakerCall } from '../../../../fixtures/controls/analytics';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'notebook instance CI with a customer-managed key',
    observation: fromFacts(configFacts('AWS::SageMaker::NotebookInstance', notebookInstance())),
    status: 'COMPLIANT',
  },
  {
    name: 'notebook instance CI without a key',
    observation: fromFacts(
      configFacts('AWS::SageMaker::NotebookInstance', { ...notebookInstance(), KmsKeyId: undefined }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateNotebookInstance with a key',
    observation: fromFacts(
      sageMakerCall(
        'CreateNotebookInstance',
        {
          notebookInstanceName: 'cohort-analysis',
          instanceType: 'ml.t3.medium',
          roleArn: 'arn:aws:iam::111122223333:role/service-role/SageMakerNotebookRole',
          kmsKeyId: 'alias/sagemaker-notebooks',
        },
        { notebookInstanceArn: 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/cohort-analysis' },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateNotebookInstance without a key',
    observation: fromFacts(
      sageMakerCall('CreateNotebookInstance', {
        notebookInstanceName: 'scratch',
        instanceType: 'ml.t3.medium',
        roleArn: 'arn:aws:iam::111122223333:role/service-role/SageMakerNotebookRole',
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('sagemaker-notebook-kms on facts that do not bear on it', () => {
  it.each([
    ['an endpoint configuration', configFacts('AWS::SageMaker::EndpointConfig', { KmsKeyId: 'k' })],
    [
      'a CreateNotebookInstance of another service',
      apiCallFacts('CreateNotebookInstance', {
        eventSource: 'example.amazonaws.com',
        requestParameters: { notebookInstanceName: 'x' },
      }),
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
