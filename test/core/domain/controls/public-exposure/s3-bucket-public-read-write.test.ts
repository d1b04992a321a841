import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/public-exposure/s3-bucket-public-read-write';
import { apiCallFacts, configFacts, setAt } from '../../../../fixtures/builders';
import { describeControl, fixture, fromFacts } from '../control-cases';

const PUBLIC_READ = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
    },
  ],
};
const ORG_ONLY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'OrgRead',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    },
  ],
};
const bucket = (supplementaryConfiguration: Record<string, unknown>) =>
  fromFacts(configFacts('AWS::S3::Bucket', { name: 'b' }, supplementaryConfiguration));
const privateAcl = { grantList: [{ grantee: { id: 'owner' }, permission: 'FullControl' }] };

describeControl(control, [
  {
    name: 'bucket item with a TLS-only policy and a private ACL',
    observation: bucket({
      BucketPolicy: { policyText: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*' }] }) },
      AccessControlList: JSON.stringify(privateAcl),
    }),
    status: 'COMPLIANT',
  },
  {
    name: 'bucket item whose policy lets anyone read',
    observation: bucket({ BucketPolicy: { policyText: JSON.stringify(PUBLIC_READ) } }),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'bucket item whose ACL grants AllUsers read (Config spelling)',
    observation: bucket({
      BucketPolicy: { policyText: null },
      AccessControlList: { grantList: [{ grantee: 'AllUsers', permission: 'Read' }] },
    }),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'bucket item with a public policy neutralized by RestrictPublicBuckets',
    observation: bucket({
      BucketPolicy: { policyText: JSON.stringify(PUBLIC_READ) },
      PublicAccessBlockConfiguration: { restrictPublicBuckets: true, ignorePublicAcls: true },
    }),
    status: 'COMPLIANT',
  },
  {
    name: 'bucket item whose wildcard principal is narrowed to the organization',
    observation: bucket({ BucketPolicy: { policyText: JSON.stringify(ORG_ONLY) } }),
    status: 'COMPLIANT',
  },
  {
    name: 'PutBucketPolicy with a TLS-deny policy only',
    observation: fixture('ct-put-bucket-policy'),
    status: 'COMPLIANT',
  },
  {
    name: 'PutBucketPolicy allowing Principal "*" to read',
    observation: fixture('ct-put-bucket-policy', (d) =>
      setAt(d, ['detail', 'requestParameters', 'bucketPolicy'], PUBLIC_READ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBucketAcl granting AllUsers READ',
    observation: fixture('ct-put-bucket-acl-public'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBucketAcl with the private canned ACL',
    observation: fromFacts(
      apiCallFacts('PutBucketAcl', { requestParameters: { bucketName: 'b', 'x-amz-acl': ['private'] } }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'PutBucketAcl with the public-read-write canned ACL',
    observation: fromFacts(
      apiCallFacts('PutBucketAcl', {
        requestParameters: { bucketName: 'b', 'x-amz-acl': ['public-read-write'] },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DeleteBucketPolicy',
    observation: fromFacts(apiCallFacts('DeleteBucketPolicy', { requestParameters: { bucketName: 'b' } })),
    status: 'COMPLIANT',
  },
]);

describe('s3-bucket-public-read-write subjects and silence', () => {
  it('files PutBucketAcl under the bucket', () => {
    // Prepare / Act
    const obs = fixture('ct-put-bucket-acl-public')();
    // Assess
    expect(obs.subject).toMatchObject({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'clinic-phi-intake',
      arn: 'arn:aws:s3:::clinic-phi-intake',
    });
  });

  it('says nothing about a bucket item that carries neither policy nor ACL', () => {
    // Prepare
    const facts = configFacts('AWS::S3::Bucket', { name: 'b' }, {});
    // Act
    const verdict = control.evaluate(facts);
    // Assess
    expect(verdict).toBeUndefined();
  });
});
