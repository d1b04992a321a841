/**
 * The demo account as the daily sweep reads it: the state of each resource at 02:00 UTC on a day of
 * October 2026, agreeing with the scenario's events (a change made by an event on day N is read from
 * day N+1), and in-memory collectors that return it as the real collectors (core/adapters/sweep/)
 * would: the same items, API names and failures. From the 28th a new service control policy denies
 * IAM's credential report, so the sweep cannot see the root user or console passwords: a collection gap.
 */

import type {
  ApiOutcome,
  CollectorResult,
  SweepCollector,
  SweepContext,
  SweepItem,
} from '../../core/ports/sweep-collector';
import type { SweepDetail } from '../../evidence-schemas';
import { DEMO_ACCOUNT, DEMO_RESOURCES } from './scenario';

/** The first day (of October 2026) on which IAM's credential report is denied. */
export const CREDENTIAL_REPORT_DENIED_FROM = 28;

type UserDetail = Extract<SweepDetail, { kind: 'iam-user' }>;

interface DemoUser {
  userName: string;
  /** IAM's unique id, as AWS Config rules name the user */
  userId: string;
  createdOn: string;
  consoleAccess: boolean;
  consoleLastUsedOn?: string;
  mfaEnabledOn?: string;
  accessKeys: { id: string; createdOn: string; lastUsedOn?: string }[];
  attachedPolicies: string[];
  groups: string[];
}

interface RuleResult {
  rule: string;
  resourceType: string;
  resourceId: string;
  compliance: 'COMPLIANT' | 'NON_COMPLIANT';
  recordedAt: string;
  annotation?: string;
}

/** What the account's APIs answer at 02:00 UTC on `day` (1-31) of October 2026. */
export interface DemoAccountState {
  bucketEncrypted: boolean;
  trailLogging: boolean;
  logRetentionDays: number;
  keyRotation: boolean;
  users: DemoUser[];
  root: { mfaActive: boolean; consoleLastUsedOn: string };
  contractorRoleLastUsedOn: string;
  contractorCanStopTrail: boolean;
  ruleResults: RuleResult[];
  /** whether Config's discovered resources (volume, database, table) are recorded yet */
  configRecorded: boolean;
  credentialReportDenied: boolean;
}

const oct = (d: number) => `2026-10-${String(d).padStart(2, '0')}`;
/** The last day before `day` on which something happened on one of `days`, else `before`. */
const lastBefore = (day: number, days: number[], before: string) => {
  const past = days.filter((d) => d < day);
  return past.length > 0 ? oct(Math.max(...past)) : before;
};

const S3_ENCRYPTION_RULE = 's3-bucket-server-side-encryption-enabled-conformance-pack-k3v9x2';
const MFA_RULE = 'iam-user-mfa-enabled-conformance-pack-k3v9x2';
const TAG_RULE = 'rch-ephi-tag-required';

/**
 * The account on `day`. Days of the events: the key's rotation is off until alice enables it on the
 * 1st at 08:30 (the sweep of the 1st finds it off); encryption removed on the 6th and restored on the 7th;
 * retention cut on the 10th; the trail stopped on the 14th at 22:47 and restarted the next morning
 * (so the sweep of the 15th at 02:00 reads it stopped), after which the contractor role loses its
 * CloudTrail rights; carol.billing (no console, no MFA) created on the 21st with an
 * access key; the root user (which never had MFA) signs in on the 25th. The conformance pack is
 * deployed on the 1st at 09:00, so rule results are read from the 2nd.
 */
