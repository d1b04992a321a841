/**
 * S3: the buckets of the swept region as configuration items of AWS::S3::Bucket, with their default
 * encryption and bucket policy in supplementaryConfiguration spelled as Config spells them
 * (ServerSideEncryptionConfiguration.rules[].applyServerSideEncryptionByDefault.sseAlgorithm,
 * BucketPolicy.policyText). No policy and no default encryption are facts about the bucket; any other
 * error leaves the bucket unobserved this time, and the gap names it. For the public-exposure controls
 * it also reads the bucket's Block Public Access settings (PublicAccessBlockConfiguration, null when the
 * bucket has none) and its ACL (AccessControlList { grantList: [{ grantee, permission }] }, a group
 * grantee named as Config names it: AllUsers, AuthenticatedUsers); when either read fails, that field is
 * left out (its controls go unevidenced for the bucket, and the gap names it) and the rest is recorded.
 * For the storage integrity, contingency and audit controls it reads, the same way, the bucket's
 * versioning (BucketVersioningConfiguration { status: Off | Enabled | Suspended, isMfaDeleteEnabled }),
 * server access logging (BucketLoggingConfiguration { destinationBucketName, logFilePrefix }, both null
 * when off), replication (BucketReplicationConfiguration { roleARN, rules: { <rule id>: { status,
 * destinationConfig: { bucketARN } } } }, null when the bucket has none) and Object Lock
 * (ObjectLockConfiguration { objectLockEnabled, rule }, null when the bucket has none).
 */
import {
  GetBucketAclCommand,
  type GetBucketAclCommandOutput,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  type GetBucketLoggingCommandOutput,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  type GetBucketReplicationCommandOutput,
  GetBucketVersioningCommand,
  type GetBucketVersioningCommandOutput,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, compact, configCase, isFactError } from './calls';

/** The per-bucket reads of the storage integrity, contingency and audit controls. */
const STORAGE_READS = [
  's3:GetBucketVersioning',
  's3:GetBucketLogging',
  's3:GetBucketReplication',
  's3:GetObjectLockConfiguration',
] as const;

/** A bucket ACL in Config's spelling: group grantees by their group name, others by id. */
function aclOf(acl: GetBucketAclCommandOutput): Record<string, unknown> {
  return {
    grantList: (acl.Grants ?? []).map((g) => ({
      grantee: g.Grantee?.URI ? g.Grantee.URI.split('/').pop() : compact({ id: g.Grantee?.ID }),
      permission: g.Permission ?? null,
    })),
  };
}

/** Versioning in Config's spelling: a bucket that never had it is "Off"; MFA delete null when unset. */
function versioningOf(v: GetBucketVersioningCommandOutput): Record<string, unknown> {
  return {
    status: v.Status ?? 'Off',
    isMfaDeleteEnabled: v.MFADelete === undefined ? null : v.MFADelete === 'Enabled',
  };
}

/** Server access logging in Config's spelling: the target bucket and prefix, null when logging is off. */
function loggingOf(l: GetBucketLoggingCommandOutput): Record<string, unknown> {
  return {
    destinationBucketName: l.LoggingEnabled?.TargetBucket ?? null,
    logFilePrefix: l.LoggingEnabled?.TargetPrefix ?? null,
  };
}

/** Replication in Config's spelling: the role and the rules keyed by their id, each with its status. */
function replicationOf(r: GetBucketReplicationCommandOutput): Record<string, unknown> {
  const rules = r.ReplicationConfiguration?.Rules ?? [];
  return {
    roleARN: r.ReplicationConfiguration?.Role ?? null,
    rules: Object.fromEntries(
      rules.map((rule, i) => [
        rule.ID ?? `rule-${i + 1}`,
        { status: rule.Status ?? null, destinationConfig: { bucketARN: rule.Destination?.Bucket ?? null } },
      ]),
    ),
  };
}

