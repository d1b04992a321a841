/**
 * CloudWatch Logs: every log group as a configuration item of AWS::Logs::LogGroup with the fields
 * the catalog judges (retentionInDays, kmsKeyId). Fields that move by themselves (storedBytes,
 * metricFilterCount) are left out, so an untouched log group is "unchanged" from one day to the next.
 */
import { type CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { ApiLog, accountOfArn } from './calls';

export function logsCollector(client: CloudWatchLogsClient): SweepCollector {
  return {
    service: 'logs',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('logs:DescribeLogGroups', () =>
        paginateDescribeLogGroups({ client }, {}),
      );
      const accountIds: string[] = [];
      const items: SweepItem[] = [];
      for (const g of (pages ?? []).flatMap((p) => p.logGroups ?? [])) {
        if (!g.logGroupName) continue;
        const account = accountOfArn(g.arn);
        if (account) accountIds.push(account);
        const configuration: Record<string, unknown> = {
          logGroupName: g.logGroupName,
          ...(g.arn ? { arn: g.arn } : {}),
          ...(g.creationTime !== undefined ? { creationTime: g.creationTime } : {}),
          ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
          ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}),
          ...(g.logGroupClass ? { logGroupClass: g.logGroupClass } : {}),
        };
        items.push({
          key: `log-group:${g.logGroupName}`,
          detail: {
            kind: 'configuration-item',
            api: 'logs:DescribeLogGroups',
            item: {
              ...(account ? { accountId: account } : {}),
              ...(g.arn ? { arn: g.arn } : {}),
              awsRegion: ctx.region,
              resourceType: 'AWS::Logs::LogGroup',
              resourceId: g.logGroupName,
              resourceName: g.logGroupName,
              configurationItemCaptureTime: ctx.startedAt.toISOString(),
              configurationItemStatus: 'OK',
              configuration,
              supplementaryConfiguration: {},
            },
          },
        });
      }
      return { items, apis: log.results(), accountIds };
    },
  };
}
