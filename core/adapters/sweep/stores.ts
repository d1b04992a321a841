/**
 * The data stores the store controls judge (core/domain/controls/store-sources.ts), read from their
 * own services: EFS file systems with their backup policy, SNS topics and SQS queues with their
 * encryption attributes, Kinesis data streams with their encryption summary, Secrets Manager secrets
 * (ListSecrets carries rotation and key: no secret value is ever read) and EKS clusters with their
 * encryption configuration. Each becomes a configuration item in Config's spelling for the type (the
 * CloudFormation property names, PascalCase), keyed by the resource id Config uses, with its ARN.
 * A per-resource read that fails leaves that resource out (the gap names it); the rest are observed.
 */
import {
  DescribeBackupPolicyCommand,
  type EFSClient,
  type FileSystemDescription,
  paginateDescribeFileSystems,
} from '@aws-sdk/client-efs';
import { DescribeClusterCommand, type EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import {
  DescribeStreamSummaryCommand,
  type KinesisClient,
  paginateListStreams,
} from '@aws-sdk/client-kinesis';
import { paginateListSecrets, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetTopicAttributesCommand, paginateListTopics, type SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, paginateListQueues, type SQSClient } from '@aws-sdk/client-sqs';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, compact, configurationItem, isFactError } from './calls';

/** A configuration item of a store, with its account when its ARN names one. */
function storeItem(
  ctx: SweepContext,
  api: string,
  resource: { type: string; id: string; name: string; arn?: string; configuration: Record<string, unknown> },
): SweepItem {
  const accountId = accountOfArn(resource.arn);
  return configurationItem(ctx, api, {
    ...resource,
    configuration: compact(resource.configuration),
    ...(accountId ? { accountId } : {}),
  });
}

/** The collector's result: its items, its calls, and the accounts its items' ARNs name. */
function result(items: SweepItem[], log: ApiLog): CollectorResult {
  const accountIds = items.flatMap((i) => {
    const id = i.detail.kind === 'configuration-item' ? i.detail.item.accountId : undefined;
    return typeof id === 'string' ? [id] : [];
  });
  return { items, apis: log.results(), accountIds };
}

/** The last part of an ARN or URL: a name. */
const lastPart = (value: string, sep: string) => value.slice(value.lastIndexOf(sep) + 1);

/**
 * EFS: every file system (paginated), with its backup policy (DescribeBackupPolicy, one per file
 * system; PolicyNotFound means automatic backups were never turned on: DISABLED).
 */
export function efsCollector(client: EFSClient): SweepCollector {
  return {
    service: 'efs',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('efs:DescribeFileSystems', () =>
        paginateDescribeFileSystems({ client }, {}),
      );
      log.reached('efs:DescribeBackupPolicy');
      const fileSystems = (pages ?? []).flatMap((p) => p.FileSystems ?? []);
      const items = await mapLimit(fileSystems, ctx.concurrency, async (fs: FileSystemDescription) => {
        const id = fs.FileSystemId;
        if (!id) return [];
        const policy = await log.call(
          'efs:DescribeBackupPolicy',
          () => client.send(new DescribeBackupPolicyCommand({ FileSystemId: id })),
          { resource: id, facts: ['PolicyNotFound'] },
        );
        const status = isFactError(policy) ? 'DISABLED' : policy?.BackupPolicy?.Status;
        return [
          storeItem(ctx, 'efs:DescribeFileSystems', {
            type: 'AWS::EFS::FileSystem',
            id,
            name: fs.Name ?? id,
            ...(fs.FileSystemArn ? { arn: fs.FileSystemArn } : {}),
            configuration: {
              FileSystemId: id,
              Arn: fs.FileSystemArn,
              Encrypted: fs.Encrypted ?? false,
              KmsKeyId: fs.KmsKeyId,
              AvailabilityZoneName: fs.AvailabilityZoneName,
              BackupPolicy: status ? { Status: status } : undefined,
            },
          }),
        ];
      });
      return result(items.flat(), log);
    },
  };
}

/** SNS: every topic (paginated), with its attributes (GetTopicAttributes: KmsMasterKeyId). */
export function snsCollector(client: SNSClient): SweepCollector {
  return {
    service: 'sns',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('sns:ListTopics', () => paginateListTopics({ client }, {}));
      log.reached('sns:GetTopicAttributes');
      const arns = (pages ?? []).flatMap((p) => (p.Topics ?? []).flatMap((t) => t.TopicArn ?? []));
      const items = await mapLimit(arns, ctx.concurrency, async (arn) => {
        const got = await log.get(
          'sns:GetTopicAttributes',
          () => client.send(new GetTopicAttributesCommand({ TopicArn: arn })),
          arn,
        );
        if (!got) return [];
        return [
          storeItem(ctx, 'sns:ListTopics', {
            type: 'AWS::SNS::Topic',
            id: arn,
            name: lastPart(arn, ':'),
            arn,
            configuration: { TopicArn: arn, KmsMasterKeyId: got.Attributes?.KmsMasterKeyId || undefined },
          }),
        ];
      });
      return result(items.flat(), log);
    },
  };
}

/** The queue attributes sqs-queue-encryption reads (and the ARN that names the queue). */
const QUEUE_ATTRIBUTES = ['QueueArn', 'KmsMasterKeyId', 'SqsManagedSseEnabled'] as const;

