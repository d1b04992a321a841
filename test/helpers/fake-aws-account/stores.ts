/**
 * EFS, SNS, SQS, Kinesis, Secrets Manager and EKS in the fake account: the resources the store
 * collectors read (account.stores, in the SDK's own shapes), paged like the real APIs (Marker/NextMarker
 * for EFS, NextToken elsewhere, nextToken for EKS), with each service's not-found errors.
 */
import {
  type BackupPolicy,
  DescribeBackupPolicyCommand,
  DescribeFileSystemsCommand,
  EFSClient,
  type FileSystemDescription,
} from '@aws-sdk/client-efs';
import { type Cluster, DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListStreamsCommand,
  type StreamDescriptionSummary,
} from '@aws-sdk/client-kinesis';
import {
  ListSecretsCommand,
  type SecretListEntry,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetTopicAttributesCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { FakeAccount } from './account';
import { awsError, page, type Serve } from './serve';

/** The store resources of the fake account; absent from the account: none. */
export interface FakeStores {
  /** each file system with its backup policy (absent: none was ever set, PolicyNotFound) */
  fileSystems: { fileSystem: Partial<FileSystemDescription>; backup?: BackupPolicy }[];
  /** topic ARN -> its attributes */
  topics: Record<string, Record<string, string>>;
  /** queue URL -> its attributes */
  queues: Record<string, Record<string, string>>;
  streams: Partial<StreamDescriptionSummary>[];
  secrets: SecretListEntry[];
  clusters: Cluster[];
}

/** An account with none of the store resources (tests add the ones they need). */
export const NO_STORES: FakeStores = {
  fileSystems: [],
  topics: {},
  queues: {},
  streams: [],
  secrets: [],
  clusters: [],
};

/** Mocks the six store clients and serves account.stores through them. */
export function serveStores(account: FakeAccount, serve: Serve) {
  const x = () => account.stores ?? NO_STORES;
  const efs = mockClient(EFSClient);
  efs.on(DescribeFileSystemsCommand).callsFake(
    serve('efs:DescribeFileSystems', (input: { Marker?: string }) => {
      const p = page(
        x().fileSystems.map((f) => f.fileSystem),
        input.Marker,
      );
      return { FileSystems: p.items, ...(p.next ? { NextMarker: p.next } : {}) };
    }),
  );
  efs.on(DescribeBackupPolicyCommand).callsFake(
    serve(
      'efs:DescribeBackupPolicy',
      (input: { FileSystemId: string }) => {
        const found = x().fileSystems.find((f) => f.fileSystem.FileSystemId === input.FileSystemId);
        if (!found) throw awsError('FileSystemNotFound', `File system ${input.FileSystemId} not found`);
        if (!found.backup) throw awsError('PolicyNotFound', 'No backup policy');
        return { BackupPolicy: found.backup };
      },
      (input) => input.FileSystemId,
    ),
  );
  const sns = mockClient(SNSClient);
  sns.on(ListTopicsCommand).callsFake(
    serve('sns:ListTopics', (input: { NextToken?: string }) => {
      const p = page(Object.keys(x().topics), input.NextToken);
      return { Topics: p.items.map((TopicArn) => ({ TopicArn })), ...(p.next ? { NextToken: p.next } : {}) };
    }),
  );
  sns.on(GetTopicAttributesCommand).callsFake(
    serve(
      'sns:GetTopicAttributes',
      (input: { TopicArn: string }) => {
        const found = x().topics[input.TopicArn];
        if (!found) throw awsError('NotFoundException', 'Topic does not exist');
        return { Attributes: { TopicArn: input.TopicArn, ...found } };
      },
      (input) => input.TopicArn,
    ),
  );
  const sqs = mockClient(SQSClient);
  sqs.on(ListQueuesCommand).callsFake(
    serve('sqs:ListQueues', (input: { NextToken?: string }) => {
      const p = page(Object.keys(x().queues), input.NextToken);
      return { QueueUrls: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    }),
  );
  sqs.on(GetQueueAttributesCommand).callsFake(
    serve(
      'sqs:GetQueueAttributes',
      (input: { QueueUrl: string; AttributeNames?: string[] }) => {
        const found = x().queues[input.QueueUrl];
        if (!found) throw awsError('QueueDoesNotExist', 'The specified queue does not exist');
        const wanted = new Set(input.AttributeNames ?? []);
        return { Attributes: Object.fromEntries(Object.entries(found).filter(([k]) => wanted.has(k))) };
      },
      (input) => input.QueueUrl,
    ),
  );
  const kinesis = mockClient(KinesisClient);
  kinesis.on(ListStreamsCommand).callsFake(
    serve('kinesis:ListStreams', (input: { NextToken?: string }) => {
      const p = page(x().streams, input.NextToken);
      return {
        StreamNames: p.items.map((s) => s.StreamName ?? ''),
        StreamSummaries: p.items.map((s) => ({ StreamName: s.StreamName, StreamARN: s.StreamARN })),
        HasMoreStreams: p.next !== undefined,
        ...(p.next ? { NextToken: p.next } : {}),
      };
    }),
  );
  kinesis.on(DescribeStreamSummaryCommand).callsFake(
    serve(
      'kinesis:DescribeStreamSummary',
      (input: { StreamName?: string }) => {
        const found = x().streams.find((s) => s.StreamName === input.StreamName);
        if (!found) throw awsError('ResourceNotFoundException', `Stream ${input.StreamName} not found`);
        return { StreamDescriptionSummary: found };
      },
      (input) => input.StreamName ?? '',
    ),
  );
  const secrets = mockClient(SecretsManagerClient);
  secrets.on(ListSecretsCommand).callsFake(
    serve('secretsmanager:ListSecrets', (input: { NextToken?: string }) => {
      const p = page(x().secrets, input.NextToken);
      return { SecretList: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    }),
  );
  const eks = mockClient(EKSClient);
  eks.on(ListClustersCommand).callsFake(
    serve('eks:ListClusters', (input: { nextToken?: string }) => {
      const p = page(x().clusters, input.nextToken);
      return { clusters: p.items.map((c) => c.name ?? ''), ...(p.next ? { nextToken: p.next } : {}) };
    }),
  );
  eks.on(DescribeClusterCommand).callsFake(
    serve(
      'eks:DescribeCluster',
      (input: { name: string }) => {
        const found = x().clusters.find((c) => c.name === input.name);
        if (!found) throw awsError('ResourceNotFoundException', `No cluster found for name: ${input.name}`);
        return { cluster: found };
      },
      (input) => input.name,
    ),
  );
  return [efs, sns, sqs, kinesis, secrets, eks];
}
