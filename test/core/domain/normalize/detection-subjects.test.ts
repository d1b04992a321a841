import { describe, expect, it } from 'vitest';
import { assess } from '../../../../core/domain/catalog';
import { makeSubject, parseEvent } from '../../../../core/domain/normalize';
import { subjectKey } from '../../../../core/domain/observation';
import { observe } from '../../../fixtures/builders';
import { serviceCall } from '../../../fixtures/service-call';

const call = serviceCall;

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const DETECTOR_ID = '12abc34d567e8fa901bc2d34e56789f0';

describe('threat-detection calls are filed under the subject the sweep and Config items share', () => {
  it.each([
    [call('guardduty.amazonaws.com', 'CreateDetector', { enable: true }, { detectorId: DETECTOR_ID })],
    [call('guardduty.amazonaws.com', 'UpdateDetector', { detectorId: DETECTOR_ID, enable: false })],
    [call('guardduty.amazonaws.com', 'DeleteDetector', { detectorId: DETECTOR_ID })],
  ])('files GuardDuty call %# under the account and region, with the detector Config names', (raw) => {
    // Prepare
    const fromConfig = makeSubject(
      ACCOUNT,
      REGION,
      'AWS::GuardDuty::Detector',
      DETECTOR_ID,
      `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/${DETECTOR_ID}`,
    );
    const fromSweepWithoutDetector = makeSubject(ACCOUNT, REGION, 'AWS::GuardDuty::Detector', 'no-detector');
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toEqual({
      accountId: ACCOUNT,
      region: REGION,
      resourceType: 'AWS::GuardDuty::Detector',
      resourceId: ACCOUNT,
    });
    expect(subjectKey(obs.subject)).toBe(subjectKey(fromConfig));
    expect(subjectKey(obs.subject)).toBe(subjectKey(fromSweepWithoutDetector));
    expect(assess(obs).map((a) => a.controlId)).toContain('guardduty-enabled');
  });

  it.each([
    ['EnableSecurityHub', 'AWS::SecurityHub::Hub', 'securityhub-enabled'],
    ['DisableSecurityHub', 'AWS::SecurityHub::Hub', 'securityhub-enabled'],
    ['EnableEbsEncryptionByDefault', 'AWS::EC2::EBSEncryptionByDefault', 'ebs-default-encryption'],
    ['DisableEbsEncryptionByDefault', 'AWS::EC2::EBSEncryptionByDefault', 'ebs-default-encryption'],
  ])('files %s under the account and region, as the swept setting', (eventName, resourceType, controlId) => {
    // Prepare
    const source = eventName.includes('Ebs') ? 'ec2.amazonaws.com' : 'securityhub.amazonaws.com';
    const raw = call(source, eventName, {});
    const swept = makeSubject(
      ACCOUNT,
      REGION,
      resourceType,
      `arn:aws:securityhub:${REGION}:${ACCOUNT}:hub/default`,
    );
    // Act
    const obs = observe(raw);
    // Assess
    expect(subjectKey(obs.subject)).toBe(subjectKey(swept));
    expect(obs.subject.resourceId).toBe(ACCOUNT);
    expect(assess(obs).map((a) => a.controlId)).toContain(controlId);
  });

  it('files a CreateFlowLogs under the VPC it names, as the sweep and Config name it', () => {
    // Prepare
    const raw = call(
      'ec2.amazonaws.com',
      'CreateFlowLogs',
      {
        CreateFlowLogsRequest: {
          ResourceId: { content: 'vpc-0a1b2c3d4e5f60001', tag: 1 },
          ResourceType: 'VPC',
          TrafficType: 'ALL',
        },
      },
      { CreateFlowLogsResponse: { flowLogIdSet: { item: 'fl-0123456789abcdef0' }, unsuccessful: '' } },
    );
    const fromConfig = makeSubject(
      ACCOUNT,
      REGION,
      'AWS::EC2::VPC',
      'vpc-0a1b2c3d4e5f60001',
      `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0a1b2c3d4e5f60001`,
    );
    const fromSweep = makeSubject(ACCOUNT, REGION, 'AWS::EC2::VPC', 'vpc-0a1b2c3d4e5f60001');
    // Act
    const obs = observe(raw);
    // Assess
    expect(subjectKey(obs.subject)).toBe(subjectKey(fromConfig));
    expect(subjectKey(obs.subject)).toBe(subjectKey(fromSweep));
    expect(assess(obs).map((a) => a.controlId)).toContain('vpc-flow-logs');
  });

  it('files a DeleteFlowLogs under the flow log it names', () => {
    // Prepare
    const raw = call('ec2.amazonaws.com', 'DeleteFlowLogs', {
      DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } },
    });
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({
      resourceType: 'AWS::EC2::FlowLog',
      resourceId: 'fl-0123456789abcdef0',
    });
  });

  it.each([
    ['logs.amazonaws.com', 'PutMetricFilter', { logGroupName: 'trail-logs', filterName: 'root-usage' }],
    ['monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: ['root-usage'] }],
  ])('files %s %s under the account and region, as the swept security alarms', (source, eventName, req) => {
    // Prepare
    const raw = call(source, eventName, req);
    const swept = makeSubject(ACCOUNT, REGION, 'AWS::CloudWatch::SecurityAlarms', 'security-alarms');
    // Act
    const obs = observe(raw);
    // Assess
    expect(subjectKey(obs.subject)).toBe(subjectKey(swept));
  });

  it('keeps the regions of one account apart', () => {
    // Prepare / Act
    const east = makeSubject(ACCOUNT, 'us-east-1', 'AWS::GuardDuty::Detector', 'a');
    const west = makeSubject(ACCOUNT, 'us-west-2', 'AWS::GuardDuty::Detector', 'a');
    // Assess
    expect(subjectKey(east)).not.toBe(subjectKey(west));
  });

  it('ignores an UpdateDetector of another service instead of quarantining it', () => {
    // Prepare
    const raw = call('example.amazonaws.com', 'UpdateDetector', { detectorId: 'd-1', enable: false });
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toMatchObject({ kind: 'ignored' });
  });
});
