/**
 * The controls, collected in catalog order (the order reports, binders and assessments list them in).
 * Each lives in its own file, `<family>/<control-id>.ts`, exporting `control` (metadata, sweep calls
 * and evaluator); its test is `test/core/domain/controls/<family>/<control-id>.test.ts`. Adding a
 * control is adding its file and test, and one import and one entry here.
 */
import { control as accessReview } from './access/access-review';
import { control as iamAccessKeys } from './access/iam-access-keys';
import { control as iamNoInlinePolicy } from './access/iam-no-inline-policy';
import { control as iamPasswordPolicy } from './access/iam-password-policy';
import { control as iamPolicyNoAdmin } from './access/iam-policy-no-admin';
import { control as iamUserConsoleUnused } from './access/iam-user-console-unused';
import { control as iamUserMfa } from './access/iam-user-mfa';
import { control as iamUserNoPolicies } from './access/iam-user-no-policies';
import { control as rootAccountUse } from './access/root-account-use';
import { control as cloudTrailCloudWatchLogs } from './audit/cloudtrail-cloudwatch-logs';
import { control as cloudTrailLogValidation } from './audit/cloudtrail-log-validation';
import { control as cloudTrailLogging } from './audit/cloudtrail-logging';
import { control as cloudTrailMultiRegion } from './audit/cloudtrail-multi-region';
import { control as cloudTrailS3DataEvents } from './audit/cloudtrail-s3-data-events';
import { control as configRecorder } from './audit/config-recorder';
import { control as logReview } from './audit/log-review';
import { control as rdsEnhancedMonitoring } from './audit/rds-enhanced-monitoring';
// databases: RDS, Redshift, ElastiCache
import { control as rdsLogging } from './audit/rds-logging';
import { control as redshiftAuditLogging } from './audit/redshift-audit-logging';
import { control as elasticacheRedisBackup } from './contingency/elasticache-redis-backup';
import { control as rdsInstanceBackup } from './contingency/rds-instance-backup';
import { control as rdsMultiAz } from './contingency/rds-multi-az';
import { control as redshiftBackup } from './contingency/redshift-backup';
import type { Control } from './control';
import { control as cloudTrailEncryption } from './encryption-at-rest/cloudtrail-encryption';
import { control as dynamodbTableEncryption } from './encryption-at-rest/dynamodb-table-encryption';
import { control as ebsVolumeEncryption } from './encryption-at-rest/ebs-volume-encryption';
import { control as elasticacheEncryptionAtRest } from './encryption-at-rest/elasticache-encryption-at-rest';
import { control as kmsKeyDeletion } from './encryption-at-rest/kms-key-deletion';
import { control as kmsKeyRotation } from './encryption-at-rest/kms-key-rotation';
import { control as logGroupEncryption } from './encryption-at-rest/log-group-encryption';
import { control as rdsStorageEncryption } from './encryption-at-rest/rds-storage-encryption';
import { control as redshiftClusterEncryption } from './encryption-at-rest/redshift-cluster-encryption';
import { control as s3BucketEncryption } from './encryption-at-rest/s3-bucket-encryption';
import { control as rdsDeletionProtection } from './integrity/rds-deletion-protection';
import { control as ebsSnapshotPublic } from './public-exposure/ebs-snapshot-public';
import { control as ec2InstancePublicIp } from './public-exposure/ec2-instance-public-ip';
import { control as lambdaFunctionPublicPolicy } from './public-exposure/lambda-function-public-policy';
import { control as lambdaFunctionUrlPublic } from './public-exposure/lambda-function-url-public';
import { control as networkAclAdminPorts } from './public-exposure/network-acl-admin-ports';
import { control as rdsInstancePublic } from './public-exposure/rds-instance-public';
import { control as rdsSnapshotPublic } from './public-exposure/rds-snapshot-public';
import { control as redshiftClusterPublic } from './public-exposure/redshift-cluster-public';
import { control as s3AccountPublicAccessBlock } from './public-exposure/s3-account-public-access-block';
import { control as s3BucketPublicAccessBlock } from './public-exposure/s3-bucket-public-access-block';
import { control as s3BucketPublicReadWrite } from './public-exposure/s3-bucket-public-read-write';
import { control as securityGroupAdminPorts } from './public-exposure/security-group-admin-ports';
import { control as logRetention } from './retention/log-retention';
import { control as elasticacheEncryptionInTransit } from './transmission/elasticache-encryption-in-transit';
import { control as redshiftRequireTls } from './transmission/redshift-require-tls';
import { control as s3BucketTls } from './transmission/s3-bucket-tls';

export const CONTROLS: readonly Control[] = [
  s3BucketEncryption,
  ebsVolumeEncryption,
  rdsStorageEncryption,
  dynamodbTableEncryption,
  logGroupEncryption,
  cloudTrailEncryption,
  kmsKeyRotation,
  s3BucketTls,
  cloudTrailLogging,
  cloudTrailMultiRegion,
  cloudTrailLogValidation,
  configRecorder,
  logRetention,
  rootAccountUse,
  iamUserMfa,
  iamAccessKeys,
  // human sign-offs (evidence-schemas/attestation.ts): judged from attestations, not from AWS
  accessReview,
  logReview,
  // public exposure (added with catalog v2)
  s3BucketPublicAccessBlock,
  s3AccountPublicAccessBlock,
  rdsInstancePublic,
  rdsSnapshotPublic,
  ebsSnapshotPublic,
  securityGroupAdminPorts,
  s3BucketPublicReadWrite,
  networkAclAdminPorts,
  lambdaFunctionPublicPolicy,
  lambdaFunctionUrlPublic,
  ec2InstancePublicIp,
  // databases: RDS, Redshift, ElastiCache (contingency, integrity, audit, exposure, encryption)
  rdsInstanceBackup,
  rdsMultiAz,
  rdsDeletionProtection,
  rdsLogging,
  rdsEnhancedMonitoring,
  redshiftBackup,
  redshiftClusterEncryption,
  redshiftAuditLogging,
  redshiftClusterPublic,
  redshiftRequireTls,
  elasticacheRedisBackup,
  elasticacheEncryptionAtRest,
  elasticacheEncryptionInTransit,
  // identity and audit settings: password policy, admin policies, KMS key deletion, trail settings
  iamPasswordPolicy,
  iamPolicyNoAdmin,
  kmsKeyDeletion,
  cloudTrailCloudWatchLogs,
  cloudTrailS3DataEvents,
  iamUserConsoleUnused,
  iamUserNoPolicies,
  iamNoInlinePolicy,
];

/** The repository path of a control's file, by the layout above (test/core/domain/catalog.test.ts checks it). */
export function controlSourceFile(c: Pick<Control, 'family' | 'id'>): string {
  return `core/domain/controls/${c.family}/${c.id}.ts`;
}

/** The repository path of a control's test, by the layout above. */
export function controlTestFile(c: Pick<Control, 'family' | 'id'>): string {
  return `test/core/domain/controls/${c.family}/${c.id}.test.ts`;
}
