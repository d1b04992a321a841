/**
 * CloudTrail: each trail whose home region is the swept region, as a configuration item of
 * AWS::CloudTrail::Trail in Config's spelling plus `isLogging` (GetTrailStatus) and the event
 * selectors. Config does not record whether a trail is logging, so this is the daily proof that it is.
 * Shadow trails (multi-region trails seen from other regions) are left to their home region's sweep.
 */
import {
  type CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, configCase } from './calls';

export function cloudTrailCollector(client: CloudTrailClient): SweepCollector {
  return {
    service: 'cloudtrail',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const accountIds: string[] = [];
      const described = await log.get('cloudtrail:DescribeTrails', () =>
        client.send(new DescribeTrailsCommand({ includeShadowTrails: false })),
      );
      if (!described) return { items: [], apis: log.results(), accountIds };
      log.reached('cloudtrail:GetTrailStatus');
      log.reached('cloudtrail:GetEventSelectors');
      const trails = described.trailList ?? [];
      const items = await mapLimit(trails, ctx.concurrency, async (trail): Promise<SweepItem[]> => {
        const arn = trail.TrailARN;
        const name = trail.Name;
        if (!arn || !name) return [];
        const account = accountOfArn(arn);
        if (account) accountIds.push(account);
        const status = await log.get(
          'cloudtrail:GetTrailStatus',
          () => client.send(new GetTrailStatusCommand({ Name: arn })),
          name,
        );
        const selectors = await log.get(
          'cloudtrail:GetEventSelectors',
          () => client.send(new GetEventSelectorsCommand({ TrailName: arn })),
          name,
        );
        // without its status the trail's state is unknown: the gap says so, and no half record is made
        if (!status || !selectors || status.IsLogging === undefined) return [];
        const configuration = {
          ...(configCase(trail) as Record<string, unknown>),
          isLogging: status.IsLogging,
          ...(status.LatestDeliveryError ? { latestDeliveryError: status.LatestDeliveryError } : {}),
          ...(selectors.EventSelectors ? { eventSelectors: configCase(selectors.EventSelectors) } : {}),
          ...(selectors.AdvancedEventSelectors
            ? { advancedEventSelectors: configCase(selectors.AdvancedEventSelectors) }
            : {}),
        };
        return [
          {
            key: `trail:${arn}`,
            detail: {
              kind: 'configuration-item',
              api: 'cloudtrail:DescribeTrails',
              item: {
                ...(account ? { accountId: account } : {}),
                arn,
                awsRegion: trail.HomeRegion ?? ctx.region,
                resourceType: 'AWS::CloudTrail::Trail',
                resourceId: name,
                resourceName: name,
                configurationItemCaptureTime: ctx.startedAt.toISOString(),
                configurationItemStatus: 'OK',
                configuration,
                supplementaryConfiguration: {},
              },
            },
          },
        ];
      });
      return { items: items.flat(), apis: log.results(), accountIds };
    },
  };
}
