import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/access/iam-user-no-policies';
import { apiCallFacts, configFacts, observationOf } from '../../../../fixtures/builders';
import { iamUserDetail, observeSweep } from '../../../../fixtures/sweep-builders';
import { describeControl, fromFacts } from '../control-cases';

const iamCall = (eventName: string, requestParameters: Record<string, unknown>) =>
  apiCallFacts(eventName, { eventSource: 'iam.amazonaws.com', requestParameters });

describeControl(control, [
  {
    name: 'swept user with groups only',
    observation: () => observeSweep(iamUserDetail({ groups: ['clinicians'] })),
    status: 'COMPLIANT',
  },
  {
    name: 'swept user with an attached and an inline policy',
    observation: () =>
      observeSweep(iamUserDetail({ attachedPolicies: ['ReadOnlyAccess'], inlinePolicies: ['deploy-extra'] })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'user CI without policies of its own',
    observation: fromFacts(
      configFacts('AWS::IAM::User', {
        userName: 'bob',
        attachedManagedPolicies: [],
        userPolicyList: [],
        groupList: ['billing'],
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'user CI with an attached managed policy',
    observation: fromFacts(
      configFacts('AWS::IAM::User', {
        userName: 'bob',
        attachedManagedPolicies: [
          { policyName: 'AdministratorAccess', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        ],
        userPolicyList: [],
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'AttachUserPolicy',
    observation: fromFacts(
      iamCall('AttachUserPolicy', {
        userName: 'bob',
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutUserPolicy',
    observation: fromFacts(
      iamCall('PutUserPolicy', { userName: 'bob', policyName: 'extra', policyDocument: '{}' }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('iam-user-no-policies details', () => {
  it('names the policies', () => {
    const found = assess(
      observeSweep(iamUserDetail({ attachedPolicies: ['ReadOnlyAccess'], inlinePolicies: ['deploy-extra'] })),
    ).find((a) => a.controlId === control.id);
    expect(found?.reason).toBe(
      'the user holds policies of its own (attached: ReadOnlyAccess; inline: deploy-extra)',
    );
  });

  it.each([
    [
      'an AttachRolePolicy',
      iamCall('AttachRolePolicy', { roleName: 'r', policyArn: 'arn:aws:iam::aws:policy/X' }),
    ],
    [
      'an AttachUserPolicy of another service',
      apiCallFacts('AttachUserPolicy', { eventSource: 'example.amazonaws.com' }),
    ],
  ])('says nothing about %s', (_name, facts) => {
    expect(assess(observationOf(facts)).map((a) => a.controlId)).not.toContain(control.id);
  });
});
