import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudTrailCollector } from '../../../../core/adapters/sweep/cloudtrail';
import { iamCollector } from '../../../../core/adapters/sweep/iam';
import { kmsCollector } from '../../../../core/adapters/sweep/kms';
import { assess } from '../../../../core/domain/catalog';
import type { SweepDetail } from '../../../../evidence-schemas';
import { observeSweep } from '../../../fixtures/sweep-builders';
import {
  ACCOUNT_ID,
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  REGION,
  serveAccount,
} from '../../../helpers/fake-aws-account';
import { SWEEP_CTX } from '../../../helpers/sweep-collector-test';

const ctx = SWEEP_CTX;

let account: FakeAccount;
let aws: FakeAws;
beforeEach(() => {
  account = healthyAccount();
  aws = serveAccount(account);
});
afterEach(() => {
  aws.restore();
});

/** The verdict `controlId` gives the item at `key`, observed as the pipeline observes it. */
function verdictOf(items: { key: string; detail: unknown }[], key: string, controlId: string) {
  const item = items.find((i) => i.key === key);
  if (!item) return undefined;
  return assess(observeSweep(item.detail as SweepDetail)).find((a) => a.controlId === controlId);
}

const POLICY_KEY = `account-password-policy:${ACCOUNT_ID}`;

describe('IAM collector: the account password policy', () => {
  it('writes a strong policy as a compliant account item', async () => {
    // Act
    const r = await iamCollector(aws.clients.iam, { reportPollMs: 1 }).collect(ctx);
    // Assess
    expect(verdictOf(r.items, POLICY_KEY, 'iam-password-policy')).toMatchObject({ status: 'COMPLIANT' });
    expect(observeSweep(r.items.find((i) => i.key === POLICY_KEY)?.detail as SweepDetail).subject).toEqual({
      accountId: ACCOUNT_ID,
      region: 'global',
      resourceType: 'AWS::::Account',
      resourceId: ACCOUNT_ID,
      arn: `arn:aws:iam::${ACCOUNT_ID}:root`,
    });
  });

  it('names the shortfalls of a weak policy', async () => {
    // Prepare
    account.passwordPolicy = {
      MinimumPasswordLength: 8,
      RequireSymbols: false,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: false,
    };
    // Act
    const r = await iamCollector(aws.clients.iam, { reportPollMs: 1 }).collect(ctx);
    // Assess
    const v = verdictOf(r.items, POLICY_KEY, 'iam-password-policy');
    expect(v?.status).toBe('NON_COMPLIANT');
    expect(v?.reason).toContain('minimum length 8');
    expect(v?.reason).toContain('password reuse not prevented');
    expect(v?.reason).toContain('a symbol not required');
  });

  it('reads NoSuchEntity as an account without a policy, not as a gap', async () => {
    // Prepare
    delete account.passwordPolicy;
    // Act
    const r = await iamCollector(aws.clients.iam, { reportPollMs: 1 }).collect(ctx);
    // Assess
    expect(verdictOf(r.items, POLICY_KEY, 'iam-password-policy')).toMatchObject({
      status: 'NON_COMPLIANT',
      reason: expect.stringContaining('no IAM password policy'),
    });
    expect(r.apis.find((a) => a.api === 'iam:GetAccountPasswordPolicy')?.failures).toEqual([]);
  });

  it('records a denied GetAccountPasswordPolicy as a failure and writes no item', async () => {
    // Prepare
    account.denied.add('iam:GetAccountPasswordPolicy');
    // Act
    const r = await iamCollector(aws.clients.iam, { reportPollMs: 1 }).collect(ctx);
    // Assess
    expect(r.items.find((i) => i.key === POLICY_KEY)).toBeUndefined();
    expect(r.apis.find((a) => a.api === 'iam:GetAccountPasswordPolicy')?.failures[0]?.errorCode).toBe(
      'AccessDeniedException',
    );
  });
});

