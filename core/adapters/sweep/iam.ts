/**
 * IAM (global): one observation per user (console access, MFA devices, access keys with their
 * creation and last-use days, attached and inline policy names, groups), the root user from the
 * credential report, and one access snapshot per account: who has access to what, with last activity
 * rounded to the day. No credential, secret or tag value is read or kept; access key ids are masked.
 * The account's password policy becomes an AWS::::Account item (Config records none for it), and each
 * customer managed policy an AWS::IAM::Policy item with its default version's document, in Config's
 * spelling (policyVersionList holds that one version; Config's holds them all).
 */
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  type IAMClient,
  type Policy,
  paginateListAccessKeys,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListPolicies,
  paginateListRolePolicies,
  paginateListRoles,
  paginateListUserPolicies,
  paginateListUsers,
  type Role,
  type User,
} from '@aws-sdk/client-iam';
import type { SweepDetail } from '../../../evidence-schemas';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, configCase, dayOf, isFactError } from './calls';

type UserDetail = Extract<SweepDetail, { kind: 'iam-user' }>;
type Snapshot = Extract<SweepDetail, { kind: 'access-snapshot' }>;

export interface IamCollectorOptions {
  /** wait between credential report polls (default 2 s) */
  reportPollMs?: number;
  /** polls before giving up on the credential report (default 15) */
  reportPolls?: number;
}

/** An access key id masked as the console shows it: the first and last four characters. */
export function maskKeyId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

/** Splits CSV text into rows (RFC 4180 quoting). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The credential report's rows as objects keyed by column name. */
function reportRows(content: Uint8Array): Record<string, string>[] {
  const [header, ...rows] = parseCsv(new TextDecoder().decode(content));
  if (!header) return [];
  return rows
    .filter((r) => r.length === header.length)
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function reportDay(value: string | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : undefined;
}

function mfaType(serial: string): 'virtual' | 'hardware' | 'u2f' {
  if (/^arn:[^:]+:iam::\d{12}:u2f\//.test(serial)) return 'u2f';
  if (serial.startsWith('arn:')) return 'virtual';
  return 'hardware';
}

/** The principals a role's trust policy (URL-encoded JSON, as IAM returns it) lets assume it. */
export function trustedPrincipals(document: string | undefined): string[] {
  if (!document) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(decodeURIComponent(document));
  } catch {
    return ['(unreadable trust policy)'];
  }
  const out = new Set<string>();
  const statements = (doc as { Statement?: unknown })?.Statement;
  for (const s of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    if (!s || typeof s !== 'object' || (s as { Effect?: unknown }).Effect !== 'Allow') continue;
    const p = (s as { Principal?: unknown }).Principal;
    if (typeof p === 'string') out.add(p);
    else if (p && typeof p === 'object')
      for (const v of Object.values(p))
        for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') out.add(x);
  }
  return [...out].sort();
}

const sorted = (names: (string | undefined)[]) => [...new Set(names.filter((n): n is string => !!n))].sort();
const latest = (days: (string | undefined)[]) =>
  days
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);

/**
 * The account's password policy as an AWS::::Account item: IAM's fields in Config's camelCase spelling
 * beside `hasPasswordPolicy`, false when IAM answers NoSuchEntity (the account has none). Undefined
 * when the call failed (a gap) or the account id is unknown.
 */
async function readPasswordPolicy(
  client: IAMClient,
  log: ApiLog,
  ctx: SweepContext,
  reportAccount: string | undefined,
): Promise<SweepItem | undefined> {
  const got = await log.call(
    'iam:GetAccountPasswordPolicy',
    () => client.send(new GetAccountPasswordPolicyCommand({})),
    { facts: ['NoSuchEntity', 'NoSuchEntityException'] },
  );
  const account = ctx.accountId ?? reportAccount;
  if (got === undefined || !account) return undefined;
  const policy = isFactError(got) ? undefined : got.PasswordPolicy;
  if (!isFactError(got) && !policy) return undefined;
  return {
    key: `account-password-policy:${account}`,
    detail: {
      kind: 'configuration-item',
      api: 'iam:GetAccountPasswordPolicy',
      item: {
        accountId: account,
        awsRegion: 'global',
        resourceType: 'AWS::::Account',
        resourceId: account,
        resourceName: account,
        configurationItemCaptureTime: ctx.startedAt.toISOString(),
        configurationItemStatus: 'OK',
        configuration: {
          hasPasswordPolicy: policy !== undefined,
          ...(policy ? (configCase(policy) as Record<string, unknown>) : {}),
        },
        supplementaryConfiguration: {},
      },
    },
  };
}

