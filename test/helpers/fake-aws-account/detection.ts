/**
 * GuardDuty and Security Hub in the fake account (account.detection, in the SDK's own shapes): the
 * region's detectors and each one's open high-severity finding types, paged like the real APIs
 * (NextToken), whether the account subscribes to Security Hub, its VPCs and flow logs, EBS encryption by default, and its metric filters and alarms.
 */

import { CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import {
  type CloudWatchLogsClient,
  DescribeMetricFiltersCommand,
  type MetricFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type FlowLog,
  GetEbsEncryptionByDefaultCommand,
  type Vpc,
} from '@aws-sdk/client-ec2';
import {
  type DetectorStatus,
  GetDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { type AwsClientStub, type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT_ID, type FakeAccount, REGION } from './account';
import { awsError, page, type Serve } from './serve';

/** The threat-detection state of the fake account; absent from the account: none. */
export interface FakeDetection {
  /** the region's GuardDuty detectors (one at most in AWS), each with its open high-severity finding types */
  detectors: { id: string; status: DetectorStatus; findingTypes: string[] }[];
  /** whether the account subscribes to Security Hub in the region */
  securityHub: boolean;
  /** the region's VPCs and flow logs (served through the account's EC2 stub) */
  vpcs: Vpc[];
  flowLogs: FlowLog[];
  /** EBS encryption by default in the region */
  ebsEncryptionByDefault: boolean;
  /** metric filters (served through the account's Logs stub, by log group) and metric alarms */
  metricFilters: MetricFilter[];
  alarms: MetricAlarm[];
}

// biome-ignore lint/suspicious/noExplicitAny: aws-sdk-client-mock types a stub by its client's input and output unions
type Ec2Stub = AwsStub<any, any, EC2Client['config']>;

/** An account without GuardDuty (tests add what they need). */
export const NO_DETECTION: FakeDetection = {
  detectors: [],
  securityHub: false,
  vpcs: [],
  flowLogs: [],
  ebsEncryptionByDefault: false,
  metricFilters: [],
  alarms: [],
};

/** Serves account.detection: GuardDuty and Security Hub mocked here, EC2 through the account's EC2 stub. */
export function serveDetection(
  account: FakeAccount,
  serve: Serve,
  ec2: Ec2Stub,
  logs: AwsClientStub<CloudWatchLogsClient>,
) {
  const x = () => account.detection ?? NO_DETECTION;
  logs.on(DescribeMetricFiltersCommand).callsFake(
    serve(
      'logs:DescribeMetricFilters',
      (input: { logGroupName?: string; nextToken?: string }) => {
        const p = page(
          x().metricFilters.filter((f) => f.logGroupName === input.logGroupName),
          input.nextToken,
        );
        return { metricFilters: p.items, ...(p.next ? { nextToken: p.next } : {}) };
      },
      (input) => input.logGroupName ?? '',
    ),
  );
  const cloudwatch = mockClient(CloudWatchClient);
  cloudwatch.on(DescribeAlarmsCommand).callsFake(
    serve('cloudwatch:DescribeAlarms', (input: { NextToken?: string }) => {
      const p = page(x().alarms, input.NextToken);
      return { MetricAlarms: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    }),
  );
  ec2.on(DescribeVpcsCommand).callsFake(
    serve('ec2:DescribeVpcs', (input: { NextToken?: string }) => {
      const p = page(x().vpcs, input.NextToken);
      return { Vpcs: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    }),
  );
  ec2.on(GetEbsEncryptionByDefaultCommand).callsFake(
    serve('ec2:GetEbsEncryptionByDefault', () => ({
      EbsEncryptionByDefault: x().ebsEncryptionByDefault,
      SseType: 'sse-ebs',
    })),
  );
  ec2.on(DescribeFlowLogsCommand).callsFake(
    serve('ec2:DescribeFlowLogs', (input: { NextToken?: string }) => {
      const p = page(x().flowLogs, input.NextToken);
      return { FlowLogs: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    }),
  );
  const detector = (id: string) => {
    const found = x().detectors.find((d) => d.id === id);
    if (!found)
      throw awsError(
        'BadRequestException',
        'The request is rejected because the input detectorId is not owned by the current account.',
      );
    return found;
  };
  const findingId = (id: string, i: number) => `${id}-finding-${i}`;
  const guardduty = mockClient(GuardDutyClient);
  guardduty.on(ListDetectorsCommand).callsFake(
    serve('guardduty:ListDetectors', (input: { NextToken?: string }) => {
      const p = page(
        x().detectors.map((d) => d.id),
        input.NextToken,
      );
      return { DetectorIds: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    }),
  );
  guardduty.on(GetDetectorCommand).callsFake(
    serve(
      'guardduty:GetDetector',
      (input: { DetectorId: string }) => ({ Status: detector(input.DetectorId).status, ServiceRole: 'x' }),
      (input) => input.DetectorId,
    ),
  );
  guardduty.on(ListFindingsCommand).callsFake(
    serve(
      'guardduty:ListFindings',
      (input: { DetectorId: string; NextToken?: string }) => {
        const d = detector(input.DetectorId);
        const p = page(
          d.findingTypes.map((_, i) => findingId(d.id, i)),
          input.NextToken,
        );
        return { FindingIds: p.items, ...(p.next ? { NextToken: p.next } : {}) };
      },
      (input) => input.DetectorId,
    ),
  );
  guardduty.on(GetFindingsCommand).callsFake(
    serve(
      'guardduty:GetFindings',
      (input: { DetectorId: string; FindingIds: string[] }) => {
        const d = detector(input.DetectorId);
        return {
          Findings: d.findingTypes
            .map((type, i) => ({ Id: findingId(d.id, i), Type: type, Severity: 8 }))
            .filter((f) => input.FindingIds.includes(f.Id)),
        };
      },
      (input) => input.DetectorId,
    ),
  );
  const securityhub = mockClient(SecurityHubClient);
  securityhub.on(DescribeHubCommand).callsFake(
    serve('securityhub:DescribeHub', () => {
      if (!x().securityHub)
        throw awsError(
          'InvalidAccessException',
          `Account ${ACCOUNT_ID} is not subscribed to AWS Security Hub`,
        );
      return {
        HubArn: `arn:aws:securityhub:${REGION}:${ACCOUNT_ID}:hub/default`,
        SubscribedAt: '2026-01-05T10:00:00.000Z',
        AutoEnableControls: true,
        ControlFindingGenerator: 'SECURITY_CONTROL',
      };
    }),
  );
  return [guardduty, securityhub, cloudwatch];
}
