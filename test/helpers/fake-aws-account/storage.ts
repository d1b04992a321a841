/**
 * DynamoDB tables and AWS Backup plans and vaults in the fake account: the resources the storage
 * collectors read (account.storage), paged like the real APIs (ExclusiveStartTableName, NextToken).
 */
import {
  type BackupClient,
  type BackupRule,
  type BackupVaultListMember,
  GetBackupPlanCommand,
  GetBackupVaultAccessPolicyCommand,
  ListBackupPlansCommand,
  ListBackupVaultsCommand,
} from '@aws-sdk/client-backup';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT_ID, type FakeAccount, REGION } from './account';
import { awsError, page, type Serve } from './serve';

/** The storage resources of the fake account; absent from the account: none. */
export interface FakeStorage {
  /** DynamoDB tables and whether point-in-time recovery is on */
  tables: { name: string; pitr: boolean }[];
  /** backup plans by id, with their rules in the API's shape */
  backupPlans: { id: string; name: string; rules: BackupRule[] }[];
  backupVaults: BackupVaultListMember[];
  /** vault name -> its access policy text; a vault not named has none */
  vaultPolicies?: Record<string, string>;
}

/** An account with none of the storage resources (tests add the ones they need). */
export const NO_STORAGE: FakeStorage = { tables: [], backupPlans: [], backupVaults: [] };

const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/${name}`;
const planArn = (id: string) => `arn:aws:backup:${REGION}:${ACCOUNT_ID}:backup-plan:${id}`;

/**
 * Serves account.storage through the given DynamoDB and Backup clients. The instances are mocked, not
 * their classes: the evidence store of an end-to-end test talks to DynamoDB through its own client.
 */
export function serveStorage(
  account: FakeAccount,
  serve: Serve,
  clients: { dynamodb: DynamoDBClient; backup: BackupClient },
) {
  const x = () => account.storage ?? NO_STORAGE;
  const table = (name: string | undefined) => {
    const t = x().tables.find((t) => t.name === name);
    if (!t)
      throw awsError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
    return t;
  };
  const dynamodb = mockClient(clients.dynamodb);
  dynamodb.on(ListTablesCommand).callsFake(
    serve('dynamodb:ListTables', (input: { ExclusiveStartTableName?: string }) => {
      const names = x().tables.map((t) => t.name);
      const start = input.ExclusiveStartTableName ? names.indexOf(input.ExclusiveStartTableName) + 1 : 0;
      const p = page(names, start ? String(start) : undefined);
      return { TableNames: p.items, ...(p.next ? { LastEvaluatedTableName: p.items.at(-1) } : {}) };
    }),
  );
  dynamodb.on(DescribeTableCommand).callsFake(
    serve(
      'dynamodb:DescribeTable',
      (input: { TableName?: string }) => {
        const t = table(input.TableName);
        return {
          Table: {
            TableName: t.name,
            TableArn: tableArn(t.name),
            TableId: `0d9a4c2e-${t.name.length}`,
            TableStatus: 'ACTIVE' as const,
          },
        };
      },
      (input) => input.TableName ?? '',
    ),
  );
  dynamodb.on(DescribeContinuousBackupsCommand).callsFake(
    serve(
      'dynamodb:DescribeContinuousBackups',
      (input: { TableName?: string }) => {
        const t = table(input.TableName);
        return {
          ContinuousBackupsDescription: {
            ContinuousBackupsStatus: 'ENABLED' as const,
            PointInTimeRecoveryDescription: {
              PointInTimeRecoveryStatus: t.pitr ? ('ENABLED' as const) : ('DISABLED' as const),
              ...(t.pitr ? { RecoveryPeriodInDays: 35 } : {}),
            },
          },
        };
      },
      (input) => input.TableName ?? '',
    ),
  );
  const backup = mockClient(clients.backup);
  backup.on(ListBackupPlansCommand).callsFake(
    serve('backup:ListBackupPlans', (input: { NextToken?: string }) => {
      const p = page(x().backupPlans, input.NextToken);
      return {
        BackupPlansList: p.items.map((b) => ({
          BackupPlanId: b.id,
          BackupPlanArn: planArn(b.id),
          BackupPlanName: b.name,
          VersionId: 'v1',
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    }),
  );
  backup.on(GetBackupPlanCommand).callsFake(
    serve(
      'backup:GetBackupPlan',
      (input: { BackupPlanId?: string }) => {
        const b = x().backupPlans.find((b) => b.id === input.BackupPlanId);
        if (!b) throw awsError('ResourceNotFoundException', 'Backup plan not found');
        return {
          BackupPlanId: b.id,
          BackupPlanArn: planArn(b.id),
          VersionId: 'v1',
          BackupPlan: { BackupPlanName: b.name, Rules: b.rules },
        };
      },
      (input) => input.BackupPlanId ?? '',
    ),
  );
  backup.on(ListBackupVaultsCommand).callsFake(
    serve('backup:ListBackupVaults', (input: { NextToken?: string }) => {
      const p = page(x().backupVaults, input.NextToken);
      return { BackupVaultList: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    }),
  );
  backup.on(GetBackupVaultAccessPolicyCommand).callsFake(
    serve(
      'backup:GetBackupVaultAccessPolicy',
      (input: { BackupVaultName?: string }) => {
        const policy = x().vaultPolicies?.[input.BackupVaultName ?? ''];
        if (!policy) throw awsError('ResourceNotFoundException', 'Backup vault has no access policy');
        return { BackupVaultName: input.BackupVaultName, Policy: policy };
      },
      (input) => input.BackupVaultName ?? '',
    ),
  );
  return [dynamodb, backup];
}
