/**
 * The demo account's in-memory sweep collectors: they return the account as it is on a day of the
 * month (account.ts) the way the real collectors (core/adapters/sweep/) would: the same items, API
 * names and failures.
 */

import type {
  ApiOutcome,
  CollectorResult,
  SweepCollector,
  SweepContext,
  SweepItem,
} from '../../core/ports/sweep-collector';
import type { SweepDetail } from '../../evidence-schemas';
import { type DemoAccountState, demoAccountOn } from './account';
import { BUCKET_EXPOSURE, exposureReads } from './exposure';
import { DEMO_ACCOUNT, DEMO_RESOURCES } from './scenario';

type UserDetail = Extract<SweepDetail, { kind: 'iam-user' }>;

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
      for (const api of BUCKET_EXPOSURE.apis) calls.ok(api);
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
            ...BUCKET_EXPOSURE.supplementaryConfiguration,
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
    // threat detection: the region's GuardDuty detector, with no open high-severity finding
    collector('guardduty', (ctx, calls) => {
      calls.ok('guardduty:ListDetectors');
      calls.ok('guardduty:GetDetector');
      calls.ok('guardduty:ListFindings');
      calls.ok('guardduty:GetFindings', 0);
      const detail = serviceItem(
        ctx,
        'guardduty:GetDetector',
        'AWS::GuardDuty::Detector',
        r.detectorId,
        {
          Id: r.detectorId,
          Enable: s.guardDutyEnabled,
          Status: s.guardDutyEnabled ? 'ENABLED' : 'DISABLED',
          FindingPublishingFrequency: 'SIX_HOURS',
        },
        { supplementaryConfiguration: { HighSeverityFindings: { count: 0, byType: {} } } },
      );
      return [{ key: `AWS::GuardDuty::Detector:${r.detectorId}`, detail }];
    }),
    // public exposure: EC2, RDS snapshots, Lambda and the account's Block Public Access (exposure.ts)
    ...exposureReads(day, DEMO_ACCOUNT, serviceItem).map(({ service, read }) =>
      collector(service, (ctx, calls) => read(ctx, (api, n) => calls.ok(api, n))),
    ),
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
      // ListUsers gives the unique id too: the alias Config rules name the user by
      userId: u.userId,
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
