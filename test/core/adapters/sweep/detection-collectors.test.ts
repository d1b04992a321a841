import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudwatchCollector } from '../../../../core/adapters/sweep/cloudwatch';
import { ec2Collector } from '../../../../core/adapters/sweep/ec2';
import { guarddutyCollector } from '../../../../core/adapters/sweep/guardduty';
import { securityhubCollector } from '../../../../core/adapters/sweep/securityhub';
import type { SweepDetail } from '../../../../evidence-schemas';
import { observeSweep } from '../../../fixtures/sweep-builders';
import {
  ACCOUNT_ID,
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  NO_DETECTION,
  PAGE,
  REGION,
  serveAccount,
} from '../../../helpers/fake-aws-account';
import { SWEEP_CTX, sweepVerdicts } from '../../../helpers/sweep-collector-test';

const ctx = SWEEP_CTX;

let account: FakeAccount;
let aws: FakeAws;
beforeEach(() => {
  account = healthyAccount();
  aws = serveAccount(account);
});
afterEach(() => {
  aws.restore();
});

const verdicts = sweepVerdicts;

describe('guardduty collector', () => {
  it('an enabled detector without open high-severity findings is compliant on both controls', async () => {
    // Prepare
    account.detection = {
      ...NO_DETECTION,
      detectors: [{ id: 'det-1', status: 'ENABLED', findingTypes: [] }],
    };
    // Act
    const r = await guarddutyCollector(aws.clients.guardduty).collect(ctx);
    // Assess
    expect(verdicts(r.items)).toEqual({
      'AWS::GuardDuty::Detector:det-1': {
        'guardduty-enabled': 'COMPLIANT',
        'guardduty-high-severity-findings': 'COMPLIANT',
      },
    });
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
  });

  it('counts open findings over several pages by type, and keeps nothing else of them', async () => {
    // Prepare
    const types = [
      ...Array.from({ length: PAGE + 1 }, () => 'UnauthorizedAccess:EC2/SSHBruteForce'),
      'Trojan:EC2/DNSDataExfiltration',
    ];
    account.detection = {
      ...NO_DETECTION,
      detectors: [{ id: 'det-1', status: 'DISABLED', findingTypes: types }],
    };
    // Act
    const r = await guarddutyCollector(aws.clients.guardduty).collect(ctx);
    // Assess
    expect(verdicts(r.items)['AWS::GuardDuty::Detector:det-1']).toEqual({
      'guardduty-enabled': 'NON_COMPLIANT',
      'guardduty-high-severity-findings': 'NON_COMPLIANT',
    });
    const detail = r.items[0]?.detail as Extract<SweepDetail, { kind: 'configuration-item' }>;
    expect(detail.item.supplementaryConfiguration).toEqual({
      HighSeverityFindings: {
        count: 4,
        byType: { 'UnauthorizedAccess:EC2/SSHBruteForce': 3, 'Trojan:EC2/DNSDataExfiltration': 1 },
      },
    });
    expect(JSON.stringify(detail)).not.toContain('finding-');
    expect(aws.calls.filter((c) => c === 'guardduty:ListFindings')).toHaveLength(2);
  });

  it('a region without a detector is one non-compliant item for the account and region', async () => {
    // Prepare
    account.detection = NO_DETECTION;
    // Act
    const r = await guarddutyCollector(aws.clients.guardduty).collect(ctx);
    // Assess
    expect(verdicts(r.items)).toEqual({
      'AWS::GuardDuty::Detector:no-detector': { 'guardduty-enabled': 'NON_COMPLIANT' },
    });
    const obs = observeSweep(r.items[0]?.detail as SweepDetail);
    expect(obs.subject).toMatchObject({ accountId: ACCOUNT_ID, region: REGION, resourceId: ACCOUNT_ID });
  });

  it('a denied findings list keeps the detector state and records the gap', async () => {
    // Prepare
    account.detection = {
      ...NO_DETECTION,
      detectors: [{ id: 'det-1', status: 'ENABLED', findingTypes: ['x'] }],
    };
    account.denied.add('guardduty:ListFindings');
    // Act
    const r = await guarddutyCollector(aws.clients.guardduty).collect(ctx);
    // Assess
    expect(verdicts(r.items)).toEqual({
      'AWS::GuardDuty::Detector:det-1': { 'guardduty-enabled': 'COMPLIANT' },
    });
    expect(r.apis.find((a) => a.api === 'guardduty:ListFindings')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException' },
    ]);
  });

  it('a denied detector list observes nothing and records the gap, without throwing', async () => {
    // Prepare
    account.detection = {
      ...NO_DETECTION,
      detectors: [{ id: 'det-1', status: 'ENABLED', findingTypes: [] }],
    };
    account.denied.add('guardduty:ListDetectors');
    // Act
    const r = await guarddutyCollector(aws.clients.guardduty).collect(ctx);
    // Assess
    expect(r.items).toEqual([]);
    expect(r.apis.find((a) => a.api === 'guardduty:ListDetectors')?.failures).toHaveLength(1);
  });
});