export function s3Collector(client: S3Client): SweepCollector {
  return {
    service: 's3',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      // only this region's buckets: each regional sweep reads its own, with a client in their region
      const pages = await log.pages('s3:ListBuckets', () =>
        paginateListBuckets({ client }, { BucketRegion: ctx.region }),
      );
      if (!pages) return { items: [], apis: log.results(), accountIds: [] };
      log.reached('s3:GetBucketEncryption');
      log.reached('s3:GetBucketPolicy');
      log.reached('s3:GetPublicAccessBlock');
      log.reached('s3:GetBucketAcl');
      for (const api of STORAGE_READS) log.reached(api);
      const buckets = pages.flatMap((p) => p.Buckets ?? []).filter((b) => b.Name);
      const items = await mapLimit(buckets, ctx.concurrency, async (b): Promise<SweepItem[]> => {
        const Bucket = b.Name as string;
        const encryption = await log.call(
          's3:GetBucketEncryption',
          () => client.send(new GetBucketEncryptionCommand({ Bucket })),
          {
            resource: Bucket,
            facts: ['ServerSideEncryptionConfigurationNotFoundError'],
          },
        );
        const policy = await log.call(
          's3:GetBucketPolicy',
          () => client.send(new GetBucketPolicyCommand({ Bucket })),
          {
            resource: Bucket,
            facts: ['NoSuchBucketPolicy'],
          },
        );
        if (encryption === undefined || policy === undefined) return [];
        const block = await log.call(
          's3:GetPublicAccessBlock',
          () => client.send(new GetPublicAccessBlockCommand({ Bucket })),
          { resource: Bucket, facts: ['NoSuchPublicAccessBlockConfiguration'] },
        );
        const acl = await log.get(
          's3:GetBucketAcl',
          () => client.send(new GetBucketAclCommand({ Bucket })),
          Bucket,
        );
        const supplementaryConfiguration: Record<string, unknown> = {
          // Config records a bucket without a policy as policyText null
          BucketPolicy: { policyText: isFactError(policy) ? null : (policy.Policy ?? null) },
        };
        if (block !== undefined)
          supplementaryConfiguration.PublicAccessBlockConfiguration = isFactError(block)
            ? null
            : configCase(block.PublicAccessBlockConfiguration ?? null);
        if (acl !== undefined) supplementaryConfiguration.AccessControlList = aclOf(acl);
        // storage integrity, contingency and audit: each read that fails leaves its field out
        const versioning = await log.get(
          's3:GetBucketVersioning',
          () => client.send(new GetBucketVersioningCommand({ Bucket })),
          Bucket,
        );
        if (versioning !== undefined)
          supplementaryConfiguration.BucketVersioningConfiguration = versioningOf(versioning);
        const logging = await log.get(
          's3:GetBucketLogging',
          () => client.send(new GetBucketLoggingCommand({ Bucket })),
          Bucket,
        );
        if (logging !== undefined) supplementaryConfiguration.BucketLoggingConfiguration = loggingOf(logging);
        const replication = await log.call(
          's3:GetBucketReplication',
          () => client.send(new GetBucketReplicationCommand({ Bucket })),
          { resource: Bucket, facts: ['ReplicationConfigurationNotFoundError'] },
        );
        if (replication !== undefined)
          supplementaryConfiguration.BucketReplicationConfiguration = isFactError(replication)
            ? null
            : replicationOf(replication);
        const lock = await log.call(
          's3:GetObjectLockConfiguration',
          () => client.send(new GetObjectLockConfigurationCommand({ Bucket })),
          { resource: Bucket, facts: ['ObjectLockConfigurationNotFoundError'] },
        );
        if (lock !== undefined)
          supplementaryConfiguration.ObjectLockConfiguration = isFactError(lock)
            ? null
            : configCase(lock.ObjectLockConfiguration ?? null);
        if (!isFactError(encryption)) {
          supplementaryConfiguration.ServerSideEncryptionConfiguration = {
            rules: (encryption.ServerSideEncryptionConfiguration?.Rules ?? []).map((r) =>
              compact({
                applyServerSideEncryptionByDefault: r.ApplyServerSideEncryptionByDefault
                  ? compact({
                      sseAlgorithm: r.ApplyServerSideEncryptionByDefault.SSEAlgorithm,
                      kmsMasterKeyID: r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID,
                    })
                  : undefined,
                bucketKeyEnabled: r.BucketKeyEnabled,
              }),
            ),
          };
        }
        return [
          {
            key: `s3:${Bucket}`,
            detail: {
              kind: 'configuration-item',
              api: 's3:ListBuckets',
              item: {
                awsRegion: b.BucketRegion ?? ctx.region,
                resourceType: 'AWS::S3::Bucket',
                resourceId: Bucket,
                resourceName: Bucket,
                configurationItemCaptureTime: ctx.startedAt.toISOString(),
                configurationItemStatus: 'OK',
                configuration: compact({ name: Bucket, creationDate: b.CreationDate?.toISOString() }),
                supplementaryConfiguration,
              },
            },
          },
        ];
      });
      return { items: items.flat(), apis: log.results(), accountIds: [] };
    },
  };
}
