/** S3 in the fake account: its buckets, their default encryption, policies, Block Public Access and ACLs. */
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { type FakeAccount, keyArn, REGION } from './account';
import { awsError, page, publicAccessBlock, type Serve } from './serve';

/** Mocks every S3Client and serves `account` through it. */
export function serveS3(account: FakeAccount, serve: Serve): AwsClientStub<S3Client> {
  const s3 = mockClient(S3Client);
  s3.on(ListBucketsCommand).callsFake(
    serve('s3:ListBuckets', (input: { ContinuationToken?: string }) => {
      const p = page(account.buckets, input.ContinuationToken);
      return {
        Buckets: p.items.map((b) => ({
          Name: b.name,
          CreationDate: new Date('2025-11-02T16:20:45Z'),
          BucketRegion: REGION,
        })),
        Owner: { ID: '7d3f0a1c9e5b2d8f' },
        ...(p.next ? { ContinuationToken: p.next } : {}),
      };
    }),
  );
  s3.on(GetBucketEncryptionCommand).callsFake(
    serve(
      's3:GetBucketEncryption',
      (input: { Bucket: string }) => {
        const b = account.buckets.find((x) => x.name === input.Bucket);
        if (!b?.encryption)
          throw awsError(
            'ServerSideEncryptionConfigurationNotFoundError',
            'The server side encryption configuration was not found',
          );
        return {
          ServerSideEncryptionConfiguration: {
            Rules: [
              {
                ApplyServerSideEncryptionByDefault: {
                  SSEAlgorithm: b.encryption,
                  ...(b.encryption === 'aws:kms' ? { KMSMasterKeyID: keyArn('k-s3') } : {}),
                },
                BucketKeyEnabled: b.encryption === 'aws:kms',
              },
            ],
          },
        };
      },
      (input) => input.Bucket,
    ),
  );
  s3.on(GetBucketPolicyCommand).callsFake(
    serve(
      's3:GetBucketPolicy',
      (input: { Bucket: string }) => {
        const b = account.buckets.find((x) => x.name === input.Bucket);
        if (!b?.policy) throw awsError('NoSuchBucketPolicy', 'The bucket policy does not exist');
        return { Policy: b.policy };
      },
      (input) => input.Bucket,
    ),
  );
  s3.on(GetPublicAccessBlockCommand).callsFake(
    serve(
      's3:GetPublicAccessBlock',
      (input: { Bucket: string }) => {
        const on = account.buckets.find((x) => x.name === input.Bucket)?.blockPublicAccess;
        if (on === undefined)
          throw awsError(
            'NoSuchPublicAccessBlockConfiguration',
            'The public access block configuration was not found',
          );
        return publicAccessBlock(on);
      },
      (input) => input.Bucket,
    ),
  );
  s3.on(GetBucketAclCommand).callsFake(
    serve(
      's3:GetBucketAcl',
      (input: { Bucket: string }) => {
        const b = account.buckets.find((x) => x.name === input.Bucket);
        const owner = { ID: '7d3f0a1c9e5b2d8f', Type: 'CanonicalUser' as const };
        return {
          Owner: { ID: owner.ID },
          Grants: [
            { Grantee: owner, Permission: 'FULL_CONTROL' as const },
            ...(b?.publicRead
              ? [
                  {
                    Grantee: {
                      Type: 'Group' as const,
                      URI: 'http://acs.amazonaws.com/groups/global/AllUsers',
                    },
                    Permission: 'READ' as const,
                  },
                ]
              : []),
          ],
        };
      },
      (input) => input.Bucket,
    ),
  );
  return s3;
}