describe('securityhub collector', () => {
  it('a subscribed account is one compliant hub item under the account and region', async () => {
    // Prepare
    account.detection = { ...NO_DETECTION, securityHub: true };
    // Act
    const r = await securityhubCollector(aws.clients.securityhub).collect(ctx);
    // Assess
    const key = `AWS::SecurityHub::Hub:arn:aws:securityhub:${REGION}:${ACCOUNT_ID}:hub/default`;
    expect(verdicts(r.items)).toEqual({ [key]: { 'securityhub-enabled': 'COMPLIANT' } });
    expect(observeSweep(r.items[0]?.detail as SweepDetail).subject).toMatchObject({
      resourceId: ACCOUNT_ID,
      region: REGION,
    });
    expect(r.accountIds).toEqual([ACCOUNT_ID]);
  });

  it('"not subscribed" is a fact (Security Hub disabled), not a gap', async () => {
    // Prepare
    account.detection = NO_DETECTION;
    // Act
    const r = await securityhubCollector(aws.clients.securityhub).collect(ctx);
    // Assess
    expect(verdicts(r.items)).toEqual({
      'AWS::SecurityHub::Hub:no-hub': { 'securityhub-enabled': 'NON_COMPLIANT' },
    });
    expect(r.apis).toEqual([{ api: 'securityhub:DescribeHub', calls: 1, failures: [] }]);
  });

  it('a denied DescribeHub observes nothing and records the gap', async () => {
    // Prepare
    account.detection = { ...NO_DETECTION, securityHub: true };
    account.denied.add('securityhub:DescribeHub');
    // Act
    const r = await securityhubCollector(aws.clients.securityhub).collect(ctx);
    // Assess
    expect(r.items).toEqual([]);
    expect(r.apis[0]?.failures).toMatchObject([{ errorCode: 'AccessDeniedException' }]);
  });
});

describe('ec2 collector: VPCs and their flow logs', () => {
  it('judges each VPC of every page on its flow logs', async () => {
    // Prepare
    const vpcs = Array.from({ length: PAGE + 1 }, (_, i) => ({ VpcId: `vpc-${i}`, OwnerId: ACCOUNT_ID }));
    account.detection = {
      ...NO_DETECTION,
      vpcs,
      flowLogs: [
        { FlowLogId: 'fl-0', ResourceId: 'vpc-0', FlowLogStatus: 'ACTIVE', TrafficType: 'ALL' },
        { FlowLogId: 'fl-1', ResourceId: 'vpc-1', FlowLogStatus: 'FAILED', TrafficType: 'ALL' },
        { FlowLogId: 'fl-2', ResourceId: 'subnet-9', FlowLogStatus: 'ACTIVE', TrafficType: 'REJECT' },
      ],
    };
    // Act
    const r = await ec2Collector(aws.clients.ec2).collect(ctx);
    // Assess
    const v = verdicts(r.items.filter((i) => i.key.startsWith('AWS::EC2::VPC')));
    expect(v).toEqual({
      'AWS::EC2::VPC:vpc-0': { 'vpc-flow-logs': 'COMPLIANT' },
      'AWS::EC2::VPC:vpc-1': { 'vpc-flow-logs': 'NON_COMPLIANT' },
      'AWS::EC2::VPC:vpc-2': { 'vpc-flow-logs': 'NON_COMPLIANT' },
    });
    expect(aws.calls.filter((c) => c === 'ec2:DescribeVpcs')).toHaveLength(2);
    expect(aws.calls.filter((c) => c === 'ec2:DescribeFlowLogs')).toHaveLength(2);
  });

  it('a denied flow-log list leaves the VPCs unjudged and records the gap', async () => {
    // Prepare
    account.detection = { ...NO_DETECTION, vpcs: [{ VpcId: 'vpc-0' }] };
    account.denied.add('ec2:DescribeFlowLogs');
    // Act
    const r = await ec2Collector(aws.clients.ec2).collect(ctx);
    // Assess
    expect(verdicts(r.items.filter((i) => i.key.startsWith('AWS::EC2::VPC')))).toEqual({
      'AWS::EC2::VPC:vpc-0': {},
    });
    expect(r.apis.find((a) => a.api === 'ec2:DescribeFlowLogs')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException' },
    ]);
  });
});

