/**
 * The storage resources the contingency and integrity controls judge, read from their own services:
 * DynamoDB tables with their continuous backups, and AWS Backup plans and vaults. Each becomes a
 * configuration item in Config's spelling (the API answer's members with a lower-case first letter):
 * - a DynamoDB table (AWS::DynamoDB::Table) keyed by its name, as Config keys it, with DescribeTable's
 *   members in `configuration` (sSEDescription among them, for dynamodb-table-encryption) and
 *   DescribeContinuousBackups's answer as supplementary `ContinuousBackupsDescription`
 *   { continuousBackupsStatus, pointInTimeRecoveryDescription { pointInTimeRecoveryStatus } };
 * - a backup plan (AWS::Backup::BackupPlan) keyed by its id, with GetBackupPlan's answer
 *   (backupPlan { backupPlanName, rules [{ ruleName, scheduleExpression, lifecycle { deleteAfterDays } }] });
 * - a backup vault (AWS::Backup::BackupVault) keyed by its name, with ListBackupVaults's member
 *   (locked, minRetentionDays, maxRetentionDays, lockDate), when Vault Lock is configured its
 *   lockConfiguration { minRetentionDays, maxRetentionDays } as Config names it, and its accessPolicy
 *   (GetBackupVaultAccessPolicy's policy text, null for a vault without one; left out when the read fails).
 * A table or plan whose own read fails is left out (the gap names it); a table whose continuous backups
 * cannot be read is recorded without them.
 */
import {
  type BackupClient,
  GetBackupPlanCommand,
  GetBackupVaultAccessPolicyCommand,
  paginateListBackupPlans,
  paginateListBackupVaults,
} from '@aws-sdk/client-backup';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  paginateListTables,
} from '@aws-sdk/client-dynamodb';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, compact, configCase, configurationItem, isFactError } from './calls';

/** A configuration item with the account its ARN names. */
function storageItem(
  ctx: SweepContext,
  api: string,
  resource: {
    type: string;
    id: string;
    arn?: string;
    configuration: Record<string, unknown>;
    supplementaryConfiguration?: Record<string, unknown>;
  },
): SweepItem {
  const accountId = accountOfArn(resource.arn);
  return configurationItem(ctx, api, { ...resource, ...(accountId ? { accountId } : {}) });
}

const accountIdsOf = (items: SweepItem[]): string[] =>
  items.flatMap((i) => {
    const id = i.detail.kind === 'configuration-item' ? i.detail.item.accountId : undefined;
    return typeof id === 'string' ? [id] : [];
  });

/** DynamoDB: every table of the region (paginated), described, with its continuous backups. */
export function dynamodbCollector(client: DynamoDBClient): SweepCollector {
  return {
    service: 'dynamodb',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('dynamodb:ListTables', () => paginateListTables({ client }, {}));
      log.reached('dynamodb:DescribeTable');
      log.reached('dynamodb:DescribeContinuousBackups');
      const names = (pages ?? []).flatMap((p) => p.TableNames ?? []);
      const items = await mapLimit(names, ctx.concurrency, async (TableName): Promise<SweepItem[]> => {
        const described = await log.get(
          'dynamodb:DescribeTable',
          () => client.send(new DescribeTableCommand({ TableName })),
          TableName,
        );
        const table = described?.Table;
        if (!table) return [];
        const backups = await log.get(
          'dynamodb:DescribeContinuousBackups',
          () => client.send(new DescribeContinuousBackupsCommand({ TableName })),
          TableName,
        );
        return [
          storageItem(ctx, 'dynamodb:ListTables', {
            type: 'AWS::DynamoDB::Table',
            id: TableName,
            ...(table.TableArn ? { arn: table.TableArn } : {}),
            configuration: configCase(
              compact({
                TableName: table.TableName ?? TableName,
                TableArn: table.TableArn,
                TableId: table.TableId,
                TableStatus: table.TableStatus,
                SSEDescription: table.SSEDescription,
                DeletionProtectionEnabled: table.DeletionProtectionEnabled,
              }),
            ) as Record<string, unknown>,
            supplementaryConfiguration: backups?.ContinuousBackupsDescription
              ? {
                  ContinuousBackupsDescription: configCase(backups.ContinuousBackupsDescription),
                }
              : {},
          }),
        ];
      });
      const all = items.flat();
      return { items: all, apis: log.results(), accountIds: accountIdsOf(all) };
    },
  };
}

