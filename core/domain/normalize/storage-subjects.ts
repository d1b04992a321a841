/**
 * The subjects of the storage calls the DynamoDB and AWS Backup controls judge, named as AWS Config
 * names the resources so that calls, Config items and the sweep's items of one resource share a subject
 * (its ARN keys it): a DynamoDB table by its name, a backup plan by its id, a backup vault by its name.
 * S3 bucket calls are named by core/domain/normalize/cloudtrail.ts.
 */
import type { CloudTrailRecord, Subject } from '../../../evidence-schemas';
import { partitionOf } from '../arn';
import { field, str } from '../facts-access';
import { makeSubject } from './subject';

const TABLE_CALLS = ['UpdateContinuousBackups'];
const PLAN_CALLS = ['CreateBackupPlan', 'UpdateBackupPlan'];
const VAULT_CALLS = [
  'PutBackupVaultLockConfiguration',
  'DeleteBackupVaultLockConfiguration',
  'PutBackupVaultAccessPolicy',
  'DeleteBackupVaultAccessPolicy',
];

/** The resource a storage call acts on, or undefined for other calls. */
export function storageSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  const req = r.requestParameters ?? {};
  const res = r.responseElements ?? {};
  const region = r.awsRegion;
  const p = partitionOf(region);
  if (r.eventSource === 'dynamodb.amazonaws.com' && TABLE_CALLS.includes(r.eventName)) {
    // DynamoDB accepts a table's name or its ARN
    const given = str(field(req, 'tableName'));
    const name = given?.startsWith('arn:') ? given.split(':table/')[1] : given;
    return name
      ? makeSubject(
          account,
          region,
          'AWS::DynamoDB::Table',
          name,
          `arn:${p}:dynamodb:${region}:${account}:table/${name}`,
        )
      : undefined;
  }
  if (r.eventSource === 'backup.amazonaws.com' && PLAN_CALLS.includes(r.eventName)) {
    // a new plan's id is in the response; Config names a plan by its id
    const id = str(field(req, 'backupPlanId')) ?? str(field(res, 'backupPlanId'));
    return id
      ? makeSubject(
          account,
          region,
          'AWS::Backup::BackupPlan',
          id,
          str(field(res, 'backupPlanArn')) ?? `arn:${p}:backup:${region}:${account}:backup-plan:${id}`,
        )
      : undefined;
  }
  if (r.eventSource === 'backup.amazonaws.com' && VAULT_CALLS.includes(r.eventName)) {
    const name = str(field(req, 'backupVaultName'));
    return name
      ? makeSubject(
          account,
          region,
          'AWS::Backup::BackupVault',
          name,
          `arn:${p}:backup:${region}:${account}:backup-vault:${name}`,
        )
      : undefined;
  }
  return undefined;
}
