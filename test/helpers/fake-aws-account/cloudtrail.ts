/** CloudTrail in the fake account: its trails, their status and event selectors. */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT_ID, type FakeAccount, REGION, trailArn } from './account';
import { awsError, type Serve } from './serve';

/** Mocks every CloudTrailClient and serves `account` through it. */
export function serveCloudTrail(account: FakeAccount, serve: Serve): AwsClientStub<CloudTrailClient> {
  const cloudtrail = mockClient(CloudTrailClient);
  cloudtrail.on(DescribeTrailsCommand).callsFake(
    serve('cloudtrail:DescribeTrails', () => ({
      trailList: account.trails.map((t) => ({
        Name: t.name,
        S3BucketName: 'acme-cloudtrail-archive',
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: t.multiRegion,
        HomeRegion: REGION,
        TrailARN: trailArn(t.name),
        LogFileValidationEnabled: t.validation,
        ...(t.kmsKeyId ? { KmsKeyId: t.kmsKeyId } : {}),
        HasCustomEventSelectors: false,
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
        ...(t.logGroup
          ? { CloudWatchLogsLogGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${t.logGroup}:*` }
          : {}),
      })),
    })),
  );
  cloudtrail.on(GetTrailStatusCommand).callsFake(
    serve(
      'cloudtrail:GetTrailStatus',
      (input: { Name: string }) => {
        const t = account.trails.find((x) => trailArn(x.name) === input.Name);
        if (!t) throw awsError('TrailNotFoundException', 'Unknown trail');
        return {
          IsLogging: t.isLogging,
          LatestDeliveryTime: new Date(),
          StartLoggingTime: new Date('2026-01-01T00:00:00Z'),
        };
      },
      (input) => input.Name.split('/').pop() ?? '',
    ),
  );
  cloudtrail.on(GetEventSelectorsCommand).callsFake(
    serve('cloudtrail:GetEventSelectors', (input: { TrailName: string }) => ({
      TrailARN: input.TrailName,
      EventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [],
          ExcludeManagementEventSources: [],
        },
      ],
    })),
  );
  return cloudtrail;
}
