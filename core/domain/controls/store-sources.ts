/**
 * The data stores the encryption-at-rest, contingency and access controls of catalog v2 read beyond
 * the databases (core/domain/controls/setting-kit.ts): EFS file systems, SNS topics, SQS queues, Kinesis
 * data streams, Secrets Manager secrets and EKS clusters. Each is declared once, with its configuration
 * item type and the calls of its service that carry its settings, so every control of a store judges the
 * same calls and the normalizer files them under the same subject (core/domain/normalize/store-subjects.ts).
 */
import type { SettingSource } from './setting-kit';

/** EFS file systems: created (with `encrypted` and `backup`), and their automatic-backup policy set. */
export const EFS_FILE_SYSTEM: SettingSource = {
  resourceTypes: ['AWS::EFS::FileSystem'],
  eventSource: 'elasticfilesystem.amazonaws.com',
  calls: ['CreateFileSystem', 'PutBackupPolicy'],
};

/** SNS topics: created with attributes, or one attribute set at a time. */
export const SNS_TOPIC: SettingSource = {
  resourceTypes: ['AWS::SNS::Topic'],
  eventSource: 'sns.amazonaws.com',
  calls: ['CreateTopic', 'SetTopicAttributes'],
};

/** SQS queues: created with attributes, or attributes set. */
export const SQS_QUEUE: SettingSource = {
  resourceTypes: ['AWS::SQS::Queue'],
  eventSource: 'sqs.amazonaws.com',
  calls: ['CreateQueue', 'SetQueueAttributes'],
};

/** Kinesis data streams: created (always unencrypted), and server-side encryption started or stopped. */
export const KINESIS_STREAM: SettingSource = {
  resourceTypes: ['AWS::Kinesis::Stream'],
  eventSource: 'kinesis.amazonaws.com',
  calls: ['CreateStream', 'StartStreamEncryption', 'StopStreamEncryption'],
};

/** Secrets Manager secrets: created or updated (their KMS key), and rotation configured or cancelled. */
export const SECRET: SettingSource = {
  resourceTypes: ['AWS::SecretsManager::Secret'],
  eventSource: 'secretsmanager.amazonaws.com',
  calls: ['CreateSecret', 'UpdateSecret', 'RotateSecret', 'CancelRotateSecret'],
};

/** EKS clusters: created, and envelope encryption associated later. */
export const EKS_CLUSTER: SettingSource = {
  resourceTypes: ['AWS::EKS::Cluster'],
  eventSource: 'eks.amazonaws.com',
  calls: ['CreateCluster', 'AssociateEncryptionConfig'],
};

/** Every store above, in catalog order. */
export const STORES: readonly SettingSource[] = [
  EFS_FILE_SYSTEM,
  SNS_TOPIC,
  SQS_QUEUE,
  KINESIS_STREAM,
  SECRET,
  EKS_CLUSTER,
];
