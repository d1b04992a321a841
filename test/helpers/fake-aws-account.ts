/**
 * A small AWS account in memory, served through aws-sdk-client-mock with the response shapes of the
 * AWS API references (pages with NextToken, Marker/IsTruncated, NextMarker/Truncated,
 * ContinuationToken, nextToken; errors by their documented codes). Tests edit the state between
 * sweeps. Lists are served PAGE items at a time so every paginator sees several pages.
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchGetResourceConfigCommand,
  ConfigServiceClient,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  GetComplianceDetailsByConfigRuleCommand,
  ListDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetRoleCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { SweepClients } from '../../core/adapters/sweep';

export const PAGE = 2;
export const ACCOUNT_ID = '111122223333';
export const REGION = 'us-east-1';

export interface FakeUser {
  name: string;
  created: string;
  console: boolean;
  mfa: boolean;
  keys: { id: string; status: 'Active' | 'Inactive'; created: string; lastUsed?: string }[];
  policies: string[];
  inline: string[];
  groups: string[];
  passwordLastUsed?: string;
}

export interface FakeAccount {
  recorders: { name: string; recording: boolean; lastStatus: 'Pending' | 'Success' | 'Failure' }[];
  rules: {
    name: string;
    results: {
      resourceType: string;
      resourceId: string;
      complianceType: 'COMPLIANT' | 'NON_COMPLIANT';
      annotation?: string;
    }[];
  }[];
  /** region overrides the item's awsRegion (a malformed one makes a quarantined observation) */
  volumes: { id: string; encrypted: boolean; region?: string }[];
  trails: {
    name: string;
    isLogging: boolean;
    multiRegion: boolean;
    validation: boolean;
    kmsKeyId?: string;
  }[];
  logGroups: { name: string; retentionInDays?: number; kmsKeyId?: string; storedBytes: number }[];
  keys: { id: string; manager: 'CUSTOMER' | 'AWS'; spec: string; rotation: boolean }[];
  buckets: { name: string; encryption?: 'AES256' | 'aws:kms'; policy?: string }[];
  users: FakeUser[];
  roles: { name: string; trust: string; policies: string[]; lastUsed?: string }[];
  root: { mfa: boolean; keys: number };
  /** service:Operation, or service:Operation:resource for one resource, answered AccessDenied */
  denied: Set<string>;
  /** the credential report never leaves STARTED */
  reportStuck?: boolean;
  /** calls answered with ThrottlingException once before they succeed */
  throttleOnce: Set<string>;
}

export const TLS_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::phi-bucket', 'arn:aws:s3:::phi-bucket/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
});

const TRUST = encodeURIComponent(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  }),
);

