/** CloudWatch Logs in the fake account: its log groups. */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT_ID, type FakeAccount, REGION } from './account';
import { page, type Serve } from './serve';

/** Mocks every CloudWatchLogsClient and serves `account` through it. */
export function serveLogs(account: FakeAccount, serve: Serve): AwsClientStub<CloudWatchLogsClient> {
  const logs = mockClient(CloudWatchLogsClient);
  logs.on(DescribeLogGroupsCommand).callsFake(
    serve('logs:DescribeLogGroups', (input: { nextToken?: string }) => {
      const p = page(account.logGroups, input.nextToken);
      return {
        logGroups: p.items.map((g) => ({
          logGroupName: g.name,
          creationTime: 1733000000000,
          ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
          metricFilterCount: 0,
          arn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${g.name}:*`,
          storedBytes: g.storedBytes,
          ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}),
          logGroupClass: 'STANDARD',
          logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${g.name}`,
        })),
        ...(p.next ? { nextToken: p.next } : {}),
      };
    }),
  );
  return logs;
}
