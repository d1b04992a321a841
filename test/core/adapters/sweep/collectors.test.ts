import { BatchGetResourceConfigCommand, ConfigServiceClient } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudTrailCollector } from '../../../../core/adapters/sweep/cloudtrail';
import { configCollector } from '../../../../core/adapters/sweep/config';
import { iamCollector, maskKeyId, parseCsv, trustedPrincipals } from '../../../../core/adapters/sweep/iam';
import { kmsCollector } from '../../../../core/adapters/sweep/kms';
import { s3Collector } from '../../../../core/adapters/sweep/s3';
import type { SweepContext } from '../../../../core/ports/sweep-collector';
import {
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  keyArn,
  REGION,
  serveAccount,
  TLS_POLICY,
  trailArn,
  volumeItem,
} from '../../../helpers/fake-aws-account';

const ctx: SweepContext = { region: REGION, startedAt: new Date('2026-11-22T02:00:00.000Z'), concurrency: 2 };

let account: FakeAccount;
let aws: FakeAws;
beforeEach(() => {
  account = healthyAccount();
  aws = serveAccount(account);
});
afterEach(() => {
  aws.restore();
});

const itemOf = (detail: unknown) =>
  (detail as { item: { configuration: unknown; supplementaryConfiguration: unknown } }).item;

describe('S3 collector', () => {
  it('spells encryption and policy as Config does; no policy and no default encryption are facts', async () => {
    account.buckets[1]!.policy = undefined;
    account.buckets[2]!.encryption = undefined;
    const r = await s3Collector(aws.clients.s3).collect(ctx);
    expect(r.apis.map((a) => [a.api, a.failures.length])).toEqual([
      ['s3:ListBuckets', 0],
      ['s3:GetBucketEncryption', 0],
      ['s3:GetBucketPolicy', 0],
      ['s3:GetPublicAccessBlock', 0],
      ['s3:GetBucketAcl', 0],
      // storage integrity, contingency and audit (storage-collectors.test.ts)
      ['s3:GetBucketVersioning', 0],
      ['s3:GetBucketLogging', 0],
      ['s3:GetBucketReplication', 0],
      ['s3:GetObjectLockConfiguration', 0],
    ]);
    const byName = new Map(r.items.map((i) => [i.key, itemOf(i.detail)]));
    expect(byName.get('s3:phi-bucket')?.supplementaryConfiguration).toEqual({
      BucketPolicy: { policyText: TLS_POLICY },
      PublicAccessBlockConfiguration: null,
      AccessControlList: { grantList: [{ grantee: { id: '7d3f0a1c9e5b2d8f' }, permission: 'FULL_CONTROL' }] },
      ServerSideEncryptionConfiguration: {
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: keyArn('k-s3') },
            bucketKeyEnabled: true,
          },
        ],
      },
      BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: false },
      BucketLoggingConfiguration: {
        destinationBucketName: 'clinic-access-logs',
        logFilePrefix: 'phi-bucket/',
      },
      BucketReplicationConfiguration: {
        roleARN: 'arn:aws:iam::111122223333:role/s3-replication',
        rules: {
          'replicate-all': {
            status: 'Enabled',
            destinationConfig: { bucketARN: 'arn:aws:s3:::phi-bucket-replica' },
          },
        },
      },
      ObjectLockConfiguration: {
        objectLockEnabled: 'Enabled',
        rule: { defaultRetention: { mode: 'GOVERNANCE', days: 30 } },
      },
    });
    expect(byName.get('s3:logs-bucket')?.supplementaryConfiguration).toMatchObject({
      BucketPolicy: { policyText: null },
    });
    expect(byName.get('s3:exports-bucket')?.supplementaryConfiguration).not.toHaveProperty(
      'ServerSideEncryptionConfiguration',
    );
  });

  it('reads Block Public Access and the ACL for the public-exposure controls; a failed read leaves only its field out', async () => {
    account.buckets[0]!.blockPublicAccess = true;
    account.buckets[1]!.publicRead = true;
    account.denied.add('s3:GetBucketAcl:exports-bucket');
    const r = await s3Collector(aws.clients.s3).collect(ctx);
    const byName = new Map(r.items.map((i) => [i.key, itemOf(i.detail)]));
    expect(byName.get('s3:phi-bucket')?.supplementaryConfiguration).toMatchObject({
      PublicAccessBlockConfiguration: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
    });
    expect(byName.get('s3:logs-bucket')?.supplementaryConfiguration).toMatchObject({
      AccessControlList: {
        grantList: [
          { grantee: { id: '7d3f0a1c9e5b2d8f' }, permission: 'FULL_CONTROL' },
          { grantee: 'AllUsers', permission: 'READ' },
        ],
      },
    });
    expect(byName.get('s3:exports-bucket')?.supplementaryConfiguration).not.toHaveProperty(
      'AccessControlList',
    );
    expect(byName.get('s3:exports-bucket')?.supplementaryConfiguration).toHaveProperty('BucketPolicy');
    expect(r.apis.find((a) => a.api === 's3:GetBucketAcl')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDenied', resource: 'exports-bucket' }),
    ]);
  });

  it('an empty account has no buckets and no gaps', async () => {
    account.buckets = [];
    const r = await s3Collector(aws.clients.s3).collect(ctx);
    expect(r.items).toEqual([]);
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
  });
});

