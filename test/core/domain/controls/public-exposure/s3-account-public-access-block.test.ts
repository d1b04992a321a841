import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/public-exposure/s3-account-public-access-block';
import { ACCOUNT, apiCallFacts, configFacts, setAt } from '../../../../fixtures/builders';
import { describeControl, fixture, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'account CI with all four settings on',
    observation: fromFacts(
      configFacts('AWS::S3::AccountPublicAccessBlock', {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'account CI with ignorePublicAcls off',
    observation: fromFacts(
      configFacts('AWS::S3::AccountPublicAccessBlock', {
        blockPublicAcls: true,
        ignorePublicAcls: false,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutAccountPublicAccessBlock turning all four on',
    observation: fixture('ct-put-account-public-access-block'),
    status: 'COMPLIANT',
  },
  {
    name: 'PutAccountPublicAccessBlock with BlockPublicAcls off',
    observation: fixture('ct-put-account-public-access-block', (d) =>
      setAt(d, ['detail', 'requestParameters', 'PublicAccessBlockConfiguration', 'BlockPublicAcls'], false),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DeleteAccountPublicAccessBlock',
    observation: fromFacts(apiCallFacts('DeleteAccountPublicAccessBlock')),
    status: 'NON_COMPLIANT',
  },
]);

describe('s3-account-public-access-block subject', () => {
  it('files PutAccountPublicAccessBlock under the account’s AccountPublicAccessBlock', () => {
    // Prepare
    const obs = fixture('ct-put-account-public-access-block')();
    // Act
    const subject = obs.subject;
    // Assess
    expect(subject).toEqual({
      accountId: ACCOUNT,
      region: 'us-east-1',
      resourceType: 'AWS::S3::AccountPublicAccessBlock',
      resourceId: ACCOUNT,
    });
  });
});