describe('ec2 collector: EBS encryption by default', () => {
  it.each([
    [true, 'COMPLIANT'],
    [false, 'NON_COMPLIANT'],
  ])('reads the setting (%s) as one item for the account and region', async (on, status) => {
    // Prepare
    account.detection = { ...NO_DETECTION, ebsEncryptionByDefault: on };
    // Act
    const r = await ec2Collector(aws.clients.ec2).collect(ctx);
    // Assess
    const items = r.items.filter((i) => i.key.startsWith('AWS::EC2::EBSEncryptionByDefault'));
    expect(verdicts(items)).toEqual({
      'AWS::EC2::EBSEncryptionByDefault:ebs-encryption-by-default': { 'ebs-default-encryption': status },
    });
    expect(observeSweep(items[0]?.detail as SweepDetail).subject).toMatchObject({ resourceId: ACCOUNT_ID });
  });

  it('a denied read observes nothing and records the gap', async () => {
    // Prepare
    account.denied.add('ec2:GetEbsEncryptionByDefault');
    // Act
    const r = await ec2Collector(aws.clients.ec2).collect(ctx);
    // Assess
    expect(r.items.filter((i) => i.key.startsWith('AWS::EC2::EBSEncryptionByDefault'))).toEqual([]);
    expect(r.apis.find((a) => a.api === 'ec2:GetEbsEncryptionByDefault')?.failures).toHaveLength(1);
  });
});

describe('cloudwatch collector: security alarms', () => {
  const filter = (name: string, pattern: string, metric: string) => ({
    logGroupName: 'org-audit-events',
    filterName: name,
    filterPattern: pattern,
    metricTransformations: [{ metricNamespace: 'CIS', metricName: metric, metricValue: '1' }],
  });
  const alarm = (metric: string, actions: string[]) => ({
    AlarmName: metric,
    Namespace: 'CIS',
    MetricName: metric,
    ActionsEnabled: true,
    AlarmActions: actions,
  });
  const cis = [
    filter(
      'root',
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      'RootUsage',
    ),
    filter(
      'auth',
      '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
      'AuthFailures',
    ),
  ];

  it('reads the trail log group filters over several pages and the alarms on their metrics', async () => {
    // Prepare
    account.trails = account.trails.map((t, i) => (i === 0 ? { ...t, logGroup: 'org-audit-events' } : t));
    account.detection = {
      ...NO_DETECTION,
      metricFilters: [...cis, filter('other', '{ $.eventName = "CreateUser" }', 'Users')],
      alarms: [
        alarm('RootUsage', ['arn:aws:sns:us-east-1:111122223333:alerts']),
        alarm('AuthFailures', ['arn:aws:sns:us-east-1:111122223333:alerts']),
        alarm('CPUUtilization', []),
      ],
    };
    // Act
    const r = await cloudwatchCollector(aws.clients).collect(ctx);
    // Assess
    expect(verdicts(r.items)).toEqual({
      'AWS::CloudWatch::SecurityAlarms:security-alarms': { 'cloudwatch-security-alarms': 'COMPLIANT' },
    });
    const detail = r.items[0]?.detail as Extract<SweepDetail, { kind: 'configuration-item' }>;
    expect((detail.item.configuration as { alarms: unknown[] }).alarms).toHaveLength(2);
    expect(aws.calls.filter((c) => c === 'logs:DescribeMetricFilters')).toHaveLength(2);
    expect(aws.calls.filter((c) => c === 'cloudwatch:DescribeAlarms')).toHaveLength(2);
    expect(observeSweep(detail).subject).toMatchObject({ resourceId: ACCOUNT_ID, region: REGION });
  });

  it('is non-compliant when an alarm has no action, or no trail delivers to CloudWatch Logs', async () => {
    // Prepare
    account.trails = account.trails.map((t, i) => (i === 0 ? { ...t, logGroup: 'org-audit-events' } : t));
    account.detection = {
      ...NO_DETECTION,
      metricFilters: cis,
      alarms: [alarm('RootUsage', []), alarm('AuthFailures', ['arn:aws:sns:us-east-1:111122223333:alerts'])],
    };
    // Act
    const withoutAction = await cloudwatchCollector(aws.clients).collect(ctx);
    account.trails = account.trails.map((t) => ({ ...t, logGroup: undefined }));
    const withoutLogs = await cloudwatchCollector(aws.clients).collect(ctx);
    // Assess
    expect(verdicts(withoutAction.items)).toEqual({
      'AWS::CloudWatch::SecurityAlarms:security-alarms': { 'cloudwatch-security-alarms': 'NON_COMPLIANT' },
    });
    expect(verdicts(withoutLogs.items)).toEqual({
      'AWS::CloudWatch::SecurityAlarms:security-alarms': { 'cloudwatch-security-alarms': 'NON_COMPLIANT' },
    });
  });

  it('a denied alarm list observes nothing and records the gap', async () => {
    // Prepare
    account.trails = account.trails.map((t, i) => (i === 0 ? { ...t, logGroup: 'org-audit-events' } : t));
    account.detection = { ...NO_DETECTION, metricFilters: cis };
    account.denied.add('cloudwatch:DescribeAlarms');
    // Act
    const r = await cloudwatchCollector(aws.clients).collect(ctx);
    // Assess
    expect(r.items).toEqual([]);
    expect(r.apis.find((a) => a.api === 'cloudwatch:DescribeAlarms')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException' },
    ]);
  });
});