/** A healthy clinic account: everything compliant, several items of each kind. */
export function healthyAccount(): FakeAccount {
  return {
    recorders: [{ name: 'default', recording: true, lastStatus: 'Success' }],
    rules: [
      {
        name: 'encrypted-volumes',
        results: [
          {
            resourceType: 'AWS::EC2::Volume',
            resourceId: 'vol-0a1b2c3d4e5f60001',
            complianceType: 'COMPLIANT',
          },
          {
            resourceType: 'AWS::EC2::Volume',
            resourceId: 'vol-0a1b2c3d4e5f60002',
            complianceType: 'COMPLIANT',
          },
          {
            resourceType: 'AWS::EC2::Volume',
            resourceId: 'vol-0a1b2c3d4e5f60003',
            complianceType: 'COMPLIANT',
          },
        ],
      },
      {
        name: 's3-bucket-ssl-requests-only-conformance-pack-abc123',
        results: [{ resourceType: 'AWS::S3::Bucket', resourceId: 'phi-bucket', complianceType: 'COMPLIANT' }],
      },
      { name: 'cloudtrail-enabled', results: [] },
    ],
    volumes: [
      { id: 'vol-0a1b2c3d4e5f60001', encrypted: true },
      { id: 'vol-0a1b2c3d4e5f60002', encrypted: true },
      { id: 'vol-0a1b2c3d4e5f60003', encrypted: true },
    ],
    trails: [
      {
        name: 'org-audit',
        isLogging: true,
        multiRegion: true,
        validation: true,
        kmsKeyId: keyArn('k-trail'),
      },
    ],
    logGroups: [
      { name: '/aws/lambda/intake', retentionInDays: 2192, kmsKeyId: keyArn('k-logs'), storedBytes: 100 },
      { name: '/aws/lambda/claims', retentionInDays: 3653, kmsKeyId: keyArn('k-logs'), storedBytes: 200 },
      { name: 'audit', kmsKeyId: keyArn('k-logs'), storedBytes: 300 },
    ],
    keys: [
      {
        id: '0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6',
        manager: 'CUSTOMER',
        spec: 'SYMMETRIC_DEFAULT',
        rotation: true,
      },
      {
        id: '1c8f5d3b-6e20-4a94-b7f1-a2d3e4f5a6b7',
        manager: 'CUSTOMER',
        spec: 'SYMMETRIC_DEFAULT',
        rotation: true,
      },
      {
        id: '2d906e4c-7f31-4ba5-88a2-b3e4f5a6b7c8',
        manager: 'AWS',
        spec: 'SYMMETRIC_DEFAULT',
        rotation: true,
      },
      { id: '3e017f5d-8042-4cb6-99b3-c4f5a6b7c8d9', manager: 'CUSTOMER', spec: 'RSA_2048', rotation: false },
    ],
    buckets: [
      { name: 'phi-bucket', encryption: 'aws:kms', policy: TLS_POLICY },
      {
        name: 'logs-bucket',
        encryption: 'AES256',
        policy: TLS_POLICY.replaceAll('phi-bucket', 'logs-bucket'),
      },
      {
        name: 'exports-bucket',
        encryption: 'AES256',
        policy: TLS_POLICY.replaceAll('phi-bucket', 'exports-bucket'),
      },
    ],
    users: [
      {
        name: 'alice',
        created: '2025-01-10T09:00:00Z',
        console: true,
        mfa: true,
        keys: [
          {
            id: 'AKIAIOSFODNN7ALICE01',
            status: 'Active',
            created: '2026-10-01T00:00:00Z',
            lastUsed: '2026-11-20T08:00:00Z',
          },
        ],
        policies: ['ReadOnlyAccess'],
        inline: [],
        groups: ['clinicians'],
        passwordLastUsed: '2026-11-21T10:00:00Z',
      },
      {
        name: 'ci-deployer',
        created: '2025-03-01T09:00:00Z',
        console: false,
        mfa: false,
        keys: [],
        policies: ['PowerUserAccess'],
        inline: ['deploy-extra'],
        groups: [],
      },
      {
        name: 'bob',
        created: '2025-05-01T09:00:00Z',
        console: true,
        mfa: true,
        keys: [],
        policies: [],
        inline: [],
        groups: ['clinicians', 'billing'],
      },
    ],
    roles: [
      {
        name: 'intake-fn',
        trust: TRUST,
        policies: ['AWSLambdaBasicExecutionRole'],
        lastUsed: '2026-11-21T23:00:00Z',
      },
      { name: 'claims-fn', trust: TRUST, policies: [] },
      { name: 'export-fn', trust: TRUST, policies: ['AWSLambdaBasicExecutionRole'] },
    ],
    root: { mfa: true, keys: 0 },
    denied: new Set(),
    throttleOnce: new Set(),
  };
}

/** An account with nothing in it: no rules, recorders, trails, log groups, keys, buckets, users or roles. */
export function emptyAccount(): FakeAccount {
  return {
    recorders: [],
    rules: [],
    volumes: [],
    trails: [],
    logGroups: [],
    keys: [],
    buckets: [],
    users: [],
    roles: [],
    root: { mfa: true, keys: 0 },
    denied: new Set(),
    throttleOnce: new Set(),
  };
}

