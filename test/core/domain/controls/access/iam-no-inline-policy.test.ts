import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/access/iam-no-inline-policy';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { iamCall, policyDoc, readStatement, roleWithInline } from '../../../../fixtures/controls/identity';
import { iamUserDetail, observeSweep } from '../../../../fixtures/sweep-builders';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'role CI without inline policies',
    observation: fromFacts(configFacts('AWS::IAM::Role', roleWithInline())),
    status: 'COMPLIANT',
  },
  {
    name: 'role CI with an inline policy',
    observation: fromFacts(configFacts('AWS::IAM::Role', roleWithInline(policyDoc(readStatement())))),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'swept user with an inline policy',
    observation: () => observeSweep(iamUserDetail({ inlinePolicies: ['deploy-extra'] })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'swept user without inline policies',
    observation: () => observeSweep(iamUserDetail()),
    status: 'COMPLIANT',
  },
  {
    name: 'PutRolePolicy',
    observation: fromFacts(
      iamCall('PutRolePolicy', { roleName: 'intake-fn', policyName: 'extra', policyDocument: '{}' }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutGroupPolicy',
    observation: fromFacts(
      iamCall('PutGroupPolicy', { groupName: 'billing', policyName: 'extra', policyDocument: '{}' }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('iam-no-inline-policy details', () => {
  it('names the inline policies and the kind of identity', () => {
    const found = assess(
      observationOf(iamCall('PutGroupPolicy', { groupName: 'billing', policyName: 'extra' })),
    ).find((a) => a.controlId === control.id);
    expect(found?.reason).toBe('PutGroupPolicy: inline policy extra was put on the group');
  });

  it('says nothing about a managed policy attachment', () => {
    const obs = observationOf(
      iamCall('AttachRolePolicy', { roleName: 'r', policyArn: 'arn:aws:iam::aws:policy/X' }),
    );
    expect(assess(obs).map((a) => a.controlId)).not.toContain(control.id);
  });
});
