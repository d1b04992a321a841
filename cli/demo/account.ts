/**
 * The demo account as the daily sweep reads it: the state of each resource at 02:00 UTC on a day of
 * October 2026, agreeing with the scenario's events (a change made by an event on day N is read from
 * day N+1). collectors.ts returns it as the real collectors would. From the 28th a new service control
 * policy denies IAM's credential report, so the sweep cannot see the root user or console passwords: a
 * collection gap.
 */

import { CAROL, DEMO_RESOURCES, DEMO_USER_IDS } from './scenario';

/** The first day (of October 2026) on which IAM's credential report is denied. */
export const CREDENTIAL_REPORT_DENIED_FROM = 28;

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
  /** whether the region's GuardDuty detector is enabled (suspended on the 23rd) */
  guardDutyEnabled: boolean;
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
 * CloudTrail rights; carol.billing created on the 21st with a console password and an access key
 * but no MFA (Config's iam-user-mfa-enabled rule and the sweep's credential report agree she is
 * non-compliant); GuardDuty is suspended on the 23rd (off from the sweep of the 24th, to month end);
 * the root user (which never had MFA) signs in on the 25th. The conformance pack is
 * deployed on the 1st at 09:00, so rule results are read from the 2nd.
 */
export function demoAccountOn(day: number): DemoAccountState {
  const users: DemoUser[] = [
    {
      userName: 'alice.nguyen',
      userId: DEMO_USER_IDS.alice,
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
      userId: DEMO_USER_IDS.bob,
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
      userName: CAROL.userName,
      userId: CAROL.userId,
      createdOn: '2026-10-21',
      consoleAccess: true,
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
    guardDutyEnabled: day <= 23,
  };
}