export function demoAccountOn(day: number): DemoAccountState {
  const users: DemoUser[] = [
    {
      userName: 'alice.nguyen',
      userId: 'AIDAALICE0EXAMPLE0001',
      createdOn: '2024-02-01',
      consoleAccess: true,
      consoleLastUsedOn: lastBefore(day, [3], '2026-09-30'),
      mfaEnabledOn: '2024-02-01',
      accessKeys: [],
      attachedPolicies: ['AdministratorAccess'],
      groups: ['security'],
    },
    {
      userName: 'bob.devops',
      userId: 'AIDABOB00EXAMPLE00003',
      createdOn: '2024-05-13',
      consoleAccess: true,
      consoleLastUsedOn: '2026-09-29',
      mfaEnabledOn: '2024-05-13',
      accessKeys: [
        {
          id: 'AKIABOBEXAMPLE000001',
          createdOn: '2026-08-14',
          lastUsedOn: lastBefore(day, [6, 10], '2026-09-30'),
        },
      ],
      attachedPolicies: ['PowerUserAccess'],
      groups: ['developers'],
    },
  ];
  if (day > 21)
    users.push({
      userName: 'carol.billing',
      userId: 'AIDACAROL0EXAMPLE0002',
      createdOn: '2026-10-21',
      consoleAccess: false,
      accessKeys: [{ id: 'AKIACAROLEXAMPLE0001', createdOn: '2026-10-21' }],
      attachedPolicies: ['job-function/Billing'],
      groups: [],
    });
  const bucket = DEMO_RESOURCES.bucket;
  const ruleResults: RuleResult[] =
    day < 2
      ? []
      : [
          day === 7
            ? {
                rule: S3_ENCRYPTION_RULE,
                resourceType: 'AWS::S3::Bucket',
                resourceId: bucket,
                compliance: 'NON_COMPLIANT',
                recordedAt: '2026-10-06T10:20:00.000Z',
              }
            : {
                rule: S3_ENCRYPTION_RULE,
                resourceType: 'AWS::S3::Bucket',
                resourceId: bucket,
                compliance: 'COMPLIANT',
                recordedAt: day < 7 ? '2026-10-01T09:00:00.000Z' : '2026-10-07T09:20:00.000Z',
              },
          {
            rule: TAG_RULE,
            resourceType: 'AWS::S3::Bucket',
            resourceId: bucket,
            compliance: 'COMPLIANT',
            recordedAt: '2026-10-01T09:00:00.000Z',
          },
          ...users.map(
            (u): RuleResult => ({
              rule: MFA_RULE,
              resourceType: 'AWS::IAM::User',
              resourceId: u.userId,
              ...(u.mfaEnabledOn
                ? { compliance: 'COMPLIANT', recordedAt: '2026-10-01T09:00:00.000Z' }
                : {
                    compliance: 'NON_COMPLIANT',
                    recordedAt: '2026-10-21T11:45:00.000Z',
                    annotation: 'MFA is not enabled for this IAM user.',
                  }),
            }),
          ),
        ];
  return {
    bucketEncrypted: day !== 7,
    trailLogging: day !== 15,
    logRetentionDays: day > 10 ? 30 : 2557,
    keyRotation: day > 1,
    users,
    root: { mfaActive: false, consoleLastUsedOn: lastBefore(day, [25], '2026-03-14') },
    contractorRoleLastUsedOn: lastBefore(day, [14, 18], '2026-09-30'),
    contractorCanStopTrail: day <= 15,
    ruleResults,
    configRecorded: day > 1,
    credentialReportDenied: day >= CREDENTIAL_REPORT_DENIED_FROM,
  };
}

/** Records calls the way the real collectors' ApiLog does: one outcome per API reached. */
class Calls {
  private readonly outcomes = new Map<string, ApiOutcome>();
  ok(api: string, calls = 1): void {
    const o = this.outcomes.get(api) ?? { api, calls: 0, failures: [] };
    o.calls += calls;
    this.outcomes.set(api, o);
  }
  denied(api: string): void {
    this.ok(api);
    this.outcomes.get(api)?.failures.push({
      errorCode: 'AccessDenied',
      message: `User: <arn> is not authorized to perform: ${api} with an explicit deny in a service control policy`,
    });
  }
  results(): ApiOutcome[] {
    return [...this.outcomes.values()];
  }
}

