import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/public-exposure/lambda-function-url-public';
import { apiCallFacts, configFacts, setAt } from '../../../../fixtures/builders';
import { describeControl, fixture, fromFacts } from '../control-cases';

const fn = (urls: unknown) =>
  fromFacts(configFacts('AWS::Lambda::Function', { functionName: 'f' }, { FunctionUrlConfigs: urls }));

describeControl(control, [
  { name: 'function without a URL', observation: fn([]), status: 'COMPLIANT' },
  {
    name: 'function URL with AWS_IAM auth',
    observation: fn([{ functionUrl: 'https://x.lambda-url.us-east-1.on.aws/', authType: 'AWS_IAM' }]),
    status: 'COMPLIANT',
  },
  {
    name: 'function URL with AuthType NONE',
    observation: fn([{ functionUrl: 'https://x.lambda-url.us-east-1.on.aws/', authType: 'NONE' }]),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateFunctionUrlConfig20211031 with AuthType NONE',
    observation: fixture('ct-create-function-url-none'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateFunctionUrlConfig20211031 to AWS_IAM',
    observation: fromFacts(
      apiCallFacts('UpdateFunctionUrlConfig20211031', {
        requestParameters: { functionName: 'f', authType: 'AWS_IAM' },
        responseElements: { authType: 'AWS_IAM' },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'DeleteFunctionUrlConfig20211031',
    observation: fromFacts(
      apiCallFacts('DeleteFunctionUrlConfig20211031', { requestParameters: { functionName: 'f' } }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('lambda-function-url-public silence', () => {
  it('says nothing about a function item that does not list its URLs, or an update that does not set auth', () => {
    // Prepare
    const item = configFacts('AWS::Lambda::Function', { functionName: 'f' }, {});
    const update = apiCallFacts('UpdateFunctionUrlConfig20211031', {
      requestParameters: { functionName: 'f', cors: {} },
    });
    // Act / Assess
    expect(control.evaluate(item)).toBeUndefined();
    expect(control.evaluate(update)).toBeUndefined();
  });

  it('reads the resulting AuthType from the response first', () => {
    // Prepare
    const obs = fixture('ct-create-function-url-none', (d) =>
      setAt(d, ['detail', 'requestParameters', 'authType'], 'AWS_IAM'),
    )();
    // Act
    const verdict = obs.facts.type === 'api-call' ? control.evaluate(obs.facts) : undefined;
    // Assess
    expect(verdict?.status).toBe('NON_COMPLIANT');
  });
});