describe('IAM collector: customer managed policies', () => {
  const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const policyKey = (name: string) => `iam-policy:arn:aws:iam::${ACCOUNT_ID}:policy/${name}`;

  it('writes every local policy over several pages with its default version, judged by iam-policy-no-admin', async () => {
    // Prepare
    account.policies = [
      ...(account.policies ?? []),
      { name: 'break-glass', document: admin, attachments: 0 },
      {
        name: 'billing-s3',
        document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } },
        attachments: 2,
      },
    ];
    // Act
    const r = await iamCollector(aws.clients.iam, { reportPollMs: 1 }).collect(ctx);
    // Assess
    expect(aws.calls.filter((c) => c === 'iam:ListPolicies')).toHaveLength(2);
    expect(verdictOf(r.items, policyKey('intake-read'), 'iam-policy-no-admin')?.status).toBe('COMPLIANT');
    expect(verdictOf(r.items, policyKey('break-glass'), 'iam-policy-no-admin')?.status).toBe('NON_COMPLIANT');
    expect(verdictOf(r.items, policyKey('billing-s3'), 'iam-policy-no-admin')?.reason).toContain('"s3:*"');
  });

  it('records a failed GetPolicyVersion for the policy and leaves it out', async () => {
    // Prepare
    account.denied.add('iam:GetPolicyVersion:intake-read');
    // Act
    const r = await iamCollector(aws.clients.iam, { reportPollMs: 1 }).collect(ctx);
    // Assess
    expect(r.items.find((i) => i.key === policyKey('intake-read'))).toBeUndefined();
    expect(r.apis.find((a) => a.api === 'iam:GetPolicyVersion')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDeniedException', resource: 'intake-read' }),
    ]);
  });
});

describe('KMS collector: key state', () => {
  const keyKey = (id: string) => `kms:${id}`;
  const [first, second] = ['0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6', '1c8f5d3b-6e20-4a94-b7f1-a2d3e4f5a6b7'];

  it('writes enabled, disabled and pending-deletion keys, judged by kms-key-deletion', async () => {
    // Prepare
    const keys = account.keys.map((k) => ({ ...k }));
    account.keys = keys;
    const pending = keys.find((k) => k.id === second);
    if (pending) pending.state = 'PendingDeletion';
    account.keys.push({
      id: '4f128a6e-9153-4dc7-8ac4-d5a6b7c8d9e0',
      manager: 'CUSTOMER',
      spec: 'SYMMETRIC_DEFAULT',
      rotation: true,
      state: 'Disabled',
    });
    // Act
    const r = await kmsCollector(aws.clients.kms).collect(ctx);
    // Assess
    expect(verdictOf(r.items, keyKey(first), 'kms-key-deletion')?.status).toBe('COMPLIANT');
    expect(verdictOf(r.items, keyKey(second), 'kms-key-deletion')).toMatchObject({
      status: 'NON_COMPLIANT',
      reason: expect.stringContaining('scheduled for deletion on 2026-12-22'),
    });
    // KMS refuses the rotation of a key pending deletion: not asked, and rotation is not judged
    expect(verdictOf(r.items, keyKey(second), 'kms-key-rotation')).toBeUndefined();
    expect(
      verdictOf(r.items, keyKey('4f128a6e-9153-4dc7-8ac4-d5a6b7c8d9e0'), 'kms-key-deletion')?.status,
    ).toBe('NON_COMPLIANT');
    expect(r.apis.find((a) => a.api === 'kms:GetKeyRotationStatus')?.failures).toEqual([]);
    // ListKeys over several pages (PAGE keys each)
    expect(aws.calls.filter((c) => c === 'kms:ListKeys').length).toBeGreaterThan(1);
  });

  it('a failed DescribeKey is a failure naming the key, and the key is not judged', async () => {
    // Prepare
    account.denied.add(`kms:DescribeKey:${first}`);
    // Act
    const r = await kmsCollector(aws.clients.kms).collect(ctx);
    // Assess
    expect(r.items.find((i) => i.key === keyKey(first))).toBeUndefined();
    expect(r.apis.find((a) => a.api === 'kms:DescribeKey')?.failures[0]?.resource).toBe(first);
  });
});