/**
 * The account's customer managed policies (attached or not: one attachment away from granting what
 * they say) as AWS::IAM::Policy items with their default version's document (URL-encoded, as IAM and
 * Config give it). A policy whose version cannot be read is left out (a gap of GetPolicyVersion).
 */
async function readManagedPolicies(
  client: IAMClient,
  log: ApiLog,
  ctx: SweepContext,
  accountIds: string[],
): Promise<SweepItem[]> {
  const pages = await log.pages('iam:ListPolicies', () =>
    paginateListPolicies({ client }, { Scope: 'Local', OnlyAttached: false }),
  );
  if (!pages) return [];
  log.reached('iam:GetPolicyVersion');
  const policies = pages.flatMap((p) => p.Policies ?? []);
  const items = await mapLimit(policies, ctx.concurrency, async (p: Policy): Promise<SweepItem[]> => {
    const { Arn, DefaultVersionId, PolicyId, PolicyName } = p;
    if (!Arn || !DefaultVersionId || !PolicyId) return [];
    const got = await log.get(
      'iam:GetPolicyVersion',
      () => client.send(new GetPolicyVersionCommand({ PolicyArn: Arn, VersionId: DefaultVersionId })),
      PolicyName ?? Arn,
    );
    const version = got?.PolicyVersion;
    if (!version?.Document) return [];
    const account = accountOfArn(Arn);
    if (account) accountIds.push(account);
    return [
      {
        key: `iam-policy:${Arn}`,
        detail: {
          kind: 'configuration-item',
          api: 'iam:GetPolicyVersion',
          item: {
            ...(account ? { accountId: account } : {}),
            arn: Arn,
            awsRegion: 'global',
            resourceType: 'AWS::IAM::Policy',
            resourceId: PolicyId,
            resourceName: PolicyName ?? PolicyId,
            configurationItemCaptureTime: ctx.startedAt.toISOString(),
            configurationItemStatus: 'OK',
            configuration: {
              ...(configCase({ ...p, Tags: undefined }) as Record<string, unknown>),
              policyVersionList: [
                configCase({
                  Document: version.Document,
                  VersionId: version.VersionId ?? DefaultVersionId,
                  IsDefaultVersion: true,
                  CreateDate: version.CreateDate,
                }),
              ],
            },
            supplementaryConfiguration: {},
          },
        },
      },
    ];
  });
  return items.flat();
}

