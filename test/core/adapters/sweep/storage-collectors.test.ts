import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { s3Collector } from '../../../../core/adapters/sweep/s3';
import { backupCollector, dynamodbCollector } from '../../../../core/adapters/sweep/storage';
import type { SweepContext } from '../../../../core/ports/sweep-collector';
import {
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  NO_STORAGE,
  REGION,
  serveAccount,
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
  (detail as { item: { supplementaryConfiguration: unknown; configuration: unknown } }).item;
const supplementaryOf = (detail: unknown) =>
  (detail as { item: { supplementaryConfiguration: Record<string, unknown> } }).item
    .supplementaryConfiguration;

describe('S3 collector: versioning, logging, replication and Object Lock', () => {
  it('records an unprotected bucket in Config spelling: versioning Off, no log target, no replication, no lock', async () => {
    // Prepare
    const logs = account.buckets[1]!;
    Object.assign(logs, {
      versioning: undefined,
      logTarget: undefined,
      replicateTo: undefined,
      objectLock: false,
    });
    account.buckets[2]!.versioning = 'Suspended';
    // Act
    const r = await s3Collector(aws.clients.s3).collect(ctx);
    // Assess
    const byName = new Map(r.items.map((i) => [i.key, supplementaryOf(i.detail)]));
    expect(byName.get('s3:logs-bucket')).toMatchObject({
      BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
      BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
      BucketReplicationConfiguration: null,
      ObjectLockConfiguration: null,
    });
    expect(byName.get('s3:exports-bucket')).toMatchObject({
      BucketVersioningConfiguration: { status: 'Suspended' },
    });
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
  });

  it('a failed read leaves only its field out and is a gap naming the bucket', async () => {
    // Prepare
    account.denied.add('s3:GetBucketReplication:exports-bucket');
    account.denied.add('s3:GetBucketVersioning:phi-bucket');
    // Act
    const r = await s3Collector(aws.clients.s3).collect(ctx);
    // Assess
    const byName = new Map(r.items.map((i) => [i.key, supplementaryOf(i.detail)]));
    expect(byName.get('s3:exports-bucket')).not.toHaveProperty('BucketReplicationConfiguration');
    expect(byName.get('s3:exports-bucket')).toHaveProperty('BucketVersioningConfiguration');
    expect(byName.get('s3:phi-bucket')).not.toHaveProperty('BucketVersioningConfiguration');
    expect(byName.get('s3:phi-bucket')).toHaveProperty('ObjectLockConfiguration');
    expect(r.apis.find((a) => a.api === 's3:GetBucketReplication')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDenied', resource: 'exports-bucket' }),
    ]);
    expect(r.apis.find((a) => a.api === 's3:GetBucketVersioning')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDenied', resource: 'phi-bucket' }),
    ]);
  });
});

describe('DynamoDB collector', () => {
  it('reads every table over pages with its continuous backups, in Config spelling', async () => {
    // Prepare
    account.storage = {
      ...NO_STORAGE,
      tables: [
        { name: 'appointments', pitr: true },
        { name: 'claims', pitr: false },
        { name: 'sessions', pitr: true },
      ],
    };
    // Act
    const r = await dynamodbCollector(aws.clients.dynamodb).collect(ctx);
    // Assess
    expect(aws.calls.filter((c) => c === 'dynamodb:ListTables')).toHaveLength(2);
    expect(r.items.map((i) => i.key)).toEqual([
      'AWS::DynamoDB::Table:appointments',
      'AWS::DynamoDB::Table:claims',
      'AWS::DynamoDB::Table:sessions',
    ]);
    const claims = itemOf(r.items[1]?.detail);
    expect(claims).toMatchObject({
      resourceType: 'AWS::DynamoDB::Table',
      resourceId: 'claims',
      arn: `arn:aws:dynamodb:${REGION}:111122223333:table/claims`,
      accountId: '111122223333',
      configuration: { tableName: 'claims', tableStatus: 'ACTIVE' },
      supplementaryConfiguration: {
        ContinuousBackupsDescription: {
          continuousBackupsStatus: 'ENABLED',
          pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'DISABLED' },
        },
      },
    });
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
    expect(r.accountIds).toContain('111122223333');
  });

  it('a table whose continuous backups cannot be read is recorded without them; the gap names it', async () => {
    // Prepare
    account.storage = { ...NO_STORAGE, tables: [{ name: 'claims', pitr: true }] };
    account.denied.add('dynamodb:DescribeContinuousBackups:claims');
    // Act
    const r = await dynamodbCollector(aws.clients.dynamodb).collect(ctx);
    // Assess
    expect(itemOf(r.items[0]?.detail).supplementaryConfiguration).toEqual({});
    expect(r.apis.find((a) => a.api === 'dynamodb:DescribeContinuousBackups')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDeniedException', resource: 'claims' }),
    ]);
  });

  it('a failed listing is a gap and no table', async () => {
    // Prepare
    account.denied.add('dynamodb:ListTables');
    // Act
    const r = await dynamodbCollector(aws.clients.dynamodb).collect(ctx);
    // Assess
    expect(r.items).toEqual([]);
    expect(r.apis.find((a) => a.api === 'dynamodb:ListTables')?.failures).toHaveLength(1);
  });
});

