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
// stores: EFS, SNS, SQS, Kinesis, Secrets Manager, EKS
import { control as secretsRotation } from './access/secrets-rotation';
import { control as apiGatewayLogging } from './audit/api-gateway-logging';
import { control as cloudTrailCloudWatchLogs } from './audit/cloudtrail-cloudwatch-logs';
import { control as cloudTrailLogValidation } from './audit/cloudtrail-log-validation';
import { control as cloudTrailLogging } from './audit/cloudtrail-logging';
import { control as cloudTrailMultiRegion } from './audit/cloudtrail-multi-region';
import { control as cloudTrailS3DataEvents } from './audit/cloudtrail-s3-data-events';
import { control as configRecorder } from './audit/config-recorder';
// network edge: load balancers, CloudFront, API Gateway, ACM
import { control as elbLogging } from './audit/elb-logging';
import { control as logReview } from './audit/log-review';
import { control as opensearchAuditLogs } from './audit/opensearch-audit-logs';
import { control as rdsEnhancedMonitoring } from './audit/rds-enhanced-monitoring';
// databases: RDS, Redshift, ElastiCache
import { control as rdsLogging } from './audit/rds-logging';
import { control as redshiftAuditLogging } from './audit/redshift-audit-logging';
import { control as s3BucketLogging } from './audit/s3-bucket-logging';
import { control as backupPlanRetention } from './contingency/backup-plan-retention';
import { control as dynamodbPitr } from './contingency/dynamodb-pitr';
import { control as efsBackupPolicy } from './contingency/efs-backup-policy';
import { control as elasticacheRedisBackup } from './contingency/elasticache-redis-backup';
import { control as elbDeletionProtection } from './contingency/elb-deletion-protection';
import { control as rdsInstanceBackup } from './contingency/rds-instance-backup';
import { control as rdsMultiAz } from './contingency/rds-multi-az';
import { control as redshiftBackup } from './contingency/redshift-backup';
import { control as s3BucketReplication } from './contingency/s3-bucket-replication';
import type { Control } from './control';
import { control as cloudTrailEncryption } from './encryption-at-rest/cloudtrail-encryption';
import { control as dynamodbTableEncryption } from './encryption-at-rest/dynamodb-table-encryption';
import { control as ebsDefaultEncryption } from './encryption-at-rest/ebs-default-encryption';
import { control as ebsVolumeEncryption } from './encryption-at-rest/ebs-volume-encryption';
import { control as efsEncryption } from './encryption-at-rest/efs-encryption';
import { control as eksSecretsEncryption } from './encryption-at-rest/eks-secrets-encryption';
import { control as elasticacheEncryptionAtRest } from './encryption-at-rest/elasticache-encryption-at-rest';
import { control as kinesisStreamEncryption } from './encryption-at-rest/kinesis-stream-encryption';
import { control as kmsKeyDeletion } from './encryption-at-rest/kms-key-deletion';
import { control as kmsKeyRotation } from './encryption-at-rest/kms-key-rotation';
import { control as logGroupEncryption } from './encryption-at-rest/log-group-encryption';
import { control as opensearchEncryptionAtRest } from './encryption-at-rest/opensearch-encryption-at-rest';
import { control as rdsStorageEncryption } from './encryption-at-rest/rds-storage-encryption';
import { control as redshiftClusterEncryption } from './encryption-at-rest/redshift-cluster-encryption';
import { control as s3BucketEncryption } from './encryption-at-rest/s3-bucket-encryption';
import { control as sagemakerEndpointKms } from './encryption-at-rest/sagemaker-endpoint-kms';
import { control as sagemakerNotebookKms } from './encryption-at-rest/sagemaker-notebook-kms';
import { control as secretsCmk } from './encryption-at-rest/secrets-cmk';
import { control as snsTopicEncryption } from './encryption-at-rest/sns-topic-encryption';
import { control as sqsQueueEncryption } from './encryption-at-rest/sqs-queue-encryption';
import { control as backupRecoveryPointDeletion } from './integrity/backup-recovery-point-deletion';
import { control as backupVaultLock } from './integrity/backup-vault-lock';
import { control as rdsDeletionProtection } from './integrity/rds-deletion-protection';
// storage: S3 integrity, contingency and audit logging, DynamoDB PITR, AWS Backup
import { control as s3BucketObjectLock } from './integrity/s3-bucket-object-lock';
import { control as s3BucketVersioning } from './integrity/s3-bucket-versioning';
import { control as ebsSnapshotPublic } from './public-exposure/ebs-snapshot-public';
import { control as ec2InstancePublicIp } from './public-exposure/ec2-instance-public-ip';
import { control as lambdaFunctionPublicPolicy } from './public-exposure/lambda-function-public-policy';
import { control as lambdaFunctionUrlPublic } from './public-exposure/lambda-function-url-public';
import { control as networkAclAdminPorts } from './public-exposure/network-acl-admin-ports';
import { control as opensearchInVpc } from './public-exposure/opensearch-in-vpc';
import { control as rdsInstancePublic } from './public-exposure/rds-instance-public';
import { control as rdsSnapshotPublic } from './public-exposure/rds-snapshot-public';
import { control as redshiftClusterPublic } from './public-exposure/redshift-cluster-public';
import { control as s3AccountPublicAccessBlock } from './public-exposure/s3-account-public-access-block';
import { control as s3BucketPublicAccessBlock } from './public-exposure/s3-bucket-public-access-block';
import { control as s3BucketPublicReadWrite } from './public-exposure/s3-bucket-public-read-write';
import { control as sagemakerNotebookNoDirectInternet } from './public-exposure/sagemaker-notebook-no-direct-internet';
import { control as securityGroupAdminPorts } from './public-exposure/security-group-admin-ports';
import { control as logRetention } from './retention/log-retention';
import { control as cloudwatchSecurityAlarms } from './threat-detection/cloudwatch-security-alarms';
// threat detection: GuardDuty, Security Hub, VPC flow logs, security alarms (and EBS default encryption)
import { control as guarddutyEnabled } from './threat-detection/guardduty-enabled';
import { control as guarddutyHighSeverityFindings } from './threat-detection/guardduty-high-severity-findings';
import { control as securityhubEnabled } from './threat-detection/securityhub-enabled';
import { control as vpcFlowLogs } from './threat-detection/vpc-flow-logs';
import { control as acmCertificateExpiry } from './transmission/acm-certificate-expiry';
import { control as albHttpToHttpsRedirect } from './transmission/alb-http-to-https-redirect';
import { control as apiGatewayClientCertificate } from './transmission/api-gateway-client-certificate';
import { control as cloudfrontHttps } from './transmission/cloudfront-https';
import { control as elasticacheEncryptionInTransit } from './transmission/elasticache-encryption-in-transit';
import { control as elbAcmCertificate } from './transmission/elb-acm-certificate';
import { control as elbSecurityPolicy } from './transmission/elb-security-policy';
import { control as elbTlsListeners } from './transmission/elb-tls-listeners';
import { control as opensearchHttpsRequired } from './transmission/opensearch-https-required';
import { control as opensearchNodeToNodeEncryption } from './transmission/opensearch-node-to-node-encryption';
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
  // stores: EFS, SNS, SQS, Kinesis, Secrets Manager, EKS (encryption at rest, backups, rotation)
  efsEncryption,
  efsBackupPolicy,
  snsTopicEncryption,
  sqsQueueEncryption,
  kinesisStreamEncryption,
  secretsRotation,
  secretsCmk,
  eksSecretsEncryption,
  // search and machine learning: OpenSearch domains, SageMaker notebooks and endpoint configurations
  opensearchEncryptionAtRest,
  opensearchNodeToNodeEncryption,
  opensearchHttpsRequired,
  opensearchInVpc,
  opensearchAuditLogs,
  sagemakerNotebookKms,
  sagemakerNotebookNoDirectInternet,
  sagemakerEndpointKms,
  // network edge: load balancers, CloudFront, API Gateway, ACM (transmission, audit, contingency)
  elbTlsListeners,
  albHttpToHttpsRedirect,
  elbSecurityPolicy,
  elbAcmCertificate,
  elbLogging,
  elbDeletionProtection,
  cloudfrontHttps,
  acmCertificateExpiry,
  apiGatewayClientCertificate,
  apiGatewayLogging,
  // storage: S3 integrity, contingency and audit logging, DynamoDB PITR, AWS Backup
  s3BucketVersioning,
  s3BucketObjectLock,
  s3BucketReplication,
  s3BucketLogging,
  dynamodbPitr,
  backupPlanRetention,
  backupVaultLock,
  backupRecoveryPointDeletion,
  // threat detection: GuardDuty, Security Hub, VPC flow logs, security alarms (and EBS default encryption)
  guarddutyEnabled,
  guarddutyHighSeverityFindings,
  securityhubEnabled,
  vpcFlowLogs,
  cloudwatchSecurityAlarms,
  ebsDefaultEncryption,
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
