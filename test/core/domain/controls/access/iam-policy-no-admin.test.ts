import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { broadGrants, control } from '../../../../../core/domain/controls/access/iam-policy-no-admin';
import { apiCallFacts, configFacts, observationOf } from '../../../../fixtures/builders';
import {
  adminStatement,
  fullS3Statement,
  iamCall,
  managedPolicy,
  policyDoc,
  readStatement,
  roleWithInline,
} from '../../../../fixtures/controls/identity';
import { describeControl, fromFacts } from '../control-cases';

const json = (d: object) => JSON.stringify(d);

describeControl(control, [
  {
    name: 'managed policy CI whose default version is least-privilege (an older version was admin)',
    observation: fromFacts(configFacts('AWS::IAM::Policy', managedPolicy())),
    status: 'COMPLIANT',
  },
  {
    name: 'managed policy CI whose default version allows * on *',
    observation: fromFacts(configFacts('AWS::IAM::Policy', managedPolicy(policyDoc(adminStatement())))),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'role CI with a least-privilege inline policy',
    observation: fromFacts(configFacts('AWS::IAM::Role', roleWithInline(policyDoc(readStatement())))),
    status: 'COMPLIANT',
  },
  {
    name: 'role CI with an s3:* inline policy',
    observation: fromFacts(
      configFacts('AWS::IAM::Role', roleWithInline(policyDoc(readStatement()), policyDoc(fullS3Statement()))),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'user CI without inline policies',
    observation: fromFacts(configFacts('AWS::IAM::User', { userName: 'alice', userPolicyList: [] })),
    status: 'COMPLIANT',
  },
  {
    name: 'CreatePolicy with a least-privilege document',
    observation: fromFacts(
      iamCall('CreatePolicy', {
        policyName: 'intake-read',
        policyDocument: json(policyDoc(readStatement())),
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreatePolicy with an admin document',
    observation: fromFacts(
      iamCall('CreatePolicy', {
        policyName: 'break-glass',
        policyDocument: json(policyDoc(adminStatement())),
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreatePolicyVersion set as default, least-privilege',
    observation: fromFacts(
      iamCall('CreatePolicyVersion', {
        policyArn: 'arn:aws:iam::111122223333:policy/intake-read',
        policyDocument: json(policyDoc(readStatement())),
        setAsDefault: true,
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreatePolicyVersion set as default, full S3 access',
    observation: fromFacts(
      iamCall('CreatePolicyVersion', {
        policyArn: 'arn:aws:iam::111122223333:policy/intake-read',
        policyDocument: json(policyDoc(fullS3Statement())),
        setAsDefault: true,
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutRolePolicy with an admin inline policy',
    observation: fromFacts(
      iamCall('PutRolePolicy', {
        roleName: 'intake-fn',
        policyName: 'oops',
        policyDocument: json(policyDoc(adminStatement())),
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutUserPolicy with an admin inline policy',
    observation: fromFacts(
      iamCall('PutUserPolicy', {
        userName: 'bob',
        policyName: 'all',
        policyDocument: json(policyDoc(adminStatement())),
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutGroupPolicy with full S3 access',
    observation: fromFacts(
      iamCall('PutGroupPolicy', {
        groupName: 'billing',
        policyName: 's3',
        policyDocument: json(policyDoc(fullS3Statement())),
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('iam-policy-no-admin details', () => {
  it('names each broad statement by its Sid or position', () => {
    // Prepare
    const doc = encodeURIComponent(json(policyDoc(readStatement(), adminStatement(), fullS3Statement())));
    // Act
    const grants = broadGrants(doc);
    // Assess
    expect(grants).toEqual([
      'statement "Admin" allows "*" on "*" (administrator access)',
      'statement #3 allows "s3:*" (full service access)',
    ]);
  });

  it('does not read a Deny of everything as a grant', () => {
    expect(broadGrants(policyDoc({ Effect: 'Deny', Action: '*', Resource: '*' }))).toEqual([]);
  });

  it('records a Put*Policy of a least-privilege inline policy as activity: the identity has others', () => {
    // Prepare
    const obs = observationOf(
      iamCall('PutUserPolicy', {
        userName: 'bob',
        policyName: 'read',
        policyDocument: json(policyDoc(readStatement())),
      }),
    );
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found).toMatchObject({ affectsPosture: false });
  });
});

describe('iam-policy-no-admin on facts that do not bear on it', () => {
  it.each([
    [
      'a CreatePolicyVersion not set as default',
      iamCall('CreatePolicyVersion', {
        policyArn: 'arn:aws:iam::111122223333:policy/x',
        policyDocument: json(policyDoc(adminStatement())),
      }),
    ],
    [
      'a CreatePolicy of another service',
      apiCallFacts('CreatePolicy', {
        eventSource: 'iot.amazonaws.com',
        requestParameters: { policyName: 'x', policyDocument: json(policyDoc(adminStatement())) },
      }),
    ],
    ['a managed policy CI without versions', configFacts('AWS::IAM::Policy', { policyName: 'x' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
