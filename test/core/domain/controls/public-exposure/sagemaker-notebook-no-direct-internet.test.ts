import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/public-exposure/sagemaker-notebook-no-direct-internet';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { notebookInstance, sageMakerCall } from '../../../../fixtures/controls/analytics';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'notebook instance CI without direct internet access',
    observation: fromFacts(configFacts('AWS::SageMaker::NotebookInstance', notebookInstance())),
    status: 'COMPLIANT',
  },
  {
    name: 'notebook instance CI with direct internet access',
    observation: fromFacts(
      configFacts('AWS::SageMaker::NotebookInstance', {
        ...notebookInstance(),
        DirectInternetAccess: 'Enabled',
        SubnetId: undefined,
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateNotebookInstance in a subnet with direct internet access disabled',
    observation: fromFacts(
      sageMakerCall('CreateNotebookInstance', {
        notebookInstanceName: 'cohort-analysis',
        subnetId: 'subnet-0a1b2c3d4e5f60718',
        securityGroupIds: ['sg-0123456789abcdef0'],
        directInternetAccess: 'Disabled',
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateNotebookInstance leaving direct internet access at its default',
    observation: fromFacts(
      sageMakerCall('CreateNotebookInstance', {
        notebookInstanceName: 'scratch',
        instanceType: 'ml.t3.medium',
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('sagemaker-notebook-no-direct-internet on facts that do not bear on it', () => {
  it.each([
    [
      'a notebook CI that does not record the setting',
      configFacts('AWS::SageMaker::NotebookInstance', { NotebookInstanceName: 'x' }),
    ],
    ['an endpoint configuration', configFacts('AWS::SageMaker::EndpointConfig', { KmsKeyId: 'k' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
