import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/sagemaker-endpoint-kms';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { endpointConfig, sageMakerCall } from '../../../../fixtures/controls/analytics';
import { describeControl, fromFacts } from '../control-cases';

const VARIANTS = [
  { variantName: 'AllTraffic', modelName: 'readmission-model-v3', instanceType: 'ml.m5.large' },
];

describeControl(control, [
  {
    name: 'endpoint configuration CI with a key',
    observation: fromFacts(configFacts('AWS::SageMaker::EndpointConfig', endpointConfig())),
    status: 'COMPLIANT',
  },
  {
    name: 'endpoint configuration CI without a key',
    observation: fromFacts(
      configFacts('AWS::SageMaker::EndpointConfig', { ...endpointConfig(), KmsKeyId: undefined }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateEndpointConfig with a key',
    observation: fromFacts(
      sageMakerCall(
        'CreateEndpointConfig',
        {
          endpointConfigName: 'readmission-model-v4',
          productionVariants: VARIANTS,
          kmsKeyId: 'alias/sagemaker',
        },
        {
          endpointConfigArn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/readmission-model-v4',
        },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateEndpointConfig without a key',
    observation: fromFacts(
      sageMakerCall('CreateEndpointConfig', { endpointConfigName: 'scratch', productionVariants: VARIANTS }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('sagemaker-endpoint-kms on facts that do not bear on it', () => {
  it.each([
    ['a notebook instance', configFacts('AWS::SageMaker::NotebookInstance', { KmsKeyId: 'k' })],
    ['a DynamoDB table', configFacts('AWS::DynamoDB::Table', { sSEDescription: { status: 'ENABLED' } })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
