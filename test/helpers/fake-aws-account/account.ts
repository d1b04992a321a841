/**
 * The state of a fake AWS account: what each service holds, as plain data tests edit between sweeps,
 * with a healthy and an empty starting point and the ARNs the fakes answer with.
 */
import type { FakeAnalytics } from './analytics';
import type { FakeDatabases } from './databases';
import type { FakeDetection } from './detection';
import type { FakeEdge } from './edge';
import type { FakeStorage } from './storage';
import type { FakeStores } from './stores';

/** Items per page of every fake list, small so every paginator sees several pages. */
export const PAGE = 2;
/** The fake account's id. */
export const ACCOUNT_ID = '111122223333';
/** The region every fake client serves. */
export const REGION = 'us-east-1';

/** An IAM user of the fake account. */
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

/** Everything the fake services serve; read at every call. */
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
    /** the CloudWatch Logs log group it delivers to (security alarms, CloudWatch Logs delivery); absent: none */
    logGroup?: string;
    /** the S3 data events it records for all buckets (basic event selectors); absent: none */
    s3DataEvents?: 'All' | 'ReadOnly' | 'WriteOnly';
  }[];
  logGroups: { name: string; retentionInDays?: number; kmsKeyId?: string; storedBytes: number }[];
  keys: {
    id: string;
    manager: 'CUSTOMER' | 'AWS';
    spec: string;
    rotation: boolean;
    /** the key's state; absent: Enabled */
    state?: 'Enabled' | 'Disabled' | 'PendingDeletion';
  }[];
  buckets: {
    name: string;
    encryption?: 'AES256' | 'aws:kms';
    policy?: string;
    /** all four Block Public Access settings on (true) or off (false); absent: none configured */
    blockPublicAccess?: boolean;
    /** the ACL grants AllUsers READ */
    publicRead?: boolean;
    /** versioning status; absent: never turned on ("Off") */
    versioning?: 'Enabled' | 'Suspended';
    /** the bucket server access logs are delivered to; absent: logging off */
    logTarget?: string;
    /** the bucket ARN objects are replicated to (one enabled rule); absent: no replication */
    replicateTo?: string;
    /** Object Lock enabled; absent or false: no Object Lock configuration */
    objectLock?: boolean;
  }[];
  users: FakeUser[];
  roles: { name: string; trust: string; policies: string[]; lastUsed?: string }[];
  root: { mfa: boolean; keys: number };
  /** the account's IAM password policy (GetAccountPasswordPolicy's fields); absent: none (NoSuchEntity) */
  passwordPolicy?: {
    MinimumPasswordLength: number;
    RequireSymbols: boolean;
    RequireNumbers: boolean;
    RequireUppercaseCharacters: boolean;
    RequireLowercaseCharacters: boolean;
    AllowUsersToChangePassword: boolean;
    ExpirePasswords: boolean;
    MaxPasswordAge?: number;
    PasswordReusePrevention?: number;
  };
  /** customer managed IAM policies (their default version's document); absent: none */
  policies?: { name: string; document: object; attachments: number }[];
  /** service:Operation, or service:Operation:resource for one resource, answered AccessDenied */
  denied: Set<string>;
  /** the credential report never leaves STARTED */
  reportStuck?: boolean;
  /** calls answered with ThrottlingException once before they succeed */
  throttleOnce: Set<string>;
  /** the public-exposure resources (public-exposure.ts serves them); absent: none */
  exposure?: FakeExposure;
  /** the database resources (databases.ts serves them); absent: none */
  databases?: FakeDatabases;
  /** the EFS, SNS, SQS, Kinesis, Secrets Manager and EKS resources (stores.ts serves them); absent: none */
  stores?: FakeStores;
  /** the OpenSearch and SageMaker resources (analytics.ts serves them); absent: none */
  analytics?: FakeAnalytics;
  /** the network-edge resources (edge.ts serves them); absent: none */
  edge?: FakeEdge;
  /** DynamoDB tables and AWS Backup plans and vaults (storage.ts serves them); absent: none */
  storage?: FakeStorage;
  /** the threat-detection state (detection.ts serves it); absent: none */
  detection?: FakeDetection;
}

/** EC2, RDS, Lambda and S3 Control state for the public-exposure collectors. */
export interface FakeExposure {
  securityGroups: { id: string; sshFrom?: string }[];
  networkAcls: { id: string; allowSshFromAnywhere: boolean }[];
  instances: { id: string; publicIp?: string }[];
  ebsSnapshots: { id: string; public: boolean }[];
  /** manual DB snapshots (cluster: DB cluster snapshots) and their restore attribute */
  dbSnapshots: { id: string; restore: string[]; cluster?: boolean }[];
  functions: { name: string; policy?: string; urlAuth?: 'NONE' | 'AWS_IAM' }[];
  /** the account's Block Public Access settings; absent: none configured */
  accountBlock?: boolean;
}

/** A bucket policy that denies requests not made over TLS (phi-bucket's ARNs). */
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

/** A bucket's storage settings in a healthy account: versioned, logged, replicated and locked. */
function protectedBucket(name: string) {
  return {
    versioning: 'Enabled' as const,
    logTarget: 'clinic-access-logs',
    replicateTo: `arn:aws:s3:::${name}-replica`,
    objectLock: true,
  };
}

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
        logGroup: 'org-audit',
        s3DataEvents: 'All',
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
      { name: 'phi-bucket', encryption: 'aws:kms', policy: TLS_POLICY, ...protectedBucket('phi-bucket') },
      {
        name: 'logs-bucket',
        encryption: 'AES256',
        policy: TLS_POLICY.replaceAll('phi-bucket', 'logs-bucket'),
        ...protectedBucket('logs-bucket'),
      },
      {
        name: 'exports-bucket',
        encryption: 'AES256',
        policy: TLS_POLICY.replaceAll('phi-bucket', 'exports-bucket'),
        ...protectedBucket('exports-bucket'),
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
    policies: [
      {
        name: 'intake-read',
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::phi-bucket/*' }],
        },
        attachments: 1,
      },
    ],
    passwordPolicy: {
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
    },
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

/** The ARN of a KMS key of the fake account. */
export function keyArn(id: string): string {
  return `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${id}`;
}

/** The ARN of a trail of the fake account. */
export function trailArn(name: string): string {
  return `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/${name}`;
}

/** The ARN of an IAM user of the fake account. */
export function userArn(name: string): string {
  return `arn:aws:iam::${ACCOUNT_ID}:user/${name}`;
}