describe('CloudTrail collector', () => {
  it("builds the trail in Config's camelCase with isLogging and the event selectors", async () => {
    const r = await cloudTrailCollector(aws.clients.cloudtrail).collect(ctx);
    expect(r.items).toHaveLength(1);
    expect(r.accountIds).toEqual(['111122223333']);
    const item = itemOf(r.items[0]?.detail);
    expect(item.configuration).toMatchObject({
      name: 'org-audit',
      trailARN: trailArn('org-audit'),
      isMultiRegionTrail: true,
      logFileValidationEnabled: true,
      kmsKeyId: keyArn('k-trail'),
      isLogging: true,
      cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:org-audit:*',
      eventSelectors: [
        {
          readWriteType: 'All',
          includeManagementEvents: true,
          dataResources: [],
          excludeManagementEventSources: [],
        },
        {
          readWriteType: 'All',
          includeManagementEvents: false,
          dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
          excludeManagementEventSources: [],
        },
      ],
    });
    // times that move by themselves are not state
    expect(JSON.stringify(item)).not.toContain('latestDeliveryTime');
  });
});

describe('KMS collector', () => {
  it('sweeps customer managed keys only, with rotation where Config keeps it', async () => {
    const r = await kmsCollector(aws.clients.kms).collect(ctx);
    // the RSA key is swept for its state (kms-key-deletion), without rotation
    expect(r.items.map((i) => i.key)).toEqual([
      'kms:0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6',
      'kms:1c8f5d3b-6e20-4a94-b7f1-a2d3e4f5a6b7',
      'kms:3e017f5d-8042-4cb6-99b3-c4f5a6b7c8d9',
    ]);
    expect(itemOf(r.items[2]?.detail).supplementaryConfiguration).toEqual({});
    expect(itemOf(r.items[0]?.detail).supplementaryConfiguration).toEqual({
      KeyRotationStatus: true,
      RotationPeriodInDays: 365,
    });
    // rotation is asked of customer managed symmetric keys only
    expect(aws.calls.filter((c) => c === 'kms:GetKeyRotationStatus')).toHaveLength(2);
  });

  it('a key whose description is denied is a gap naming the key, and the key is not judged', async () => {
    account.denied.add('kms:DescribeKey:1c8f5d3b-6e20-4a94-b7f1-a2d3e4f5a6b7');
    const r = await kmsCollector(aws.clients.kms).collect(ctx);
    expect(r.items).toHaveLength(2);
    expect(r.apis.find((a) => a.api === 'kms:DescribeKey')?.failures).toEqual([
      {
        errorCode: 'AccessDeniedException',
        message: 'User: <arn> is not authorized to perform: kms:DescribeKey',
        resource: '1c8f5d3b-6e20-4a94-b7f1-a2d3e4f5a6b7',
      },
    ]);
  });
});

describe('Config collector', () => {
  it('reads rule results over pages, the recorder, and configuration items of the types it owns', async () => {
    const r = await configCollector(aws.clients.config).collect(ctx);
    const kinds = r.items.map((i) => i.detail.kind);
    expect(kinds.filter((k) => k === 'rule-evaluation')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'recorder-status')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'configuration-item')).toHaveLength(3);
    expect(aws.calls.filter((c) => c === 'config:GetComplianceDetailsByConfigRule')).toHaveLength(4); // 3 rules, one with 2 pages
    // volumes: 2 pages (RDS DB instances are read from RDS itself, DynamoDB tables from DynamoDB); IAM
    // users, roles and groups (their inline policies): 1 each
    expect(aws.calls.filter((c) => c === 'config:ListDiscoveredResources')).toHaveLength(5);
    expect(new Set(r.accountIds)).toEqual(new Set(['111122223333']));
  });

  it('asks again for keys BatchGetResourceConfig left unprocessed', async () => {
    aws.restore();
    const config = mockClient(ConfigServiceClient);
    const v1 = volumeItem({ id: 'vol-1', encrypted: true });
    const v2 = volumeItem({ id: 'vol-2', encrypted: false });
    config.onAnyCommand().resolves({});
    config
      .on(BatchGetResourceConfigCommand)
      .resolvesOnce({
        baseConfigurationItems: [v1],
        unprocessedResourceKeys: [{ resourceType: 'AWS::EC2::Volume', resourceId: 'vol-2' }],
      })
      .resolvesOnce({ baseConfigurationItems: [v2], unprocessedResourceKeys: [] });
    const { ListDiscoveredResourcesCommand } = await import('@aws-sdk/client-config-service');
    config.on(ListDiscoveredResourcesCommand, { resourceType: 'AWS::EC2::Volume' }).resolves({
      resourceIdentifiers: [
        { resourceType: 'AWS::EC2::Volume', resourceId: 'vol-1' },
        { resourceType: 'AWS::EC2::Volume', resourceId: 'vol-2' },
      ],
    });
    const r = await configCollector(new ConfigServiceClient({ region: REGION })).collect(ctx);
    expect(r.items.filter((i) => i.detail.kind === 'configuration-item').map((i) => i.key)).toEqual([
      'config:AWS::EC2::Volume:vol-1',
      'config:AWS::EC2::Volume:vol-2',
    ]);
    config.restore();
  });
});