export function iamCollector(client: IAMClient, opts: IamCollectorOptions = {}): SweepCollector {
  const pollMs = opts.reportPollMs ?? 2000;
  const polls = opts.reportPolls ?? 15;
  return {
    service: 'iam',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const items: SweepItem[] = [];
      const accountIds: string[] = [];
      const incomplete = new Set<string>();

      // the credential report: console passwords of users, and the root user (no other API shows it)
      let report: Record<string, string>[] | undefined;
      let state: string | undefined;
      for (let i = 0; i < polls; i++) {
        const g = await log.get('iam:GenerateCredentialReport', () =>
          client.send(new GenerateCredentialReportCommand({})),
        );
        state = g?.State;
        if (!g || state === 'COMPLETE') break;
        await new Promise((r) => setTimeout(r, pollMs));
      }
      if (state === 'COMPLETE') {
        const got = await log.get('iam:GetCredentialReport', () =>
          client.send(new GetCredentialReportCommand({})),
        );
        if (got?.Content) report = reportRows(got.Content);
      } else if (state !== undefined) {
        // still generating after every poll: a gap of GetCredentialReport, not silence
        await log.get('iam:GetCredentialReport', async () => {
          throw Object.assign(new Error(`credential report still ${state} after ${polls} polls`), {
            name: 'ReportInProgress',
          });
        });
      }
      if (!report) incomplete.add('iam:GetCredentialReport');
      const byArn = new Map((report ?? []).map((r) => [r.arn, r]));
      const root = (report ?? []).find((r) => r.user === '<root_account>');
      if (root) {
        const account = accountOfArn(root.arn);
        if (account) accountIds.push(account);
        const consoleLastUsedOn = reportDay(root.password_last_used);
        items.push({
          key: 'iam-root',
          detail: {
            kind: 'iam-root',
            mfaActive: root.mfa_active === 'true',
            activeAccessKeys: [root.access_key_1_active, root.access_key_2_active].filter((v) => v === 'true')
              .length,
            ...(consoleLastUsedOn ? { consoleLastUsedOn } : {}),
          },
        });
      }

      const policyItem = await readPasswordPolicy(
        client,
        log,
        ctx,
        root ? accountOfArn(root.arn) : undefined,
      );
      if (policyItem) items.push(policyItem);

      items.push(...(await readManagedPolicies(client, log, ctx, accountIds)));

      const userPages = await log.pages('iam:ListUsers', () => paginateListUsers({ client }, {}));
      if (!userPages) incomplete.add('iam:ListUsers');
      const users = (userPages ?? []).flatMap((p) => p.Users ?? []);
      for (const api of [
        'ListMFADevices',
        'ListAccessKeys',
        'GetAccessKeyLastUsed',
        'ListAttachedUserPolicies',
        'ListUserPolicies',
        'ListGroupsForUser',
      ])
        if (userPages) log.reached(`iam:${api}`);
      const userDetails = await mapLimit(users, ctx.concurrency, (u) => readUser(u));

      async function readUser(
        u: User,
      ): Promise<{ user: User; detail?: UserDetail; lastActivityOn?: string }> {
        const UserName = u.UserName;
        const account = accountOfArn(u.Arn);
        if (account) accountIds.push(account);
        const each = <P, T>(api: string, pages: () => AsyncIterable<P>, pick: (p: P) => T[]) =>
          log.get(
            `iam:${api}`,
            async () => {
              const out: T[] = [];
              for await (const p of pages()) out.push(...pick(p));
              return out;
            },
            UserName,
          );
        const [mfa, keys, attached, inline, groups] = await Promise.all([
          each(
            'ListMFADevices',
            () => paginateListMFADevices({ client }, { UserName }),
            (p) => p.MFADevices ?? [],
          ),
          each(
            'ListAccessKeys',
            () => paginateListAccessKeys({ client }, { UserName }),
            (p) => p.AccessKeyMetadata ?? [],
          ),
          each(
            'ListAttachedUserPolicies',
            () => paginateListAttachedUserPolicies({ client }, { UserName }),
            (p) => p.AttachedPolicies ?? [],
          ),
          each(
            'ListUserPolicies',
            () => paginateListUserPolicies({ client }, { UserName }),
            (p) => p.PolicyNames ?? [],
          ),
          each(
            'ListGroupsForUser',
            () => paginateListGroupsForUser({ client }, { UserName }),
            (p) => p.Groups ?? [],
          ),
        ]);
        const lastUsed = await mapLimit(keys ?? [], 2, async (k) => {
          if (!k.AccessKeyId) return undefined;
          const AccessKeyId = k.AccessKeyId;
          const r = await log.get(
            'iam:GetAccessKeyLastUsed',
            () => client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId })),
            UserName,
          );
          return r === undefined ? null : dayOf(r.AccessKeyLastUsed?.LastUsedDate);
        });
        const consoleLastUsedOn = dayOf(u.PasswordLastUsed);
        const lastActivityOn = latest([consoleLastUsedOn, ...lastUsed.map((d) => d ?? undefined)]);
        if (
          !UserName ||
          !u.Arn ||
          !u.CreateDate ||
          !mfa ||
          !keys ||
          !attached ||
          !inline ||
          !groups ||
          lastUsed.includes(null)
        )
          return { user: u, ...(lastActivityOn ? { lastActivityOn } : {}) };
        const row = byArn.get(u.Arn);
        const consoleAccess = row ? row.password_enabled === 'true' : undefined;
        const detail: UserDetail = {
          kind: 'iam-user',
          userName: UserName,
          arn: u.Arn,
          // the unique id: how Config rules name the user (the alias of her subject)
          ...(u.UserId ? { userId: u.UserId } : {}),
          createdOn: u.CreateDate.toISOString().slice(0, 10),
          ...(consoleAccess !== undefined ? { consoleAccess } : {}),
          ...(consoleLastUsedOn ? { consoleLastUsedOn } : {}),
          mfaDevices: mfa
            .filter((d) => d.SerialNumber && d.EnableDate)
            .map((d) => ({
              type: mfaType(d.SerialNumber as string),
              enabledOn: (d.EnableDate as Date).toISOString().slice(0, 10),
            }))
            .sort((a, b) => `${a.type}${a.enabledOn}`.localeCompare(`${b.type}${b.enabledOn}`)),
          accessKeys: keys
            .map((k, i) => ({
              id: maskKeyId(k.AccessKeyId ?? ''),
              status: k.Status ?? 'Inactive',
              createdOn: dayOf(k.CreateDate) ?? '1970-01-01',
              ...(lastUsed[i] ? { lastUsedOn: lastUsed[i] as string } : {}),
            }))
            .sort((a, b) => a.id.localeCompare(b.id)),
          attachedPolicies: sorted(attached.map((p) => p.PolicyName)),
          inlinePolicies: sorted(inline),
          groups: sorted(groups.map((g) => g.GroupName)),
        };
        return { user: u, detail, ...(lastActivityOn ? { lastActivityOn } : {}) };
      }

      for (const u of userDetails) {
        if (u.detail) items.push({ key: `iam-user:${u.detail.arn}`, detail: u.detail });
        else incomplete.add(`user:${u.user.UserName ?? '?'}`);
      }

      const rolePages = await log.pages('iam:ListRoles', () => paginateListRoles({ client }, {}));
      if (!rolePages) incomplete.add('iam:ListRoles');
      else
        for (const api of ['GetRole', 'ListAttachedRolePolicies', 'ListRolePolicies'])
          log.reached(`iam:${api}`);
      const roles = (rolePages ?? []).flatMap((p) => p.Roles ?? []);
      const roleDetails = await mapLimit(roles, ctx.concurrency, async (r: Role) => {
        const RoleName = r.RoleName;
        const [got, attached, inline] = await Promise.all([
          // ListRoles leaves out RoleLastUsed; GetRole has it
          log.get('iam:GetRole', () => client.send(new GetRoleCommand({ RoleName })), RoleName),
          log.get(
            'iam:ListAttachedRolePolicies',
            async () => {
              const out = [];
              for await (const p of paginateListAttachedRolePolicies({ client }, { RoleName }))
                out.push(...(p.AttachedPolicies ?? []));
              return out;
            },
            RoleName,
          ),
          log.get(
            'iam:ListRolePolicies',
            async () => {
              const out = [];
              for await (const p of paginateListRolePolicies({ client }, { RoleName }))
                out.push(...(p.PolicyNames ?? []));
              return out;
            },
            RoleName,
          ),
        ]);
        if (!got || !attached || !inline) incomplete.add(`role:${RoleName ?? '?'}`);
        const lastUsedOn = dayOf(got?.Role?.RoleLastUsed?.LastUsedDate);
        return {
          roleName: RoleName ?? '',
          arn: r.Arn ?? '',
          trustedBy: trustedPrincipals(r.AssumeRolePolicyDocument),
          attachedPolicies: sorted((attached ?? []).map((p) => p.PolicyName)),
          inlinePolicies: sorted(inline ?? []),
          ...(lastUsedOn ? { lastUsedOn } : {}),
        };
      });
      for (const r of roles) {
        const account = accountOfArn(r.Arn);
        if (account) accountIds.push(account);
      }

      if (userPages || rolePages) {
        const snapshot: Snapshot = {
          kind: 'access-snapshot',
          users: userDetails
            .map(({ user, detail, lastActivityOn }) => ({
              userName: user.UserName ?? '',
              arn: user.Arn ?? '',
              ...(detail?.consoleAccess !== undefined ? { consoleAccess: detail.consoleAccess } : {}),
              mfa: (detail?.mfaDevices.length ?? 0) > 0,
              activeAccessKeys: detail?.accessKeys.filter((k) => k.status === 'Active').length ?? 0,
              attachedPolicies: detail?.attachedPolicies ?? [],
              inlinePolicies: detail?.inlinePolicies ?? [],
              groups: detail?.groups ?? [],
              ...(lastActivityOn ? { lastActivityOn } : {}),
            }))
            .sort((a, b) => a.arn.localeCompare(b.arn)),
          roles: roleDetails.sort((a, b) => a.arn.localeCompare(b.arn)),
          incomplete: [...incomplete].sort(),
        };
        items.push({ key: 'access-snapshot', detail: snapshot });
      }
      return { items, apis: log.results(), accountIds };
    },
  };
}
