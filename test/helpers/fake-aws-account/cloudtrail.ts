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
        ...(t.logGroup
          ? {
              CloudWatchLogsLogGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${t.logGroup}:*`,
              CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/CloudTrail_CloudWatchLogs_Role`,
            }
          : {}),
        HasCustomEventSelectors: t.s3DataEvents !== undefined,
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
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
    serve('cloudtrail:GetEventSelectors', (input: { TrailName: string }) => {
      const t = account.trails.find((x) => trailArn(x.name) === input.TrailName);
      return {
        TrailARN: input.TrailName,
        EventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: true,
            DataResources: [],
            ExcludeManagementEventSources: [],
          },
          // S3 data events of every bucket ("arn:aws:s3" selects them all)
          ...(t?.s3DataEvents
            ? [
                {
                  ReadWriteType: t.s3DataEvents,
                  IncludeManagementEvents: false,
                  DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
                  ExcludeManagementEventSources: [],
                },
              ]
            : []),
        ],
      };
    }),
  );
  return cloudtrail;
}