describe('IAM collector', () => {
  it('waits for the credential report, then reads users over pages with masked key ids', async () => {
    const r = await iamCollector(aws.clients.iam, { reportPollMs: 1 }).collect(ctx);
    expect(aws.calls.filter((c) => c === 'iam:GenerateCredentialReport')).toHaveLength(2);
    const users = r.items.filter((i) => i.detail.kind === 'iam-user');
    expect(users.map((u) => u.key)).toEqual([
      'iam-user:arn:aws:iam::111122223333:user/alice',
      'iam-user:arn:aws:iam::111122223333:user/ci-deployer',
      'iam-user:arn:aws:iam::111122223333:user/bob',
    ]);
    // ListUsers' unique id is kept: Config rules name the user by it
    expect(users[0]?.detail).toMatchObject({ userId: 'AIDAALICEXXXXXXXXXXXX' });
    expect(users[0]?.detail).toMatchObject({
      consoleAccess: true,
      consoleLastUsedOn: '2026-11-21',
      mfaDevices: [{ type: 'virtual', enabledOn: '2025-02-01' }],
      accessKeys: [{ id: 'AKIA…CE01', status: 'Active', createdOn: '2026-10-01', lastUsedOn: '2026-11-20' }],
      attachedPolicies: ['ReadOnlyAccess'],
      groups: ['clinicians'],
    });
    expect(users[1]?.detail).toMatchObject({ consoleAccess: false, inlinePolicies: ['deploy-extra'] });
    expect(r.items.find((i) => i.detail.kind === 'iam-root')?.detail).toEqual({
      kind: 'iam-root',
      mfaActive: true,
      activeAccessKeys: 0,
      consoleLastUsedOn: '2026-06-01',
    });
  });

  it('a credential report that never completes is a gap, and users are kept without console facts', async () => {
    account.reportStuck = true;
    const r = await iamCollector(aws.clients.iam, { reportPollMs: 1, reportPolls: 3 }).collect(ctx);
    expect(r.apis.find((a) => a.api === 'iam:GetCredentialReport')?.failures[0]?.errorCode).toBe(
      'ReportInProgress',
    );
    expect(aws.calls.filter((c) => c === 'iam:GenerateCredentialReport')).toHaveLength(3);
    expect(r.items.find((i) => i.detail.kind === 'iam-root')).toBeUndefined();
    const alice = r.items.find((i) => i.key.endsWith('user/alice'))?.detail;
    expect(alice).toMatchObject({ kind: 'iam-user', userName: 'alice' });
    expect(alice).not.toHaveProperty('consoleAccess');
    const snapshot = r.items.find((i) => i.detail.kind === 'access-snapshot')?.detail;
    expect(snapshot).toMatchObject({ incomplete: ['iam:GetCredentialReport'] });
  });

  it('parses quoted CSV, masks key ids and reads trust policies', () => {
    expect(parseCsv('a,b\n"x,y","say ""hi"""\r\nlast,')).toEqual([
      ['a', 'b'],
      ['x,y', 'say "hi"'],
      ['last', ''],
    ]);
    expect(maskKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
    const doc = encodeURIComponent(
      JSON.stringify({
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: ['arn:aws:iam::444455556666:root'], Service: 'ec2.amazonaws.com' },
          },
          { Effect: 'Deny', Principal: '*' },
        ],
      }),
    );
    expect(trustedPrincipals(doc)).toEqual(['arn:aws:iam::444455556666:root', 'ec2.amazonaws.com']);
    expect(trustedPrincipals('%E0%A4%A')).toEqual(['(unreadable trust policy)']);
  });
});
