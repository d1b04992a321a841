/** IAM in the fake account: users, roles, their keys, MFA and policies, and the credential report. */
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT_ID, type FakeAccount, REGION, userArn } from './account';
import { awsError, page, type Serve } from './serve';

/** Mocks every IAMClient and serves `account` through it. */
export function serveIam(account: FakeAccount, serve: Serve): AwsClientStub<IAMClient> {
  const iam = mockClient(IAMClient);
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
  iam.on(GetAccountPasswordPolicyCommand).callsFake(
    serve('iam:GetAccountPasswordPolicy', () => {
      if (!account.passwordPolicy)
        throw awsError(
          'NoSuchEntityException',
          `The Password Policy with domain name ${ACCOUNT_ID} cannot be found.`,
        );
      return { PasswordPolicy: { ...account.passwordPolicy } };
    }),
  );
  const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:policy/${name}`;
  iam.on(ListPoliciesCommand).callsFake(
    serve('iam:ListPolicies', (input: { Marker?: string; Scope?: string }) => {
      const p = page(input.Scope === 'Local' ? (account.policies ?? []) : [], input.Marker);
      return {
        Policies: p.items.map((x) => ({
          PolicyName: x.name,
          PolicyId: `ANPA${x.name
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, '')
            .padEnd(17, 'X')}`,
          Arn: policyArn(x.name),
          Path: '/',
          DefaultVersionId: 'v2',
          AttachmentCount: x.attachments,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: new Date('2025-01-01T00:00:00Z'),
          UpdateDate: new Date('2025-06-01T00:00:00Z'),
        })),
        IsTruncated: p.next !== undefined,
        ...(p.next ? { Marker: p.next } : {}),
      };
    }),
  );
  iam.on(GetPolicyVersionCommand).callsFake(
    serve(
      'iam:GetPolicyVersion',
      (input: { PolicyArn: string; VersionId: string }) => {
        const x = (account.policies ?? []).find((q) => policyArn(q.name) === input.PolicyArn);
        if (!x) throw awsError('NoSuchEntityException', `Policy ${input.PolicyArn} does not exist.`);
        return {
          PolicyVersion: {
            // IAM returns the document URL-encoded (RFC 3986)
            Document: encodeURIComponent(JSON.stringify(x.document)),
            VersionId: input.VersionId,
            IsDefaultVersion: true,
            CreateDate: new Date('2025-06-01T00:00:00Z'),
          },
        };
      },
      (input) => input.PolicyArn.split('/').pop() ?? input.PolicyArn,
    ),
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
  return iam;
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
