/**
 * Security Hub: the region's hub as an AWS::SecurityHub::Hub configuration item in Config's spelling
 * (the CloudFormation property names Config records: `ARN`, `SubscribedAt`, `AutoEnableControls`,
 * `ControlFindingGenerator`) with `Enabled: true`; when DescribeHub answers that the account is not
 * subscribed (InvalidAccessException, or ResourceNotFoundException), one item with `Enabled: false`.
 */
import { DescribeHubCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { CollectorResult, SweepCollector, SweepContext } from '../../ports/sweep-collector';
import { ApiLog, accountOfArn, compact, configurationItem, isFactError } from './calls';

/** The errors by which DescribeHub says Security Hub is not enabled: facts, not gaps. */
const NOT_SUBSCRIBED = ['InvalidAccessException', 'ResourceNotFoundException'];

export function securityhubCollector(client: SecurityHubClient): SweepCollector {
  return {
    service: 'securityhub',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const hub = await log.call('securityhub:DescribeHub', () => client.send(new DescribeHubCommand({})), {
        facts: NOT_SUBSCRIBED,
      });
      if (hub === undefined) return { items: [], apis: log.results(), accountIds: [] };
      if (isFactError(hub)) {
        const off = configurationItem(ctx, 'securityhub:DescribeHub', {
          type: 'AWS::SecurityHub::Hub',
          id: 'no-hub',
          configuration: { Enabled: false },
        });
        return { items: [off], apis: log.results(), accountIds: [] };
      }
      const account = accountOfArn(hub.HubArn);
      const item = configurationItem(ctx, 'securityhub:DescribeHub', {
        type: 'AWS::SecurityHub::Hub',
        id: hub.HubArn ?? 'hub',
        ...(hub.HubArn ? { arn: hub.HubArn } : {}),
        ...(account ? { accountId: account } : {}),
        configuration: compact({
          ARN: hub.HubArn,
          SubscribedAt: hub.SubscribedAt,
          AutoEnableControls: hub.AutoEnableControls,
          ControlFindingGenerator: hub.ControlFindingGenerator,
          Enabled: true,
        }),
      });
      return { items: [item], apis: log.results(), accountIds: account ? [account] : [] };
    },
  };
}