export function keyArn(id: string): string {
  return `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${id}`;
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** One page of a list, with the next token (a stringified offset) when more remain. */
function page<T>(all: T[], token: string | undefined): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const items = all.slice(start, start + PAGE);
  return start + PAGE < all.length ? { items, next: String(start + PAGE) } : { items };
}

export interface FakeAws {
  clients: SweepClients;
  /** every call made, as service:Operation */
  calls: string[];
  restore(): void;
}

/**
 * Serves `account` (read at every call, so edits between sweeps show) through mocked SDK clients.
 * The clients are real SDK clients; only their `send` is replaced.
 */
export function serveAccount(account: FakeAccount): FakeAws {
  const calls: string[] = [];
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };
  const clients: SweepClients = {
    config: new ConfigServiceClient({ region: REGION, credentials }),
    cloudtrail: new CloudTrailClient({ region: REGION, credentials }),
    iam: new IAMClient({ region: REGION, credentials }),
    logs: new CloudWatchLogsClient({ region: REGION, credentials }),
    kms: new KMSClient({ region: REGION, credentials }),
    s3: new S3Client({ region: REGION, credentials }),
  };
  const config = mockClient(ConfigServiceClient);
  const cloudtrail = mockClient(CloudTrailClient);
  const iam = mockClient(IAMClient);
  const logs = mockClient(CloudWatchLogsClient);
  const kms = mockClient(KMSClient);
  const s3 = mockClient(S3Client);

  /** Wraps a fake: records the call, answers denials and one-off throttling. */
  const serve =
    <I, O>(api: string, fn: (input: I) => O, resourceOf?: (input: I) => string) =>
    async (input: I): Promise<O> => {
      calls.push(api);
      const service = api.split(':')[0];
      const resource = resourceOf?.(input);
      if (account.denied.has(api) || (resource && account.denied.has(`${api}:${resource}`)))
        throw awsError(
          service === 's3' ? 'AccessDenied' : 'AccessDeniedException',
          `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/sweeper/session is not authorized to perform: ${api}`,
        );
      const once = resource ? `${api}:${resource}` : api;
      if (account.throttleOnce.has(once)) {
        account.throttleOnce.delete(once);
        throw awsError('ThrottlingException', 'Rate exceeded');
      }
      return fn(input);
    };

  // --- AWS Config
  config.on(DescribeConfigurationRecorderStatusCommand).callsFake(
    serve('config:DescribeConfigurationRecorderStatus', () => ({
      ConfigurationRecordersStatus: account.recorders.map((r) => ({
        name: r.name,
        arn: `arn:aws:config:${REGION}:${ACCOUNT_ID}:configuration-recorder/${r.name}/abc`,
        recording: r.recording,
        lastStatus: r.lastStatus,
        lastStartTime: new Date('2026-01-01T00:00:00Z'),
        lastStatusChangeTime: new Date(),
        ...(r.lastStatus === 'Failure'
          ? { lastErrorCode: 'NoAvailableDeliveryChannelException', lastErrorMessage: 'x' }
          : {}),
      })),
    })),
  );
  config.on(DescribeConfigRulesCommand).callsFake(
    serve('config:DescribeConfigRules', (input: { NextToken?: string }) => {
      const p = page(account.rules, input.NextToken);
      return {
        ConfigRules: p.items.map((r, i) => ({
          ConfigRuleName: r.name,
          ConfigRuleArn: `arn:aws:config:${REGION}:${ACCOUNT_ID}:config-rule/config-rule-${r.name.length}${i}`,
          ConfigRuleId: `config-rule-${i}`,
          Source: { Owner: 'AWS', SourceIdentifier: r.name.toUpperCase().replace(/-/g, '_') },
          ConfigRuleState: 'ACTIVE',
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    }),
  );
  config.on(GetComplianceDetailsByConfigRuleCommand).callsFake(
    serve(
      'config:GetComplianceDetailsByConfigRule',
      (input: { ConfigRuleName: string; NextToken?: string }) => {
        const rule = account.rules.find((r) => r.name === input.ConfigRuleName);
        const p = page(rule?.results ?? [], input.NextToken);
        return {
          EvaluationResults: p.items.map((r) => ({
            EvaluationResultIdentifier: {
              EvaluationResultQualifier: {
                ConfigRuleName: input.ConfigRuleName,
                ResourceType: r.resourceType,
                ResourceId: r.resourceId,
                EvaluationMode: 'DETECTIVE',
              },
              OrderingTimestamp: new Date('2026-11-01T00:00:00Z'),
            },
            ComplianceType: r.complianceType,
            ResultRecordedTime: new Date('2026-11-01T00:00:05Z'),
            ConfigRuleInvokedTime: new Date('2026-11-01T00:00:01Z'),
            ...(r.annotation ? { Annotation: r.annotation } : {}),
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      },
      (input) => input.ConfigRuleName,
    ),
  );
  config.on(ListDiscoveredResourcesCommand).callsFake(
    serve('config:ListDiscoveredResources', (input: { resourceType: string; nextToken?: string }) => {
      const all = input.resourceType === 'AWS::EC2::Volume' ? account.volumes : [];
      const p = page(all, input.nextToken);
      return {
        resourceIdentifiers: p.items.map((v) => ({ resourceType: 'AWS::EC2::Volume', resourceId: v.id })),
        ...(p.next ? { nextToken: p.next } : {}),
      };
    }),
  );
  config.on(BatchGetResourceConfigCommand).callsFake(
    serve(
      'config:BatchGetResourceConfig',
      (input: { resourceKeys: { resourceType: string; resourceId: string }[] }) => ({
        baseConfigurationItems: input.resourceKeys.flatMap((k) => {
          const v = account.volumes.find((x) => x.id === k.resourceId);
          return v ? [volumeItem(v)] : [];
        }),
        unprocessedResourceKeys: [],
      }),
    ),
  );

  // --- CloudTrail
  cloudtrail.on(DescribeTrailsCommand).callsFake(
    serve('cloudtrail:DescribeTrails', () => ({
      trailList: account.trails.map((t) => ({
        Name: t.name,
        S3BucketName: 'acme-cloudtrail-archive',
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: t.multiRegion,
        HomeRegion: REGION,
        TrailARN: trailArn(t.name),
        LogFileValidationEnabled: t.validation,
        ...(t.kmsKeyId ? { KmsKeyId: t.kmsKeyId } : {}),
        HasCustomEventSelectors: false,
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
      })),
    })),
  );
  cloudtrail.on(GetTrailStatusCommand).callsFake(
    serve(
      'cloudtrail:GetTrailStatus',
      (input: { Name: string }) => {
        const t = account.trails.find((x) => trailArn(x.name) === input.Name);
        if (!t) throw awsError('TrailNotFoundException', 'Unknown trail');
        return {
          IsLogging: t.isLogging,
          LatestDeliveryTime: new Date(),
          StartLoggingTime: new Date('2026-01-01T00:00:00Z'),
        };
      },
      (input) => input.Name.split('/').pop() ?? '',
    ),
  );
  cloudtrail.on(GetEventSelectorsCommand).callsFake(
    serve('cloudtrail:GetEventSelectors', (input: { TrailName: string }) => ({
      TrailARN: input.TrailName,
      EventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [],
          ExcludeManagementEventSources: [],
        },
      ],
    })),
  );

  // --- CloudWatch Logs
  logs.on(DescribeLogGroupsCommand).callsFake(
    serve('logs:DescribeLogGroups', (input: { nextToken?: string }) => {
      const p = page(account.logGroups, input.nextToken);
      return {
        logGroups: p.items.map((g) => ({
          logGroupName: g.name,
          creationTime: 1733000000000,
          ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
          metricFilterCount: 0,
          arn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${g.name}:*`,
          storedBytes: g.storedBytes,
          ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}),
          logGroupClass: 'STANDARD',
          logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${g.name}`,
        })),
        ...(p.next ? { nextToken: p.next } : {}),
      };
    }),
  );

  // --- KMS
  kms.on(ListKeysCommand).callsFake(
    serve('kms:ListKeys', (input: { Marker?: string }) => {
      const p = page(account.keys, input.Marker);
      return {
        Keys: p.items.map((k) => ({ KeyId: k.id, KeyArn: keyArn(k.id) })),
        Truncated: p.next !== undefined,
        ...(p.next ? { NextMarker: p.next } : {}),
      };
    }),
  );
  kms.on(DescribeKeyCommand).callsFake(
    serve(
      'kms:DescribeKey',
      (input: { KeyId: string }) => {
        const k = account.keys.find((x) => x.id === input.KeyId);
        if (!k) throw awsError('NotFoundException', 'key not found');
        return {
          KeyMetadata: {
            AWSAccountId: ACCOUNT_ID,
            KeyId: k.id,
            Arn: keyArn(k.id),
            CreationDate: new Date('2025-11-02T16:00:00Z'),
            Enabled: true,
            Description: 'PHI data key',
            KeyUsage: k.spec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY',
            KeyState: 'Enabled',
            Origin: 'AWS_KMS',
            KeyManager: k.manager,
            CustomerMasterKeySpec: k.spec,
            KeySpec: k.spec,
            MultiRegion: false,
          },
        };
      },
      (input) => input.KeyId,
    ),
  );
  kms.on(GetKeyRotationStatusCommand).callsFake(
    serve(
      'kms:GetKeyRotationStatus',
      (input: { KeyId: string }) => {
        const k = account.keys.find((x) => x.id === input.KeyId);
        return {
          KeyRotationEnabled: k?.rotation === true,
          KeyId: keyArn(input.KeyId),
          RotationPeriodInDays: 365,
        };
      },
      (input) => input.KeyId,
    ),
  );

  // --- S3
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

  // --- IAM
  let reportState: 'STARTED' | 'COMPLETE' | undefined;
  iam.on(GenerateCredentialReportCommand).callsFake(
    serve('iam:GenerateCredentialReport', () => {
      // the first request starts the report; the next one finds it complete
      reportState = reportState === undefined || account.reportStuck ? 'STARTED' : 'COMPLETE';
      return { State: reportState, Description: 'No report exists. Starting a new report generation task' };
    }),
  );
  iam.on(GetCredentialReportCommand).callsFake(
    serve('iam:GetCredentialReport', () => ({
      Content: new TextEncoder().encode(credentialReport(account)),
      ReportFormat: 'text/csv',
      GeneratedTime: new Date(),
    })),
  );
  iam.on(ListUsersCommand).callsFake(
    serve('iam:ListUsers', (input: { Marker?: string }) => {
      const p = page(account.users, input.Marker);
      return {
        Users: p.items.map((u) => ({
          Path: '/',
          UserName: u.name,
          UserId: `AIDA${u.name.toUpperCase().padEnd(17, 'X')}`,
          Arn: userArn(u.name),
          CreateDate: new Date(u.created),
          ...(u.passwordLastUsed ? { PasswordLastUsed: new Date(u.passwordLastUsed) } : {}),
        })),
        IsTruncated: p.next !== undefined,
        ...(p.next ? { Marker: p.next } : {}),
      };
    }),
  );
  const user = (name: string) => {
    const u = account.users.find((x) => x.name === name);
    if (!u) throw awsError('NoSuchEntityException', `The user with name ${name} cannot be found.`);
    return u;
  };
  iam.on(ListMFADevicesCommand).callsFake(
    serve(
      'iam:ListMFADevices',
      (input: { UserName: string }) => ({
        MFADevices: user(input.UserName).mfa
          ? [
              {
                UserName: input.UserName,
                SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/${input.UserName}`,
                EnableDate: new Date('2025-02-01T00:00:00Z'),
              },
            ]
          : [],
        IsTruncated: false,
      }),
      (input) => input.UserName,
    ),
  );
  iam.on(ListAccessKeysCommand).callsFake(
    serve(
      'iam:ListAccessKeys',
      (input: { UserName: string; Marker?: string }) => {
        const p = page(user(input.UserName).keys, input.Marker);
        return {
          AccessKeyMetadata: p.items.map((k) => ({
            UserName: input.UserName,
            AccessKeyId: k.id,
            Status: k.status,
            CreateDate: new Date(k.created),
          })),
          IsTruncated: p.next !== undefined,
          ...(p.next ? { Marker: p.next } : {}),
        };
      },
      (input) => input.UserName,
    ),
  );
  iam.on(GetAccessKeyLastUsedCommand).callsFake(
    serve('iam:GetAccessKeyLastUsed', (input: { AccessKeyId: string }) => {
      const owner = account.users.find((u) => u.keys.some((k) => k.id === input.AccessKeyId));
      const k = owner?.keys.find((x) => x.id === input.AccessKeyId);
      return {
        UserName: owner?.name,
        AccessKeyLastUsed: k?.lastUsed
          ? { LastUsedDate: new Date(k.lastUsed), ServiceName: 's3', Region: REGION }
          : { ServiceName: 'N/A', Region: 'N/A' },
      };
    }),
  );
  iam.on(ListAttachedUserPoliciesCommand).callsFake(
    serve(
      'iam:ListAttachedUserPolicies',
      (input: { UserName: string }) => ({
        AttachedPolicies: user(input.UserName).policies.map((p) => ({
          PolicyName: p,
          PolicyArn: `arn:aws:iam::aws:policy/${p}`,
        })),
        IsTruncated: false,
      }),
      (input) => input.UserName,
    ),
  );
  iam.on(ListUserPoliciesCommand).callsFake(
    serve(
      'iam:ListUserPolicies',
      (input: { UserName: string }) => ({ PolicyNames: user(input.UserName).inline, IsTruncated: false }),
      (input) => input.UserName,
    ),
  );
  iam.on(ListGroupsForUserCommand).callsFake(
    serve(
      'iam:ListGroupsForUser',
      (input: { UserName: string }) => ({
        Groups: user(input.UserName).groups.map((g) => ({
          Path: '/',
          GroupName: g,
          GroupId: `AGPA${g.toUpperCase().padEnd(17, 'X')}`,
          Arn: `arn:aws:iam::${ACCOUNT_ID}:group/${g}`,
          CreateDate: new Date('2025-01-01T00:00:00Z'),
        })),
        IsTruncated: false,
      }),
      (input) => input.UserName,
    ),
  );
  iam.on(ListRolesCommand).callsFake(
    serve('iam:ListRoles', (input: { Marker?: string }) => {
      const p = page(account.roles, input.Marker);
      return {
        Roles: p.items.map((r) => ({
          Path: '/',
          RoleName: r.name,
          RoleId: `AROA${r.name.toUpperCase().padEnd(17, 'X')}`,
          Arn: `arn:aws:iam::${ACCOUNT_ID}:role/${r.name}`,
          CreateDate: new Date('2025-01-01T00:00:00Z'),
          AssumeRolePolicyDocument: r.trust,
        })),
        IsTruncated: p.next !== undefined,
        ...(p.next ? { Marker: p.next } : {}),
      };
    }),
  );
  const role = (name: string) => {
    const r = account.roles.find((x) => x.name === name);
    if (!r) throw awsError('NoSuchEntityException', `The role with name ${name} cannot be found.`);
    return r;
  };
  iam.on(GetRoleCommand).callsFake(
    serve(
      'iam:GetRole',
      (input: { RoleName: string }) => {
        const r = role(input.RoleName);
        return {
          Role: {
            Path: '/',
            RoleName: r.name,
            RoleId: 'AROAEXAMPLE',
            Arn: `arn:aws:iam::${ACCOUNT_ID}:role/${r.name}`,
            CreateDate: new Date('2025-01-01T00:00:00Z'),
            AssumeRolePolicyDocument: r.trust,
            RoleLastUsed: r.lastUsed ? { LastUsedDate: new Date(r.lastUsed), Region: REGION } : {},
          },
        };
      },
      (input) => input.RoleName,
    ),
  );
  iam.on(ListAttachedRolePoliciesCommand).callsFake(
    serve(
      'iam:ListAttachedRolePolicies',
      (input: { RoleName: string }) => ({
        AttachedPolicies: role(input.RoleName).policies.map((p) => ({
          PolicyName: p,
          PolicyArn: `arn:aws:iam::aws:policy/${p}`,
        })),
        IsTruncated: false,
      }),
      (input) => input.RoleName,
    ),
  );
  iam.on(ListRolePoliciesCommand).callsFake(
    serve(
      'iam:ListRolePolicies',
      () => ({ PolicyNames: [], IsTruncated: false }),
      (input: { RoleName: string }) => input.RoleName,
    ),
  );

  const stubs = [config, cloudtrail, iam, logs, kms, s3];
  return {
    clients,
    calls,
    restore() {
      for (const s of stubs) s.restore();
    },
  };
}

export function trailArn(name: string): string {
  return `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/${name}`;
}

export function userArn(name: string): string {
  return `arn:aws:iam::${ACCOUNT_ID}:user/${name}`;
}

/** A configuration item of an EBS volume as BatchGetResourceConfig returns it (configuration is JSON text). */
export function volumeItem(v: { id: string; encrypted: boolean; region?: string }) {
  return {
    version: '1.3',
    accountId: ACCOUNT_ID,
    configurationItemCaptureTime: new Date('2026-10-01T12:00:00.000Z'),
    configurationItemStatus: 'OK' as const,
    configurationStateId: '1759320000000',
    arn: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:volume/${v.id}`,
    resourceType: 'AWS::EC2::Volume' as const,
    resourceId: v.id,
    awsRegion: v.region ?? REGION,
    availabilityZone: 'us-east-1a',
    resourceCreationTime: new Date('2026-01-01T00:00:00.000Z'),
    configuration: JSON.stringify(volumeConfiguration(v)),
    supplementaryConfiguration: {},
  };
}

export function volumeConfiguration(v: { id: string; encrypted: boolean }) {
  return {
    volumeId: v.id,
    size: 100,
    volumeType: 'gp3',
    encrypted: v.encrypted,
    state: 'in-use',
    availabilityZone: 'us-east-1a',
  };
}

const REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
];

/** The credential report as IAM writes it (CSV, the root user first). */
export function credentialReport(account: FakeAccount): string {
  const rows = [
    [
      '<root_account>',
      `arn:aws:iam::${ACCOUNT_ID}:root`,
      '2020-01-01T00:00:00+00:00',
      'not_supported',
      '2026-06-01T10:00:00+00:00',
      'not_supported',
      'not_supported',
      String(account.root.mfa),
      String(account.root.keys >= 1),
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      String(account.root.keys >= 2),
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'false',
      'N/A',
    ],
    ...account.users.map((u) => [
      u.name,
      userArn(u.name),
      u.created.replace('Z', '+00:00'),
      String(u.console),
      u.passwordLastUsed ? u.passwordLastUsed.replace('Z', '+00:00') : u.console ? 'no_information' : 'N/A',
      u.console ? '2025-01-10T09:00:00+00:00' : 'N/A',
      'N/A',
      String(u.mfa),
      String(u.keys[0]?.status === 'Active'),
      u.keys[0]?.created ?? 'N/A',
      u.keys[0]?.lastUsed ?? 'N/A',
      'N/A',
      'N/A',
      String(u.keys[1]?.status === 'Active'),
      u.keys[1]?.created ?? 'N/A',
      u.keys[1]?.lastUsed ?? 'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'false',
      'N/A',
    ]),
  ];
  return [REPORT_COLUMNS, ...rows].map((r) => r.join(',')).join('\n');
}