/** A configuration item in Config's spelling, as the service collectors build them. */
function serviceItem(
  ctx: SweepContext,
  api: string,
  resourceType: string,
  resourceId: string,
  configuration: Record<string, unknown>,
  extra: { arn?: string; supplementaryConfiguration?: Record<string, unknown>; noAccount?: boolean } = {},
): SweepDetail {
  return {
    kind: 'configuration-item',
    api,
    item: {
      ...(extra.noAccount ? {} : { accountId: DEMO_ACCOUNT }),
      ...(extra.arn ? { arn: extra.arn } : {}),
      awsRegion: ctx.region,
      resourceType,
      resourceId,
      resourceName: resourceId,
      configurationItemCaptureTime: ctx.startedAt.toISOString(),
      configurationItemStatus: 'OK',
      configuration,
      supplementaryConfiguration: extra.supplementaryConfiguration ?? {},
    },
  };
}

function collector(service: string, read: (ctx: SweepContext, calls: Calls) => SweepItem[]): SweepCollector {
  return {
    service,
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const calls = new Calls();
      const items = read(ctx, calls);
      return { items, apis: calls.results(), accountIds: [DEMO_ACCOUNT] };
    },
  };
}

/** The sweep's collectors over the account as it is on `day`. */
export function demoCollectors(day: number): SweepCollector[] {
  const s = demoAccountOn(day);
  const r = DEMO_RESOURCES;
  return [
    collector('config', (ctx, calls) => {
      calls.ok('config:DescribeConfigurationRecorderStatus');
      calls.ok('config:DescribeConfigRules');
      calls.ok('config:GetComplianceDetailsByConfigRule', new Set(s.ruleResults.map((x) => x.rule)).size);
      calls.ok('config:ListDiscoveredResources', 3);
      const recorded = s.configRecorded ? r.configItems : [];
      calls.ok('config:BatchGetResourceConfig', recorded.length > 0 ? 1 : 0);
      return [
        {
          key: 'recorder:default',
          detail: {
            kind: 'recorder-status',
            name: 'default',
            exists: true,
            recording: true,
            lastStatus: 'SUCCESS',
          },
        },
        ...s.ruleResults.map(
          (x): SweepItem => ({
            key: `rule:${x.rule}:${x.resourceType}:${x.resourceId}`,
            detail: {
              kind: 'rule-evaluation',
              configRuleName: x.rule,
              resourceType: x.resourceType,
              resourceId: x.resourceId,
              complianceType: x.compliance,
              ...(x.annotation ? { annotation: x.annotation } : {}),
              resultRecordedTime: x.recordedAt,
            },
          }),
        ),
        // BatchGetResourceConfig answers Config's own items: the configuration as a JSON string, no tags
        ...recorded.map(
          (ci): SweepItem => ({
            key: `config:${ci.resourceType}:${ci.resourceId}`,
            detail: {
              kind: 'configuration-item',
              api: 'config:BatchGetResourceConfig',
              item: {
                accountId: DEMO_ACCOUNT,
                arn: ci.arn,
                awsRegion: ctx.region,
                resourceType: ci.resourceType,
                resourceId: ci.resourceId,
                resourceName: ci.resourceName ?? ci.resourceId,
                configurationItemCaptureTime: ci.capturedAt,
                configurationItemStatus: 'OK',
                configurationStateId: String(Date.parse(ci.capturedAt)),
                configuration: JSON.stringify(ci.configuration),
                supplementaryConfiguration: {},
              },
            },
          }),
        ),
      ];
    }),
    collector('cloudtrail', (ctx, calls) => {
      calls.ok('cloudtrail:DescribeTrails');
      calls.ok('cloudtrail:GetTrailStatus');
      calls.ok('cloudtrail:GetEventSelectors');
      return [
        {
          key: `trail:${r.trailArn}`,
          detail: serviceItem(
            ctx,
            'cloudtrail:DescribeTrails',
            'AWS::CloudTrail::Trail',
            r.trail,
            {
              ...r.trailConfiguration,
              hasCustomEventSelectors: false,
              hasInsightSelectors: false,
              isLogging: s.trailLogging,
              eventSelectors: [
                {
                  readWriteType: 'All',
                  includeManagementEvents: true,
                  dataResources: [],
                  excludeManagementEventSources: [],
                },
              ],
            },
            { arn: r.trailArn },
          ),
        },
      ];
    }),
    collector('logs', (ctx, calls) => {
      calls.ok('logs:DescribeLogGroups');
      return [
        {
          key: `log-group:${r.logGroup}`,
          detail: serviceItem(
            ctx,
            'logs:DescribeLogGroups',
            'AWS::Logs::LogGroup',
            r.logGroup,
            {
              logGroupName: r.logGroup,
              arn: r.logGroupArn,
              creationTime: Date.parse('2024-03-02T10:05:00.000Z'),
              retentionInDays: s.logRetentionDays,
              kmsKeyId: r.kmsKeyArn,
              logGroupClass: 'STANDARD',
            },
            { arn: r.logGroupArn },
          ),
        },
      ];
    }),
    collector('kms', (ctx, calls) => {
      calls.ok('kms:ListKeys');
      calls.ok('kms:DescribeKey');
      calls.ok('kms:GetKeyRotationStatus');
      return [
        {
          key: `kms:${r.kmsKeyId}`,
          detail: serviceItem(
            ctx,
            'kms:DescribeKey',
            'AWS::KMS::Key',
            r.kmsKeyId,
            {
              keyId: r.kmsKeyId,
              arn: r.kmsKeyArn,
              creationDate: '2024-03-01T09:00:00.000Z',
              enabled: true,
              keyUsage: 'ENCRYPT_DECRYPT',
              keyState: 'Enabled',
              origin: 'AWS_KMS',
              keyManager: 'CUSTOMER',
              keySpec: 'SYMMETRIC_DEFAULT',
              multiRegion: false,
            },
            {
              arn: r.kmsKeyArn,
              supplementaryConfiguration: { KeyRotationStatus: s.keyRotation, RotationPeriodInDays: 365 },
            },
          ),
        },
      ];
    }),
    collector('s3', (ctx, calls) => {
      calls.ok('s3:ListBuckets');
      calls.ok('s3:GetBucketEncryption');
      calls.ok('s3:GetBucketPolicy');
      const detail = serviceItem(
        ctx,
        's3:ListBuckets',
        'AWS::S3::Bucket',
        r.bucket,
        { name: r.bucket, creationDate: '2024-03-02T10:00:00.000Z' },
        {
          // like the S3 collector: no account (ListBuckets shows no ARN; the envelope has it), no tags
          noAccount: true,
          supplementaryConfiguration: {
            BucketPolicy: { policyText: r.bucketPolicy },
            ...(s.bucketEncrypted
              ? {
                  ServerSideEncryptionConfiguration: {
                    rules: [
                      {
                        applyServerSideEncryptionByDefault: {
                          sseAlgorithm: 'aws:kms',
                          kmsMasterKeyID: r.kmsKeyArn,
                        },
                        bucketKeyEnabled: true,
                      },
                    ],
                  },
                }
              : {}),
          },
        },
      );
      return [{ key: `s3:${r.bucket}`, detail }];
    }),
    collector('iam', (_ctx, calls) => iamItems(s, calls)),
  ];
}