const DENY_DELETION = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: 'backup:DeleteRecoveryPoint', Resource: '*' }],
});

describe('AWS Backup collector', () => {
  it('reads every plan over pages with its rules, and every vault with its lock', async () => {
    // Prepare
    const rule = {
      RuleName: 'daily',
      TargetBackupVaultName: 'clinic-vault',
      ScheduleExpression: 'cron(0 5 ? * * *)',
    };
    account.storage = {
      ...NO_STORAGE,
      backupPlans: [
        { id: 'plan-1', name: 'daily', rules: [{ ...rule, Lifecycle: { DeleteAfterDays: 35 } }] },
        { id: 'plan-2', name: 'weekly', rules: [{ ...rule, ScheduleExpression: 'cron(0 5 ? * SUN *)' }] },
        { id: 'plan-3', name: 'hourly', rules: [{ ...rule, ScheduleExpression: 'cron(0 * * * ? *)' }] },
      ],
      backupVaults: [
        {
          BackupVaultName: 'clinic-vault',
          BackupVaultArn: `arn:aws:backup:${REGION}:111122223333:backup-vault:clinic-vault`,
          Locked: true,
          MinRetentionDays: 35,
        },
        { BackupVaultName: 'scratch', Locked: false },
      ],
      vaultPolicies: { 'clinic-vault': DENY_DELETION },
    };
    // Act
    const r = await backupCollector(aws.clients.backup).collect(ctx);
    // Assess
    expect(aws.calls.filter((c) => c === 'backup:ListBackupPlans')).toHaveLength(2);
    expect(r.items.map((i) => i.key)).toEqual([
      'AWS::Backup::BackupPlan:plan-1',
      'AWS::Backup::BackupPlan:plan-2',
      'AWS::Backup::BackupPlan:plan-3',
      'AWS::Backup::BackupVault:clinic-vault',
      'AWS::Backup::BackupVault:scratch',
    ]);
    expect(itemOf(r.items[0]?.detail).configuration).toMatchObject({
      backupPlanId: 'plan-1',
      backupPlan: {
        backupPlanName: 'daily',
        rules: [
          { ruleName: 'daily', scheduleExpression: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 35 } },
        ],
      },
    });
    expect(itemOf(r.items[3]?.detail).configuration).toMatchObject({
      locked: true,
      lockConfiguration: { minRetentionDays: 35 },
    });
    expect(itemOf(r.items[3]?.detail).configuration).toMatchObject({ accessPolicy: DENY_DELETION });
    expect(itemOf(r.items[4]?.detail).configuration).toEqual({
      backupVaultName: 'scratch',
      locked: false,
      accessPolicy: null,
    });
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
  });

  it('a vault whose access policy cannot be read is recorded without it; the gap names the vault', async () => {
    // Prepare
    account.storage = { ...NO_STORAGE, backupVaults: [{ BackupVaultName: 'clinic-vault', Locked: true }] };
    account.denied.add('backup:GetBackupVaultAccessPolicy:clinic-vault');
    // Act
    const r = await backupCollector(aws.clients.backup).collect(ctx);
    // Assess
    expect(itemOf(r.items[0]?.detail).configuration).not.toHaveProperty('accessPolicy');
    expect(itemOf(r.items[0]?.detail).configuration).toMatchObject({ locked: true });
    expect(r.apis.find((a) => a.api === 'backup:GetBackupVaultAccessPolicy')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDeniedException', resource: 'clinic-vault' }),
    ]);
  });

  it('a plan that cannot be read is left out, and the gap names it', async () => {
    // Prepare
    account.storage = {
      ...NO_STORAGE,
      backupPlans: [
        { id: 'plan-1', name: 'daily', rules: [] },
        { id: 'plan-2', name: 'weekly', rules: [] },
      ],
    };
    account.denied.add('backup:GetBackupPlan:plan-2');
    // Act
    const r = await backupCollector(aws.clients.backup).collect(ctx);
    // Assess
    expect(r.items.map((i) => i.key)).toEqual(['AWS::Backup::BackupPlan:plan-1']);
    expect(r.apis.find((a) => a.api === 'backup:GetBackupVaultAccessPolicy')?.failures).toEqual([]);
    expect(r.apis.find((a) => a.api === 'backup:GetBackupPlan')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDeniedException', resource: 'plan-2' }),
    ]);
  });
});
