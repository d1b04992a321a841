import { describe, expect, it } from 'vitest';
import { assess } from '../../../../core/domain/catalog';
import { subjectKey } from '../../../../core/domain/observation';
import { type JsonObject, loadEvent, observe, setAt } from '../../../fixtures/builders';
import {
  adminStatement,
  managedPolicy,
  policyDoc,
  strongPasswordPolicy,
} from '../../../fixtures/controls/identity';
import { observeSweep } from '../../../fixtures/sweep-builders';

/** A CloudTrail call event of `eventSource` (the S3 Control fixture's caller, time and account). */
function call(
  eventSource: string,
  eventName: string,
  requestParameters: JsonObject | null,
  responseElements: JsonObject | null = null,
) {
  const raw = loadEvent('ct-put-account-public-access-block');
  setAt(raw, ['detail', 'eventSource'], eventSource);
  setAt(raw, ['detail', 'eventName'], eventName);
  setAt(raw, ['detail', 'requestParameters'], requestParameters);
  setAt(raw, ['detail', 'responseElements'], responseElements);
  return raw;
}

const ACCOUNT_ARN = 'arn:aws:iam::111122223333:root';

describe('identity and audit-settings calls are filed under the resource Config names', () => {
  it.each([
    [
      call('iam.amazonaws.com', 'UpdateAccountPasswordPolicy', strongPasswordPolicy()),
      'AWS::::Account',
      '111122223333',
      ACCOUNT_ARN,
    ],
    [
      call('iam.amazonaws.com', 'DeleteAccountPasswordPolicy', null),
      'AWS::::Account',
      '111122223333',
      ACCOUNT_ARN,
    ],
    [
      call(
        'iam.amazonaws.com',
        'CreatePolicy',
        { policyName: 'intake-read', policyDocument: JSON.stringify(policyDoc(adminStatement())) },
        {
          policy: {
            policyName: 'intake-read',
            policyId: 'ANPAEXAMPLEPOLICY0001',
            arn: 'arn:aws:iam::111122223333:policy/intake-read',
            defaultVersionId: 'v1',
          },
        },
      ),
      'AWS::IAM::Policy',
      'ANPAEXAMPLEPOLICY0001',
      'arn:aws:iam::111122223333:policy/intake-read',
    ],
    [
      call('iam.amazonaws.com', 'CreatePolicyVersion', {
        policyArn: 'arn:aws:iam::111122223333:policy/intake-read',
        policyDocument: JSON.stringify(policyDoc(adminStatement())),
        setAsDefault: true,
      }),
      'AWS::IAM::Policy',
      'intake-read',
      'arn:aws:iam::111122223333:policy/intake-read',
    ],
    [
      call(
        'kms.amazonaws.com',
        'ScheduleKeyDeletion',
        { keyId: 'arn:aws:kms:us-east-1:111122223333:key/0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6' },
        { keyState: 'PendingDeletion', deletionDate: 'Dec 22, 2026, 12:00:00 AM' },
      ),
      'AWS::KMS::Key',
      '0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6',
      'arn:aws:kms:us-east-1:111122223333:key/0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6',
    ],
    [
      call('kms.amazonaws.com', 'DisableKey', { keyId: '0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6' }),
      'AWS::KMS::Key',
      '0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6',
      'arn:aws:kms:us-east-1:111122223333:key/0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6',
    ],
    [
      call(
        'cloudtrail.amazonaws.com',
        'PutEventSelectors',
        { trailName: 'org-audit', eventSelectors: [] },
        { trailARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit', eventSelectors: [] },
      ),
      'AWS::CloudTrail::Trail',
      'org-audit',
      'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit',
    ],
    [
      call('cloudtrail.amazonaws.com', 'PutEventSelectors', { trailName: 'org-audit', eventSelectors: [] }),
      'AWS::CloudTrail::Trail',
      'org-audit',
      'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit',
    ],
  ])('files call %# under its resource', (raw, resourceType, resourceId, arn) => {
    // Prepare / Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ resourceType, resourceId, arn });
    expect(assess(obs).length).toBeGreaterThan(0);
  });

  it('keeps the password policy through redaction and files it with the swept account item', () => {
    // Prepare
    const raw = call('iam.amazonaws.com', 'UpdateAccountPasswordPolicy', strongPasswordPolicy());
    const swept = observeSweep({
      kind: 'configuration-item',
      api: 'iam:GetAccountPasswordPolicy',
      item: {
        accountId: '111122223333',
        awsRegion: 'global',
        resourceType: 'AWS::::Account',
        resourceId: '111122223333',
        configurationItemCaptureTime: '2026-11-22T02:00:00.000Z',
        configurationItemStatus: 'OK',
        configuration: { hasPasswordPolicy: true, ...strongPasswordPolicy() },
        supplementaryConfiguration: {},
      },
    });
    // Act
    const obs = observe(raw);
    const verdicts = [obs, swept].map((o) => assess(o).find((a) => a.controlId === 'iam-password-policy'));
    // Assess
    expect(subjectKey(obs.subject)).toBe(subjectKey(swept.subject));
    expect(verdicts.map((v) => v?.status)).toEqual(['COMPLIANT', 'COMPLIANT']);
  });
});

describe('customer managed policies', () => {
  it('files a CreatePolicyVersion with the swept policy and judges the URL-encoded document after redaction', () => {
    // Prepare
    const raw = call('iam.amazonaws.com', 'CreatePolicyVersion', {
      policyArn: 'arn:aws:iam::111122223333:policy/intake-read',
      policyDocument: JSON.stringify(policyDoc(adminStatement())),
      setAsDefault: true,
    });
    const conf = managedPolicy(policyDoc(adminStatement()));
    const swept = observeSweep({
      kind: 'configuration-item',
      api: 'iam:GetPolicyVersion',
      item: {
        accountId: '111122223333',
        arn: 'arn:aws:iam::111122223333:policy/intake-read',
        awsRegion: 'global',
        resourceType: 'AWS::IAM::Policy',
        resourceId: 'ANPAEXAMPLEPOLICY0001',
        configurationItemCaptureTime: '2026-11-22T02:00:00.000Z',
        configurationItemStatus: 'OK',
        configuration: conf,
        supplementaryConfiguration: {},
      },
    });
    // Act
    const obs = observe(raw);
    const verdicts = [obs, swept].map((o) => assess(o).find((a) => a.controlId === 'iam-policy-no-admin'));
    // Assess
    expect(subjectKey(obs.subject)).toBe(subjectKey(swept.subject));
    expect(verdicts.map((v) => v?.status)).toEqual(['NON_COMPLIANT', 'NON_COMPLIANT']);
  });
});