/** AWS Backup: every backup plan (paginated, each read with its rules) and every backup vault. */
export function backupCollector(client: BackupClient): SweepCollector {
  return {
    service: 'backup',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const planPages = await log.pages('backup:ListBackupPlans', () =>
        paginateListBackupPlans({ client }, {}),
      );
      log.reached('backup:GetBackupPlan');
      const plans = (planPages ?? []).flatMap((p) => p.BackupPlansList ?? []).filter((p) => p.BackupPlanId);
      const planItems = await mapLimit(plans, ctx.concurrency, async (p): Promise<SweepItem[]> => {
        const BackupPlanId = p.BackupPlanId as string;
        const plan = await log.get(
          'backup:GetBackupPlan',
          () => client.send(new GetBackupPlanCommand({ BackupPlanId })),
          BackupPlanId,
        );
        if (!plan?.BackupPlan) return [];
        const arn = plan.BackupPlanArn ?? p.BackupPlanArn;
        return [
          storageItem(ctx, 'backup:ListBackupPlans', {
            type: 'AWS::Backup::BackupPlan',
            id: BackupPlanId,
            ...(arn ? { arn } : {}),
            configuration: configCase(
              compact({
                BackupPlanId,
                BackupPlanArn: arn,
                VersionId: plan.VersionId,
                BackupPlan: plan.BackupPlan,
              }),
            ) as Record<string, unknown>,
          }),
        ];
      });
      const vaultPages = await log.pages('backup:ListBackupVaults', () =>
        paginateListBackupVaults({ client }, {}),
      );
      log.reached('backup:GetBackupVaultAccessPolicy');
      const vaults = (vaultPages ?? [])
        .flatMap((p) => p.BackupVaultList ?? [])
        .filter((v) => v.BackupVaultName);
      const vaultItems = await mapLimit(vaults, ctx.concurrency, async (v): Promise<SweepItem> => {
        const BackupVaultName = v.BackupVaultName as string;
        const policy = await log.call(
          'backup:GetBackupVaultAccessPolicy',
          () => client.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName })),
          { resource: BackupVaultName, facts: ['ResourceNotFoundException'] },
        );
        const lock =
          v.MinRetentionDays !== undefined || v.MaxRetentionDays !== undefined
            ? {
                lockConfiguration: compact({
                  minRetentionDays: v.MinRetentionDays,
                  maxRetentionDays: v.MaxRetentionDays,
                }),
              }
            : {};
        const accessPolicy =
          policy === undefined ? {} : { accessPolicy: isFactError(policy) ? null : (policy.Policy ?? null) };
        return storageItem(ctx, 'backup:ListBackupVaults', {
          type: 'AWS::Backup::BackupVault',
          id: BackupVaultName,
          ...(v.BackupVaultArn ? { arn: v.BackupVaultArn } : {}),
          configuration: {
            ...(configCase(
              compact({
                BackupVaultName,
                BackupVaultArn: v.BackupVaultArn,
                EncryptionKeyArn: v.EncryptionKeyArn,
                Locked: v.Locked,
                MinRetentionDays: v.MinRetentionDays,
                MaxRetentionDays: v.MaxRetentionDays,
                LockDate: v.LockDate,
              }),
            ) as Record<string, unknown>),
            ...lock,
            ...accessPolicy,
          },
        });
      });
      const all = [...planItems.flat(), ...vaultItems];
      return { items: all, apis: log.results(), accountIds: accountIdsOf(all) };
    },
  };
}