/** SQS: every queue (paginated), with its encryption attributes (GetQueueAttributes). */
export function sqsCollector(client: SQSClient): SweepCollector {
  return {
    service: 'sqs',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('sqs:ListQueues', () => paginateListQueues({ client }, {}));
      log.reached('sqs:GetQueueAttributes');
      const urls = (pages ?? []).flatMap((p) => p.QueueUrls ?? []);
      const items = await mapLimit(urls, ctx.concurrency, async (url) => {
        const got = await log.get(
          'sqs:GetQueueAttributes',
          () =>
            client.send(
              new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...QUEUE_ATTRIBUTES] }),
            ),
          url,
        );
        if (!got) return [];
        const a = got.Attributes ?? {};
        return [
          storeItem(ctx, 'sqs:ListQueues', {
            type: 'AWS::SQS::Queue',
            id: url,
            name: lastPart(url, '/'),
            ...(a.QueueArn ? { arn: a.QueueArn } : {}),
            configuration: {
              QueueUrl: url,
              QueueArn: a.QueueArn,
              QueueName: lastPart(url, '/'),
              KmsMasterKeyId: a.KmsMasterKeyId || undefined,
              SqsManagedSseEnabled: a.SqsManagedSseEnabled,
            },
          }),
        ];
      });
      return result(items.flat(), log);
    },
  };
}

/** Kinesis: every data stream (paginated), with its encryption (DescribeStreamSummary). */
export function kinesisCollector(client: KinesisClient): SweepCollector {
  return {
    service: 'kinesis',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('kinesis:ListStreams', () => paginateListStreams({ client }, {}));
      log.reached('kinesis:DescribeStreamSummary');
      const names = (pages ?? []).flatMap((p) => p.StreamNames ?? []);
      const items = await mapLimit(names, ctx.concurrency, async (name) => {
        const got = await log.get(
          'kinesis:DescribeStreamSummary',
          () => client.send(new DescribeStreamSummaryCommand({ StreamName: name })),
          name,
        );
        const s = got?.StreamDescriptionSummary;
        if (!s) return [];
        const encrypted = s.EncryptionType === 'KMS';
        return [
          storeItem(ctx, 'kinesis:ListStreams', {
            type: 'AWS::Kinesis::Stream',
            id: name,
            name,
            ...(s.StreamARN ? { arn: s.StreamARN } : {}),
            configuration: {
              Name: name,
              Arn: s.StreamARN,
              // Config records StreamEncryption only for an encrypted stream
              StreamEncryption: encrypted ? { EncryptionType: s.EncryptionType, KeyId: s.KeyId } : undefined,
            },
          }),
        ];
      });
      return result(items.flat(), log);
    },
  };
}

/**
 * Secrets Manager: every secret (paginated). ListSecrets carries the rotation flag, rules and KMS key
 * of each; no call that returns a secret's value is made (the sweep role has no such action).
 */
export function secretsManagerCollector(client: SecretsManagerClient): SweepCollector {
  return {
    service: 'secretsmanager',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('secretsmanager:ListSecrets', () => paginateListSecrets({ client }, {}));
      const items = (pages ?? []).flatMap((p) =>
        (p.SecretList ?? []).flatMap((s) =>
          s.ARN
            ? [
                storeItem(ctx, 'secretsmanager:ListSecrets', {
                  type: 'AWS::SecretsManager::Secret',
                  id: s.ARN,
                  name: s.Name ?? lastPart(s.ARN, ':'),
                  arn: s.ARN,
                  configuration: {
                    ARN: s.ARN,
                    Name: s.Name,
                    KMSKeyId: s.KmsKeyId,
                    RotationEnabled: s.RotationEnabled ?? false,
                    RotationLambdaARN: s.RotationLambdaARN,
                    RotationRules: s.RotationRules
                      ? compact({
                          AutomaticallyAfterDays: s.RotationRules.AutomaticallyAfterDays,
                          ScheduleExpression: s.RotationRules.ScheduleExpression,
                        })
                      : undefined,
                  },
                }),
              ]
            : [],
        ),
      );
      return result(items, log);
    },
  };
}

/** EKS: every cluster (paginated), with its encryption configuration (DescribeCluster). */
export function eksCollector(client: EKSClient): SweepCollector {
  return {
    service: 'eks',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('eks:ListClusters', () => paginateListClusters({ client }, {}));
      log.reached('eks:DescribeCluster');
      const names = (pages ?? []).flatMap((p) => p.clusters ?? []);
      const items = await mapLimit(names, ctx.concurrency, async (name) => {
        const got = await log.get(
          'eks:DescribeCluster',
          () => client.send(new DescribeClusterCommand({ name })),
          name,
        );
        const c = got?.cluster;
        if (!c) return [];
        return [
          storeItem(ctx, 'eks:ListClusters', {
            type: 'AWS::EKS::Cluster',
            id: name,
            name,
            ...(c.arn ? { arn: c.arn } : {}),
            configuration: {
              Name: name,
              Arn: c.arn,
              EncryptionConfig: (c.encryptionConfig ?? []).map((e) =>
                compact({
                  Resources: e.resources,
                  Provider: e.provider?.keyArn ? { KeyArn: e.provider.keyArn } : undefined,
                }),
              ),
            },
          }),
        ];
      });
      return result(items.flat(), log);
    },
  };
}
