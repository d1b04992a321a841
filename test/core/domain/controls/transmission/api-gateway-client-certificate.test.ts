import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/transmission/api-gateway-client-certificate';
import { configFacts } from '../../../../fixtures/builders';
import { apiGatewayCall, REST_API_ID, stage } from '../../../../fixtures/controls/edge';
import { describeControl, fromFacts } from '../control-cases';

const STAGE = 'AWS::ApiGateway::Stage';
const { clientCertificateId: _cert, ...uncertified } = stage();
const patch = (op: string, value?: string) =>
  apiGatewayCall('UpdateStage', {
    restApiId: REST_API_ID,
    stageName: 'prod',
    updateStageInput: {
      patchOperations: [{ op, path: '/clientCertificateId', ...(value ? { value } : {}) }],
    },
    template: false,
  });

describeControl(control, [
  {
    name: 'a stage CI with a client certificate',
    observation: fromFacts(configFacts(STAGE, stage())),
    status: 'COMPLIANT',
  },
  {
    name: 'a stage CI without one',
    observation: fromFacts(configFacts(STAGE, uncertified)),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateStage answered with a stage without one',
    observation: fromFacts(
      apiGatewayCall(
        'CreateStage',
        {
          restApiId: REST_API_ID,
          createStageInput: { stageName: 'prod', deploymentId: 'r7v9q2' },
          template: false,
        },
        { stageName: 'prod', deploymentId: 'r7v9q2', methodSettings: {} },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateStage answered with a certified stage',
    observation: fromFacts(
      apiGatewayCall('UpdateStage', { restApiId: REST_API_ID, stageName: 'prod' }, stage()),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'an UpdateStage patch setting one',
    observation: fromFacts(patch('replace', 'ab1cd2')),
    status: 'COMPLIANT',
  },
  {
    name: 'an UpdateStage patch removing it',
    observation: fromFacts(patch('remove')),
    status: 'NON_COMPLIANT',
  },
]);

describe('api-gateway-client-certificate on facts that do not bear on it', () => {
  it.each([
    [
      'an HTTP API (v2) stage call',
      apiGatewayCall('UpdateStage', { apiId: 'x1y2z3', stageName: '$default' }, { stageName: '$default' }),
    ],
    [
      'a patch of the logging level only',
      apiGatewayCall('UpdateStage', {
        restApiId: REST_API_ID,
        stageName: 'prod',
        updateStageInput: {
          patchOperations: [{ op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' }],
        },
      }),
    ],
    ['an unrelated item', configFacts('AWS::S3::Bucket', {})],
  ])('is undefined for %s', (_name, facts) => {
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toBeUndefined();
  });
});
