import { describe, expect, it } from 'vitest';
import { assess } from '../../../../core/domain/catalog';
import { loadEvent, observe, setAt } from '../../../fixtures/builders';
import { serviceCall } from '../../../fixtures/service-call';

const call = serviceCall;

const bucket = { bucketName: 'clinic-phi-intake', Host: 'clinic-phi-intake.s3.amazonaws.com' };

describe('storage calls are filed under the resource Config names', () => {
  it.each([
    [
      call('s3.amazonaws.com', 'PutBucketVersioning', {
        ...bucket,
        VersioningConfiguration: { Status: 'Suspended' },
      }),
      'AWS::S3::Bucket',
      'clinic-phi-intake',
      'arn:aws:s3:::clinic-phi-intake',
    ],
    [
      call('s3.amazonaws.com', 'PutObjectLockConfiguration', {
        ...bucket,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' },
      }),
      'AWS::S3::Bucket',
      'clinic-phi-intake',
      'arn:aws:s3:::clinic-phi-intake',
    ],
    [
      call('s3.amazonaws.com', 'DeleteBucketReplication', { ...bucket, replication: '' }),
      'AWS::S3::Bucket',
      'clinic-phi-intake',
      'arn:aws:s3:::clinic-phi-intake',
    ],
    [
      call('s3.amazonaws.com', 'PutBucketReplication', {
        ...bucket,
        ReplicationConfiguration: { Role: 'arn:aws:iam::111122223333:role/r', Rule: { Status: 'Enabled' } },
      }),
      'AWS::S3::Bucket',
      'clinic-phi-intake',
      'arn:aws:s3:::clinic-phi-intake',
    ],
    [
      call('s3.amazonaws.com', 'PutBucketLogging', { ...bucket, BucketLoggingStatus: {} }),
      'AWS::S3::Bucket',
      'clinic-phi-intake',
      'arn:aws:s3:::clinic-phi-intake',
    ],
    [
      call('dynamodb.amazonaws.com', 'UpdateContinuousBackups', {
        tableName: 'patient-appointments',
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      }),
      'AWS::DynamoDB::Table',
      'patient-appointments',
      'arn:aws:dynamodb:us-east-1:111122223333:table/patient-appointments',
    ],
    [
      call('dynamodb.amazonaws.com', 'UpdateContinuousBackups', {
        tableName: 'arn:aws:dynamodb:us-east-1:111122223333:table/patient-appointments',
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      }),
      'AWS::DynamoDB::Table',
      'patient-appointments',
      'arn:aws:dynamodb:us-east-1:111122223333:table/patient-appointments',
    ],
    [
      call(
        'backup.amazonaws.com',
        'CreateBackupPlan',
        { backupPlan: { backupPlanName: 'clinic-daily', rules: [] } },
        {
          backupPlanId: '3a1c9b2e-7d4f-4e55-8b21-6f0d2c9a1e77',
          backupPlanArn:
            'arn:aws:backup:us-east-1:111122223333:backup-plan:3a1c9b2e-7d4f-4e55-8b21-6f0d2c9a1e77',
        },
      ),
      'AWS::Backup::BackupPlan',
      '3a1c9b2e-7d4f-4e55-8b21-6f0d2c9a1e77',
      'arn:aws:backup:us-east-1:111122223333:backup-plan:3a1c9b2e-7d4f-4e55-8b21-6f0d2c9a1e77',
    ],
    [
      call('backup.amazonaws.com', 'UpdateBackupPlan', {
        backupPlanId: '3a1c9b2e-7d4f-4e55-8b21-6f0d2c9a1e77',
        backupPlan: { backupPlanName: 'clinic-daily', rules: [] },
      }),
      'AWS::Backup::BackupPlan',
      '3a1c9b2e-7d4f-4e55-8b21-6f0d2c9a1e77',
      'arn:aws:backup:us-east-1:111122223333:backup-plan:3a1c9b2e-7d4f-4e55-8b21-6f0d2c9a1e77',
    ],
    [
      call('backup.amazonaws.com', 'DeleteBackupVaultLockConfiguration', { backupVaultName: 'clinic-vault' }),
      'AWS::Backup::BackupVault',
      'clinic-vault',
      'arn:aws:backup:us-east-1:111122223333:backup-vault:clinic-vault',
    ],
    [
      call('backup.amazonaws.com', 'PutBackupVaultAccessPolicy', {
        backupVaultName: 'clinic-vault',
        policy: '{}',
      }),
      'AWS::Backup::BackupVault',
      'clinic-vault',
      'arn:aws:backup:us-east-1:111122223333:backup-vault:clinic-vault',
    ],
  ])('files call %# under its resource, as Config names it', (raw, resourceType, resourceId, arn) => {
    // Prepare / Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ resourceType, resourceId, arn });
    expect(assess(obs).length).toBeGreaterThan(0);
  });

  it('files a DynamoDB table call under the subject of the table its Config item names', () => {
    // Prepare
    const item = loadEvent('config-ci-dynamodb-table');
    // Act
    const fromConfig = observe(item).subject;
    const raw = call('dynamodb.amazonaws.com', 'UpdateContinuousBackups', {
      tableName: fromConfig.resourceId,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    // the call made in the item's account and region
    setAt(raw, ['account'], fromConfig.accountId);
    setAt(raw, ['region'], fromConfig.region);
    setAt(raw, ['detail', 'recipientAccountId'], fromConfig.accountId);
    setAt(raw, ['detail', 'awsRegion'], fromConfig.region);
    const fromCall = observe(raw).subject;
    // Assess
    expect(fromCall.resourceId).toBe(fromConfig.resourceId);
    expect(fromCall.arn).toBe(fromConfig.arn);
  });
});
