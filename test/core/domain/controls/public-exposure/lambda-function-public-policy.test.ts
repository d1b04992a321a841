import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/public-exposure/lambda-function-public-policy';
import { apiCallFacts, configFacts, setAt } from '../../../../fixtures/builders';
import { describeControl, fixture, fromFacts } from '../control-cases';

const statement = (extra: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 's1',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: 'arn:aws:lambda:us-east-1:111122223333:function:f',
        ...extra,
      },
    ],
  });
const fn = (policy: string | null) =>
  fromFacts(configFacts('AWS::Lambda::Function', { functionName: 'f' }, { Policy: policy }));

describeControl(control, [
  { name: 'function without a policy', observation: fn(null), status: 'COMPLIANT' },
  {
    name: 'policy for an S3 bucket as the source',
    observation: fn(
      statement({
        Principal: { Service: 's3.amazonaws.com' },
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::b' } },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'policy letting Principal "*" invoke, unconditioned',
    observation: fn(statement({ Principal: '*' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'policy with a wildcard principal narrowed by aws:SourceAccount',
    observation: fn(
      statement({ Principal: '*', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'AddPermission20150331v2 granting principal "*"',
    observation: fixture('ct-add-permission-public'),
    status: 'NON_COMPLIANT',
  },
]);

describe('lambda-function-public-policy on calls', () => {
  it('says nothing about a grant narrowed to a source ARN', () => {
    // Prepare
    const facts = apiCallFacts('AddPermission20150331v2', {
      requestParameters: { functionName: 'f', principal: '*', sourceArn: 'arn:aws:s3:::b' },
    });
    // Act
    const verdict = control.evaluate(facts);
    // Assess
    expect(verdict).toBeUndefined();
  });

  it('files the call under the function, named by its ARN or its name', () => {
    // Prepare / Act
    const byName = fixture('ct-add-permission-public')();
    const byArn = fixture('ct-add-permission-public', (d) =>
      setAt(
        d,
        ['detail', 'requestParameters', 'functionName'],
        'arn:aws:lambda:us-east-1:111122223333:function:intake-webhook:live',
      ),
    )();
    // Assess
    for (const obs of [byName, byArn])
      expect(obs.subject).toMatchObject({
        resourceType: 'AWS::Lambda::Function',
        resourceId: 'intake-webhook',
        arn: 'arn:aws:lambda:us-east-1:111122223333:function:intake-webhook',
      });
  });
});