/** Users, the root user and the access snapshot, as the IAM collector reads them. */
function iamItems(s: DemoAccountState, calls: Calls): SweepItem[] {
  const items: SweepItem[] = [];
  const report = !s.credentialReportDenied;
  if (report) {
    calls.ok('iam:GenerateCredentialReport');
    calls.ok('iam:GetCredentialReport');
    items.push({
      key: 'iam-root',
      detail: {
        kind: 'iam-root',
        mfaActive: s.root.mfaActive,
        activeAccessKeys: 0,
        consoleLastUsedOn: s.root.consoleLastUsedOn,
      },
    });
  } else calls.denied('iam:GenerateCredentialReport'); // the collector asks for no report it could not generate
  calls.ok('iam:ListUsers');
  const perUser = s.users.length;
  const keys = s.users.reduce((n, u) => n + u.accessKeys.length, 0);
  for (const api of [
    'ListMFADevices',
    'ListAccessKeys',
    'ListAttachedUserPolicies',
    'ListUserPolicies',
    'ListGroupsForUser',
  ])
    calls.ok(`iam:${api}`, perUser);
  calls.ok('iam:GetAccessKeyLastUsed', keys);
  const users = s.users.map((u) => {
    const mask = (id: string) => `${id.slice(0, 4)}…${id.slice(-4)}`;
    const detail: UserDetail = {
      kind: 'iam-user',
      userName: u.userName,
      arn: `arn:aws:iam::${DEMO_ACCOUNT}:user/${u.userName}`,
      createdOn: u.createdOn,
      // console passwords come from the credential report only
      ...(report ? { consoleAccess: u.consoleAccess } : {}),
      ...(u.consoleLastUsedOn ? { consoleLastUsedOn: u.consoleLastUsedOn } : {}),
      mfaDevices: u.mfaEnabledOn ? [{ type: 'virtual', enabledOn: u.mfaEnabledOn }] : [],
      accessKeys: u.accessKeys.map((k) => ({
        id: mask(k.id),
        status: 'Active',
        createdOn: k.createdOn,
        ...(k.lastUsedOn ? { lastUsedOn: k.lastUsedOn } : {}),
      })),
      attachedPolicies: u.attachedPolicies,
      inlinePolicies: [],
      groups: u.groups,
    };
    return detail;
  });
  for (const detail of users) items.push({ key: `iam-user:${detail.arn}`, detail });
  calls.ok('iam:ListRoles');
  for (const api of ['GetRole', 'ListAttachedRolePolicies', 'ListRolePolicies']) calls.ok(`iam:${api}`);
  items.push({
    key: 'access-snapshot',
    detail: {
      kind: 'access-snapshot',
      users: users
        .map((u) => ({
          userName: u.userName,
          arn: u.arn,
          ...(u.consoleAccess !== undefined ? { consoleAccess: u.consoleAccess } : {}),
          mfa: u.mfaDevices.length > 0,
          activeAccessKeys: u.accessKeys.length,
          attachedPolicies: u.attachedPolicies,
          inlinePolicies: u.inlinePolicies,
          groups: u.groups,
          ...(latestDay(u.consoleLastUsedOn, ...u.accessKeys.map((k) => k.lastUsedOn))
            ? {
                lastActivityOn: latestDay(
                  u.consoleLastUsedOn,
                  ...u.accessKeys.map((k) => k.lastUsedOn),
                ) as string,
              }
            : {}),
        }))
        .sort((a, b) => a.arn.localeCompare(b.arn)),
      roles: [
        {
          roleName: 'ContractorAdmin',
          arn: `arn:aws:iam::${DEMO_ACCOUNT}:role/ContractorAdmin`,
          trustedBy: ['arn:aws:iam::444455556666:root'],
          // CloudTrail rights taken away after the 14th: the attempt of the 18th is denied
          attachedPolicies: s.contractorCanStopTrail
            ? ['AWSCloudTrail_FullAccess', 'ReadOnlyAccess']
            : ['ReadOnlyAccess'],
          inlinePolicies: [],
          lastUsedOn: s.contractorRoleLastUsedOn,
        },
      ],
      incomplete: report ? [] : ['iam:GetCredentialReport'],
    },
  });
  return items;
}

function latestDay(...days: (string | undefined)[]): string | undefined {
  return days
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);
}