describe('CloudTrail collector: delivery to CloudWatch Logs and S3 data events', () => {
  const trailKey = (name: string) => `trail:arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/${name}`;

  it('judges each trail on its log group and its S3 data event selectors', async () => {
    // Prepare
    account.trails = [
      ...account.trails,
      { name: 'reads-only', isLogging: true, multiRegion: true, validation: true, s3DataEvents: 'ReadOnly' },
      { name: 'bare', isLogging: true, multiRegion: false, validation: false },
    ];
    // Act
    const r = await cloudTrailCollector(aws.clients.cloudtrail).collect(ctx);
    // Assess
    expect(verdictOf(r.items, trailKey('org-audit'), 'cloudtrail-cloudwatch-logs')?.status).toBe('COMPLIANT');
    expect(verdictOf(r.items, trailKey('org-audit'), 'cloudtrail-s3-data-events')?.status).toBe('COMPLIANT');
    expect(verdictOf(r.items, trailKey('reads-only'), 'cloudtrail-s3-data-events')).toMatchObject({
      status: 'NON_COMPLIANT',
      reason: 'the trail records no S3 data writes',
    });
    expect(verdictOf(r.items, trailKey('bare'), 'cloudtrail-cloudwatch-logs')?.status).toBe('NON_COMPLIANT');
  });

  it('a failed GetEventSelectors is a failure naming the trail, and the trail is not judged', async () => {
    // Prepare
    account.denied.add('cloudtrail:GetEventSelectors');
    // Act
    const r = await cloudTrailCollector(aws.clients.cloudtrail).collect(ctx);
    // Assess
    expect(r.items.find((i) => i.key === trailKey('org-audit'))).toBeUndefined();
    expect(r.apis.find((a) => a.api === 'cloudtrail:GetEventSelectors')?.failures[0]?.resource).toBe(
      'org-audit',
    );
  });
});

describe('IAM collector: console password use', () => {
  it('judges each user on the last use of the console password', async () => {
    // Prepare
    account.users = account.users.map((u) =>
      u.name === 'bob' ? { ...u, passwordLastUsed: '2026-08-01T09:00:00Z' } : u,
    );
    // Act
    const r = await iamCollector(aws.clients.iam, { reportPollMs: 1 }).collect(ctx);
    // Assess
    const user = (name: string) => `iam-user:arn:aws:iam::${ACCOUNT_ID}:user/${name}`;
    expect(verdictOf(r.items, user('alice'), 'iam-user-console-unused')?.status).toBe('COMPLIANT');
    expect(verdictOf(r.items, user('bob'), 'iam-user-console-unused')).toMatchObject({
      status: 'NON_COMPLIANT',
      reason: 'console password unused since 2026-08-01 (over 45 days)',
    });
    expect(verdictOf(r.items, user('ci-deployer'), 'iam-user-console-unused')?.status).toBe('NOT_APPLICABLE');
  });
});

describe('IAM collector: policies held by users themselves', () => {
  it('judges each user on its attached and inline policies', async () => {
    // Act
    const r = await iamCollector(aws.clients.iam, { reportPollMs: 1 }).collect(ctx);
    // Assess
    const user = (name: string) => `iam-user:arn:aws:iam::${ACCOUNT_ID}:user/${name}`;
    expect(verdictOf(r.items, user('bob'), 'iam-user-no-policies')?.status).toBe('COMPLIANT');
    expect(verdictOf(r.items, user('ci-deployer'), 'iam-user-no-policies')).toMatchObject({
      status: 'NON_COMPLIANT',
      reason: 'the user holds policies of its own (attached: PowerUserAccess; inline: deploy-extra)',
    });
  });
});
