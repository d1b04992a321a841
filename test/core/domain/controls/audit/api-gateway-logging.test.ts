import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/audit/api-gateway-logging';
import { configFacts } from '../../../../fixtures/builders';
import { apiGatewayCall, REST_API_ID, stage } from '../../../../fixtures/controls/edge';
import { describeControl, fromFacts } from '../control-cases';

const STAGE = 'AWS::ApiGateway::Stage';
const withSettings = (methodSettings: object) => ({ ...stage(), methodSettings });
const patch = (path: string, value: string) =>
  apiGatewayCall('UpdateStage', {
    restApiId: REST_API_ID,
    stageName: 'prod',
    updateStageInput: { patchOperations: [{ op: 'replace', path, value }] },
  });

describeControl(control, [
  {
    name: 'a stage CI logging at ERROR',
    observation: fromFacts(configFacts(STAGE, stage())),
    status: 'COMPLIANT',
  },
  {
    name: 'a stage CI without method settings (logging off)',
    observation: fromFacts(configFacts(STAGE, withSettings({}))),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'a stage CI logging at INFO with one method turned OFF',
    observation: fromFacts(
      configFacts(
        STAGE,
        withSettings({ '*/*': { loggingLevel: 'INFO' }, '~1patients/GET': { loggingLevel: 'OFF' } }),
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateStage answered with a stage that does not log',
    observation: fromFacts(
      apiGatewayCall(
        'CreateStage',
        { restApiId: REST_API_ID, createStageInput: { stageName: 'prod', deploymentId: 'r7v9q2' } },
        { stageName: 'prod', deploymentId: 'r7v9q2' },
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateStage answered with a stage logging at INFO',
    observation: fromFacts(
      apiGatewayCall(
        'UpdateStage',
        { restApiId: REST_API_ID, stageName: 'prod' },
        withSettings({ '*/*': { loggingLevel: 'INFO' } }),
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'an UpdateStage patch to INFO',
    observation: fromFacts(patch('/*/*/logging/loglevel', 'INFO')),
    status: 'COMPLIANT',
  },
  {
    name: 'an UpdateStage patch to OFF',
    observation: fromFacts(patch('/*/*/logging/loglevel', 'OFF')),
    status: 'NON_COMPLIANT',
  },
]);

describe('api-gateway-logging on facts that do not bear on it', () => {
  it.each([
    ['a patch of one method’s level', patch('/~1patients/GET/logging/loglevel', 'OFF')],
    [
      'an HTTP API (v2) stage call',
      apiGatewayCall('CreateStage', { apiId: 'x1y2z3', stageName: 'dev' }, { stageName: 'dev' }),
    ],
    ['an unrelated item', configFacts('AWS::S3::Bucket', {})],
  ])('is undefined for %s', (_name, facts) => {
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toBeUndefined();
  });
});
