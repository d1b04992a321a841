/**
 * CloudWatch security alarms: the log groups the region's trails deliver to (DescribeTrails'
 * CloudWatchLogsLogGroupArn), the metric filters on each (DescribeMetricFilters, per log group) and the
 * metric alarms on those filters' metrics (DescribeAlarms), as one AWS::CloudWatch::SecurityAlarms item
 * for the account and region (core/domain/controls/threat-detection/cloudwatch-security-alarms.ts judges
 * it). An alarm keeps its name, metric, whether its actions are enabled and how many alarm actions it
 * has; filters keep their pattern and metric. Any failed read leaves the item out (a gap, not a verdict).
 */
import { type CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { type CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLogsClient, paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import type { CollectorResult, SweepCollector, SweepContext } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, compact, configurationItem } from './calls';

/** A log group's name from its ARN (arn:...:log-group:NAME:*). */
const logGroupName = (arn: string | undefined) => arn && /:log-group:(.+?)(:\*)?$/.exec(arn)?.[1];

export function cloudwatchCollector(clients: {
  cloudtrail: CloudTrailClient;
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
}): SweepCollector {
  return {
    service: 'cloudwatch',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const done = () => ({ items: [], apis: log.results(), accountIds: [] });
      const trails = await log.get('cloudtrail:DescribeTrails', () =>
        clients.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true })),
      );
      if (!trails) return done();
      const groups = [
        ...new Set((trails.trailList ?? []).flatMap((t) => logGroupName(t.CloudWatchLogsLogGroupArn) ?? [])),
      ].sort();
      if (groups.length === 0) log.reached('logs:DescribeMetricFilters');
      const perGroup = await mapLimit(groups, ctx.concurrency, (name) =>
        log.pages('logs:DescribeMetricFilters', () =>
          paginateDescribeMetricFilters({ client: clients.logs }, { logGroupName: name }),
        ),
      );
      if (perGroup.some((p) => p === undefined)) return done();
      const metricFilters = perGroup
        .flatMap((pages) => (pages ?? []).flatMap((p) => p.metricFilters ?? []))
        .map((f) =>
          compact({
            logGroupName: f.logGroupName,
            filterName: f.filterName,
            filterPattern: f.filterPattern,
            metricTransformations: (f.metricTransformations ?? []).map((m) =>
              compact({ metricNamespace: m.metricNamespace, metricName: m.metricName }),
            ),
          }),
        );
      const metrics = new Set(
        metricFilters.flatMap((f) =>
          (f.metricTransformations as { metricNamespace?: string; metricName?: string }[]).map(
            (m) => `${m.metricNamespace}/${m.metricName}`,
          ),
        ),
      );
      const alarmPages = await log.pages('cloudwatch:DescribeAlarms', () =>
        paginateDescribeAlarms({ client: clients.cloudwatch }, { AlarmTypes: ['MetricAlarm'] }),
      );
      if (!alarmPages) return done();
      const alarms = alarmPages
        .flatMap((p) => p.MetricAlarms ?? [])
        .filter((a) => metrics.has(`${a.Namespace}/${a.MetricName}`))
        .map((a) =>
          compact({
            alarmName: a.AlarmName,
            namespace: a.Namespace,
            metricName: a.MetricName,
            actionsEnabled: a.ActionsEnabled,
            alarmActions: (a.AlarmActions ?? []).length,
          }),
        );
      const item = configurationItem(ctx, 'cloudwatch:DescribeAlarms', {
        type: 'AWS::CloudWatch::SecurityAlarms',
        id: 'security-alarms',
        configuration: { cloudTrailLogGroups: groups, metricFilters, alarms },
      });
      return { items: [item], apis: log.results(), accountIds: [] };
    },
  };
}
