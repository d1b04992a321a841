/**
 * RDS: the account's manual DB snapshots and DB cluster snapshots (automated ones cannot be shared),
 * each with its attributes as DescribeDB(Cluster)SnapshotAttributes lists them, in the item's
 * supplementaryConfiguration (DBSnapshotAttributes / DBClusterSnapshotAttributes, Config's spelling).
 * A snapshot whose attributes cannot be read is left unobserved this time, and the gap names it.
 * DB instances and DB clusters (databases.ts) are read with DescribeDBInstances / DescribeDBClusters.
 */
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBSnapshots,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, compact, configCase, configurationItem, iso } from './calls';
import { rdsDatabaseItems } from './databases';

/** One manual snapshot to read, DB or cluster, with the calls that read it. */
interface Snapshot {
  type: 'AWS::RDS::DBSnapshot' | 'AWS::RDS::DBClusterSnapshot';
  id: string;
  arn?: string;
  configuration: Record<string, unknown>;
}

export function rdsCollector(client: RDSClient): SweepCollector {
  return {
    service: 'rds',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const dbPages = await log.pages('rds:DescribeDBSnapshots', () =>
        paginateDescribeDBSnapshots({ client }, { SnapshotType: 'manual' }),
      );
      const clusterPages = await log.pages('rds:DescribeDBClusterSnapshots', () =>
        paginateDescribeDBClusterSnapshots({ client }, { SnapshotType: 'manual' }),
      );
      log.reached('rds:DescribeDBSnapshotAttributes');
      log.reached('rds:DescribeDBClusterSnapshotAttributes');
      const snapshots: Snapshot[] = [
        ...(dbPages ?? []).flatMap((p) =>
          (p.DBSnapshots ?? []).flatMap((s): Snapshot[] =>
            s.DBSnapshotIdentifier
              ? [
                  {
                    type: 'AWS::RDS::DBSnapshot',
                    id: s.DBSnapshotIdentifier,
                    ...(s.DBSnapshotArn ? { arn: s.DBSnapshotArn } : {}),
                    configuration: compact({
                      dBSnapshotIdentifier: s.DBSnapshotIdentifier,
                      dBInstanceIdentifier: s.DBInstanceIdentifier,
                      snapshotType: s.SnapshotType,
                      encrypted: s.Encrypted,
                      snapshotCreateTime: iso(s.SnapshotCreateTime),
                    }),
                  },
                ]
              : [],
          ),
        ),
        ...(clusterPages ?? []).flatMap((p) =>
          (p.DBClusterSnapshots ?? []).flatMap((s): Snapshot[] =>
            s.DBClusterSnapshotIdentifier
              ? [
                  {
                    type: 'AWS::RDS::DBClusterSnapshot',
                    id: s.DBClusterSnapshotIdentifier,
                    ...(s.DBClusterSnapshotArn ? { arn: s.DBClusterSnapshotArn } : {}),
                    configuration: compact({
                      dBClusterSnapshotIdentifier: s.DBClusterSnapshotIdentifier,
                      dBClusterIdentifier: s.DBClusterIdentifier,
                      snapshotType: s.SnapshotType,
                      storageEncrypted: s.StorageEncrypted,
                      snapshotCreateTime: iso(s.SnapshotCreateTime),
                    }),
                  },
                ]
              : [],
          ),
        ),
      ];
      const accountIds = snapshots.map((s) => accountOfArn(s.arn)).filter((a): a is string => !!a);
      const items = await mapLimit(snapshots, ctx.concurrency, async (s): Promise<SweepItem[]> => {
        const cluster = s.type === 'AWS::RDS::DBClusterSnapshot';
        const attributes = cluster
          ? (
              await log.get(
                'rds:DescribeDBClusterSnapshotAttributes',
                () =>
                  client.send(
                    new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: s.id }),
                  ),
                s.id,
              )
            )?.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes
          : (
              await log.get(
                'rds:DescribeDBSnapshotAttributes',
                () => client.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: s.id })),
                s.id,
              )
            )?.DBSnapshotAttributesResult?.DBSnapshotAttributes;
        if (!attributes) return [];
        return [
          configurationItem(ctx, 'rds:DescribeDBSnapshots', {
            type: s.type,
            id: s.id,
            ...(s.arn ? { arn: s.arn } : {}),
            ...(accountOfArn(s.arn) ? { accountId: accountOfArn(s.arn) } : {}),
            configuration: s.configuration,
            supplementaryConfiguration: {
              [cluster ? 'DBClusterSnapshotAttributes' : 'DBSnapshotAttributes']: configCase(attributes),
            },
          }),
        ];
      });
      const databases = await rdsDatabaseItems(client, ctx, log);
      return {
        items: [...items.flat(), ...databases.items],
        apis: log.results(),
        accountIds: [...accountIds, ...databases.accountIds],
      };
    },
  };
}
