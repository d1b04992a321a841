/**
 * S3 in the fake account: its buckets, their default encryption, policies, Block Public Access and ACLs,
 * and their versioning, server access logging, replication and Object Lock.
 */
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT_ID, type FakeAccount, keyArn, REGION } from './account';
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
  serveStorageSettings(account, serve, s3);
  return s3;
}

/** Versioning, server access logging, replication and Object Lock of the account's buckets. */
function serveStorageSettings(account: FakeAccount, serve: Serve, s3: AwsClientStub<S3Client>): void {
  const bucket = (name: string) => account.buckets.find((x) => x.name === name);
  const byBucket = (input: { Bucket?: string }) => input.Bucket ?? '';
  s3.on(GetBucketVersioningCommand).callsFake(
    serve(
      's3:GetBucketVersioning',
      (input: { Bucket?: string }) => {
        const status = bucket(byBucket(input))?.versioning;
        // a bucket that never had versioning answers without a Status
        return status ? { Status: status, MFADelete: 'Disabled' as const } : {};
      },
      byBucket,
    ),
  );
  s3.on(GetBucketLoggingCommand).callsFake(
    serve(
      's3:GetBucketLogging',
      (input: { Bucket?: string }) => {
        const target = bucket(byBucket(input))?.logTarget;
        return target
          ? { LoggingEnabled: { TargetBucket: target, TargetPrefix: `${byBucket(input)}/` } }
          : {};
      },
      byBucket,
    ),
  );
  s3.on(GetBucketReplicationCommand).callsFake(
    serve(
      's3:GetBucketReplication',
      (input: { Bucket?: string }) => {
        const to = bucket(byBucket(input))?.replicateTo;
        if (!to)
          throw awsError(
            'ReplicationConfigurationNotFoundError',
            'The replication configuration was not found',
          );
        return {
          ReplicationConfiguration: {
            Role: `arn:aws:iam::${ACCOUNT_ID}:role/s3-replication`,
            Rules: [
              { ID: 'replicate-all', Status: 'Enabled' as const, Priority: 1, Destination: { Bucket: to } },
            ],
          },
        };
      },
      byBucket,
    ),
  );
  s3.on(GetObjectLockConfigurationCommand).callsFake(
    serve(
      's3:GetObjectLockConfiguration',
      (input: { Bucket?: string }) => {
        if (!bucket(byBucket(input))?.objectLock)
          throw awsError(
            'ObjectLockConfigurationNotFoundError',
            'Object Lock configuration does not exist for this bucket',
          );
        return {
          ObjectLockConfiguration: {
            ObjectLockEnabled: 'Enabled' as const,
            Rule: { DefaultRetention: { Mode: 'GOVERNANCE' as const, Days: 30 } },
          },
        };
      },
      byBucket,
    ),
  );
}
