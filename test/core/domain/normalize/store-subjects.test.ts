import { describe, expect, it } from 'vitest';
import { assess } from '../../../../core/domain/catalog';
import { parseEvent } from '../../../../core/domain/normalize';
import { observe } from '../../../fixtures/builders';
import { serviceCall } from '../../../fixtures/service-call';

const call = serviceCall;

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:ehr/db-AbCdEf';

describe('store calls are filed under the resource Config names, keyed by its ARN', () => {
  it.each([
    [
      'CreateFileSystem (named by its response)',
      call(
        'elasticfilesystem.amazonaws.com',
        'CreateFileSystem',
        { creationToken: 'ehr-share', encrypted: true },
        {
          fileSystemId: 'fs-0a1b2c3d4e5f60718',
          fileSystemArn: 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0a1b2c3d4e5f60718',
          encrypted: true,
        },
      ),
      'AWS::EFS::FileSystem',
      'fs-0a1b2c3d4e5f60718',
      'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0a1b2c3d4e5f60718',
    ],
    [
      'PutBackupPolicy',
      call('elasticfilesystem.amazonaws.com', 'PutBackupPolicy', {
        fileSystemId: 'fs-0a1b2c3d4e5f60718',
        backupPolicy: { status: 'DISABLED' },
      }),
      'AWS::EFS::FileSystem',
      'fs-0a1b2c3d4e5f60718',
      'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0a1b2c3d4e5f60718',
    ],
    [
      'CreateTopic (no response)',
      call('sns.amazonaws.com', 'CreateTopic', { name: 'lab-results' }),
      'AWS::SNS::Topic',
      'arn:aws:sns:us-east-1:111122223333:lab-results',
      'arn:aws:sns:us-east-1:111122223333:lab-results',
    ],
    [
      'SetTopicAttributes',
      call('sns.amazonaws.com', 'SetTopicAttributes', {
        topicArn: 'arn:aws:sns:us-east-1:111122223333:lab-results',
        attributeName: 'KmsMasterKeyId',
        attributeValue: '',
      }),
      'AWS::SNS::Topic',
      'arn:aws:sns:us-east-1:111122223333:lab-results',
      'arn:aws:sns:us-east-1:111122223333:lab-results',
    ],
    [
      'SetQueueAttributes (named by URL)',
      call('sqs.amazonaws.com', 'SetQueueAttributes', {
        queueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/intake',
        attributes: { SqsManagedSseEnabled: 'false' },
      }),
      'AWS::SQS::Queue',
      'https://sqs.us-east-1.amazonaws.com/111122223333/intake',
      'arn:aws:sqs:us-east-1:111122223333:intake',
    ],
    [
      'CreateQueue (no response)',
      call('sqs.amazonaws.com', 'CreateQueue', { queueName: 'intake' }),
      'AWS::SQS::Queue',
      'https://sqs.us-east-1.amazonaws.com/111122223333/intake',
      'arn:aws:sqs:us-east-1:111122223333:intake',
    ],
    [
      'StopStreamEncryption (by name)',
      call('kinesis.amazonaws.com', 'StopStreamEncryption', { streamName: 'vitals', encryptionType: 'KMS' }),
      'AWS::Kinesis::Stream',
      'vitals',
      'arn:aws:kinesis:us-east-1:111122223333:stream/vitals',
    ],
    [
      'StartStreamEncryption (by ARN)',
      call('kinesis.amazonaws.com', 'StartStreamEncryption', {
        streamARN: 'arn:aws:kinesis:us-east-1:111122223333:stream/vitals',
        encryptionType: 'KMS',
        keyId: 'alias/aws/kinesis',
      }),
      'AWS::Kinesis::Stream',
      'vitals',
      'arn:aws:kinesis:us-east-1:111122223333:stream/vitals',
    ],
    [
      'CancelRotateSecret (the response names the ARN, spelled aRN before 2024)',
      call(
        'secretsmanager.amazonaws.com',
        'CancelRotateSecret',
        { secretId: 'ehr/db' },
        { aRN: SECRET_ARN, name: 'ehr/db' },
      ),
      'AWS::SecretsManager::Secret',
      SECRET_ARN,
      SECRET_ARN,
    ],
    [
      'RotateSecret (by ARN)',
      call('secretsmanager.amazonaws.com', 'RotateSecret', { secretId: SECRET_ARN }, { arn: SECRET_ARN }),
      'AWS::SecretsManager::Secret',
      SECRET_ARN,
      SECRET_ARN,
    ],
    [
      'EKS CreateCluster (not Redshift’s)',
      call('eks.amazonaws.com', 'CreateCluster', { name: 'clinic-apps', version: '1.31' }),
      'AWS::EKS::Cluster',
      'clinic-apps',
      'arn:aws:eks:us-east-1:111122223333:cluster/clinic-apps',
    ],
    [
      'AssociateEncryptionConfig',
      call('eks.amazonaws.com', 'AssociateEncryptionConfig', {
        clusterName: 'clinic-apps',
        encryptionConfig: [
          { resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:us-east-1:111122223333:key/k' } },
        ],
      }),
      'AWS::EKS::Cluster',
      'clinic-apps',
      'arn:aws:eks:us-east-1:111122223333:cluster/clinic-apps',
    ],
  ])('files %s under its resource', (_name, raw, resourceType, resourceId, arn) => {
    // Prepare / Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ resourceType, resourceId, arn });
    expect(assess(obs).length).toBeGreaterThan(0);
  });

  it('files a secret named only by its name under that name (its ARN has a random suffix)', () => {
    // Prepare
    const raw = call('secretsmanager.amazonaws.com', 'UpdateSecret', {
      secretId: 'ehr/db',
      kmsKeyId: 'alias/k',
    });
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ resourceType: 'AWS::SecretsManager::Secret', resourceId: 'ehr/db' });
    expect(obs.subject.arn).toBeUndefined();
  });

  it('files an EKS CreateCluster under the EKS cluster and judges it, and a Redshift one under Redshift', () => {
    // Prepare
    const eks = call('eks.amazonaws.com', 'CreateCluster', { name: 'k8s', version: '1.31' });
    const redshift = call('redshift.amazonaws.com', 'CreateCluster', {
      clusterIdentifier: 'k8s',
      encrypted: true,
    });
    // Act
    const [a, b] = [observe(eks), observe(redshift)];
    // Assess
    expect(assess(a).map((x) => x.controlId)).toEqual(['eks-secrets-encryption']);
    expect(b.subject.resourceType).toBe('AWS::Redshift::Cluster');
    expect(assess(b).map((x) => x.controlId)).not.toContain('eks-secrets-encryption');
  });

  it('ignores a watched name made by a service no control watches it in', () => {
    // Prepare
    const raw = call('ivs.amazonaws.com', 'CreateStream', { streamName: 'x' });
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toMatchObject({ kind: 'ignored' });
  });
});
