import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  efsCollector,
  eksCollector,
  kinesisCollector,
  secretsManagerCollector,
  snsCollector,
  sqsCollector,
} from '../../../../core/adapters/sweep/stores';
import type { SweepDetail } from '../../../../evidence-schemas';
import { observeSweep } from '../../../fixtures/sweep-builders';
import {
  ACCOUNT_ID,
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  NO_STORES,
  REGION,
  serveAccount,
} from '../../../helpers/fake-aws-account';
import { SWEEP_CTX, sweepVerdicts } from '../../../helpers/sweep-collector-test';

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

const verdicts = sweepVerdicts;

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6`;
const efsArn = (id: string) => `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT_ID}:file-system/${id}`;
const topicArn = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${name}`;
const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/${name}`;
const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${name}-AbCdEf`;

describe('store collectors', () => {
  it('EFS: file systems over several pages with their backup policy (none set: disabled)', async () => {
    // Prepare
    const fs = (id: string, encrypted: boolean) => ({
      FileSystemId: id,
      FileSystemArn: efsArn(id),
      Encrypted: encrypted,
      ...(encrypted ? { KmsKeyId: KEY } : {}),
    });
    account.stores = {
      ...NO_STORES,
      fileSystems: [
        { fileSystem: fs('fs-a', true), backup: { Status: 'ENABLED' } },
        { fileSystem: fs('fs-b', true), backup: { Status: 'ENABLING' } },
        { fileSystem: fs('fs-scratch', false) },
      ],
    };
    // Act
    const r = await efsCollector(aws.clients.efs).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    const both = (status: string) => ({ 'efs-encryption': status, 'efs-backup-policy': status });
    expect(v['AWS::EFS::FileSystem:fs-a']).toEqual(both('COMPLIANT'));
    expect(v['AWS::EFS::FileSystem:fs-b']).toEqual(both('COMPLIANT'));
    expect(v['AWS::EFS::FileSystem:fs-scratch']).toEqual(both('NON_COMPLIANT'));
    expect(aws.calls.filter((c) => c === 'efs:DescribeFileSystems')).toHaveLength(2);
    // filed under the ARN a CloudTrail call on the file system is filed under (store-subjects.test.ts)
    const a = r.items.find((i) => i.key === 'AWS::EFS::FileSystem:fs-a');
    expect(observeSweep(a?.detail as SweepDetail).subject).toMatchObject({
      resourceId: 'fs-a',
      arn: efsArn('fs-a'),
    });
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
    expect(r.accountIds).toContain(ACCOUNT_ID);
  });

  it('EFS: a failed backup-policy read leaves that file system’s backups unjudged and names it', async () => {
    // Prepare
    account.stores = {
      ...NO_STORES,
      fileSystems: [{ fileSystem: { FileSystemId: 'fs-a', FileSystemArn: efsArn('fs-a'), Encrypted: true } }],
    };
    account.denied.add('efs:DescribeBackupPolicy:fs-a');
    // Act
    const r = await efsCollector(aws.clients.efs).collect(ctx);
    // Assess
    expect(verdicts(r.items)['AWS::EFS::FileSystem:fs-a']).toEqual({ 'efs-encryption': 'COMPLIANT' });
    expect(r.apis.find((a) => a.api === 'efs:DescribeBackupPolicy')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException', resource: 'fs-a' },
    ]);
  });

  it('EFS: a denied list observes no file system and names the gap', async () => {
    // Prepare
    account.stores = { ...NO_STORES, fileSystems: [{ fileSystem: { FileSystemId: 'fs-a' } }] };
    account.denied.add('efs:DescribeFileSystems');
    // Act
    const r = await efsCollector(aws.clients.efs).collect(ctx);
    // Assess
    expect(r.items).toEqual([]);
    expect(r.apis.find((a) => a.api === 'efs:DescribeFileSystems')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException' },
    ]);
  });

  it('SNS: topics over several pages with their KMS key; a failed attribute read names the topic', async () => {
    // Prepare
    account.stores = {
      ...NO_STORES,
      topics: {
        [topicArn('lab-results')]: { KmsMasterKeyId: 'alias/clinic-messages' },
        [topicArn('billing')]: { KmsMasterKeyId: KEY },
        [topicArn('alerts')]: { DisplayName: 'Alerts' },
        [topicArn('hidden')]: {},
      },
    };
    account.denied.add(`sns:GetTopicAttributes:${topicArn('hidden')}`);
    // Act
    const r = await snsCollector(aws.clients.sns).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    expect(v[`AWS::SNS::Topic:${topicArn('lab-results')}`]).toEqual({ 'sns-topic-encryption': 'COMPLIANT' });
    expect(v[`AWS::SNS::Topic:${topicArn('billing')}`]).toEqual({ 'sns-topic-encryption': 'COMPLIANT' });
    expect(v[`AWS::SNS::Topic:${topicArn('alerts')}`]).toEqual({ 'sns-topic-encryption': 'NON_COMPLIANT' });
    expect(Object.keys(v)).toHaveLength(3);
    expect(aws.calls.filter((c) => c === 'sns:ListTopics')).toHaveLength(2);
    expect(r.apis.find((a) => a.api === 'sns:GetTopicAttributes')?.failures).toMatchObject([
      { resource: topicArn('hidden') },
    ]);
  });

  it('SQS: queues over several pages, encrypted with SSE-SQS, SSE-KMS or not at all', async () => {
    // Prepare
    const attrs = (name: string, more: Record<string, string>) => ({
      QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`,
      ...more,
    });
    account.stores = {
      ...NO_STORES,
      queues: {
        [queueUrl('intake')]: attrs('intake', { SqsManagedSseEnabled: 'true' }),
        [queueUrl('claims')]: attrs('claims', { SqsManagedSseEnabled: 'false', KmsMasterKeyId: 'alias/q' }),
        [queueUrl('plain')]: attrs('plain', { SqsManagedSseEnabled: 'false' }),
      },
    };
    // Act
    const r = await sqsCollector(aws.clients.sqs).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    expect(v[`AWS::SQS::Queue:${queueUrl('intake')}`]).toEqual({ 'sqs-queue-encryption': 'COMPLIANT' });
    expect(v[`AWS::SQS::Queue:${queueUrl('claims')}`]).toEqual({ 'sqs-queue-encryption': 'COMPLIANT' });
    expect(v[`AWS::SQS::Queue:${queueUrl('plain')}`]).toEqual({ 'sqs-queue-encryption': 'NON_COMPLIANT' });
    expect(aws.calls.filter((c) => c === 'sqs:ListQueues')).toHaveLength(2);
    const intake = r.items.find((i) => i.key === `AWS::SQS::Queue:${queueUrl('intake')}`);
    expect(observeSweep(intake?.detail as SweepDetail).subject).toMatchObject({
      resourceId: queueUrl('intake'),
      arn: `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:intake`,
    });
    expect(r.accountIds).toContain(ACCOUNT_ID);
  });

  it('Kinesis: streams over several pages with their encryption', async () => {
    // Prepare
    const stream = (name: string, encrypted: boolean) => ({
      StreamName: name,
      StreamARN: `arn:aws:kinesis:${REGION}:${ACCOUNT_ID}:stream/${name}`,
      EncryptionType: encrypted ? ('KMS' as const) : ('NONE' as const),
      ...(encrypted ? { KeyId: KEY } : {}),
    });
    account.stores = {
      ...NO_STORES,
      streams: [stream('vitals', true), stream('orders', true), stream('clicks', false)],
    };
    // Act
    const r = await kinesisCollector(aws.clients.kinesis).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    expect(v['AWS::Kinesis::Stream:vitals']).toEqual({ 'kinesis-stream-encryption': 'COMPLIANT' });
    expect(v['AWS::Kinesis::Stream:orders']).toEqual({ 'kinesis-stream-encryption': 'COMPLIANT' });
    expect(v['AWS::Kinesis::Stream:clicks']).toEqual({ 'kinesis-stream-encryption': 'NON_COMPLIANT' });
    expect(aws.calls.filter((c) => c === 'kinesis:ListStreams')).toHaveLength(2);
  });

  it('Secrets Manager: secrets over several pages, judged on rotation and key, no value read', async () => {
    // Prepare
    account.stores = {
      ...NO_STORES,
      secrets: [
        { ARN: secretArn('ehr/db'), Name: 'ehr/db', KmsKeyId: KEY, RotationEnabled: true },
        { ARN: secretArn('lab/api'), Name: 'lab/api', KmsKeyId: KEY, RotationEnabled: true },
        { ARN: secretArn('legacy'), Name: 'legacy' },
      ],
    };
    // Act
    const r = await secretsManagerCollector(aws.clients.secretsmanager).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    const both = (status: string) => ({ 'secrets-rotation': status, 'secrets-cmk': status });
    expect(v[`AWS::SecretsManager::Secret:${secretArn('ehr/db')}`]).toEqual(both('COMPLIANT'));
    expect(v[`AWS::SecretsManager::Secret:${secretArn('lab/api')}`]).toEqual(both('COMPLIANT'));
    expect(v[`AWS::SecretsManager::Secret:${secretArn('legacy')}`]).toEqual(both('NON_COMPLIANT'));
    expect(new Set(aws.calls.filter((c) => c.startsWith('secretsmanager:')))).toEqual(
      new Set(['secretsmanager:ListSecrets']),
    );
    expect(aws.calls.filter((c) => c === 'secretsmanager:ListSecrets')).toHaveLength(2);
  });

  it('EKS: clusters over several pages with their encryption; a failed describe names the cluster', async () => {
    // Prepare
    const cluster = (name: string, secrets: boolean) => ({
      name,
      arn: `arn:aws:eks:${REGION}:${ACCOUNT_ID}:cluster/${name}`,
      ...(secrets ? { encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: KEY } }] } : {}),
    });
    account.stores = {
      ...NO_STORES,
      clusters: [cluster('clinic-apps', true), cluster('scratch', false), cluster('locked', true)],
    };
    account.denied.add('eks:DescribeCluster:locked');
    // Act
    const r = await eksCollector(aws.clients.eks).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    expect(v).toEqual({
      'AWS::EKS::Cluster:clinic-apps': { 'eks-secrets-encryption': 'COMPLIANT' },
      'AWS::EKS::Cluster:scratch': { 'eks-secrets-encryption': 'NON_COMPLIANT' },
    });
    expect(aws.calls.filter((c) => c === 'eks:ListClusters')).toHaveLength(2);
    expect(r.apis.find((a) => a.api === 'eks:DescribeCluster')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException', resource: 'locked' },
    ]);
  });
});
