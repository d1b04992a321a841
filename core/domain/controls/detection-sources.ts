/**
 * The resources the threat-detection controls (and the EBS default-encryption control) read: each
 * resource's configuration item type and the calls of its service that change it. Declared once so the
 * controls and the CloudTrail normalizer (core/domain/normalize/detection-subjects.ts) agree on them.
 *
 * GuardDuty, Security Hub and EBS encryption by default are settings of an account in one region (AWS
 * allows one GuardDuty detector and one Security Hub per account and region): their evidence is filed
 * under one subject per account and region, named by the account id (see REGIONAL_SETTING_TYPES), so a
 * deleted detector and the detector created to replace it judge the same subject, and the sweep's
 * "no detector here" has a subject to land on.
 */
import type { SettingSource } from './setting-kit';

/** GuardDuty detectors: created, updated (enable flag) or deleted. */
export const GUARDDUTY: SettingSource = {
  resourceTypes: ['AWS::GuardDuty::Detector'],
  eventSource: 'guardduty.amazonaws.com',
  calls: ['CreateDetector', 'UpdateDetector', 'DeleteDetector'],
};

/** Security Hub: enabled (subscribed) or disabled in an account and region. */
export const SECURITY_HUB: SettingSource = {
  resourceTypes: ['AWS::SecurityHub::Hub'],
  eventSource: 'securityhub.amazonaws.com',
  calls: ['EnableSecurityHub', 'DisableSecurityHub'],
};

/** VPC flow logs: created or deleted (a flow log names the VPCs it captures). */
export const FLOW_LOGS: SettingSource = {
  resourceTypes: ['AWS::EC2::VPC'],
  eventSource: 'ec2.amazonaws.com',
  calls: ['CreateFlowLogs', 'DeleteFlowLogs'],
};

/**
 * EBS encryption by default, a setting of the account in a region. AWS Config has no resource type for
 * it (its rule ec2-ebs-encryption-by-default reports on AWS::::Account); the sweep reads it with
 * GetEbsEncryptionByDefault and records it under this type, as it records EBS snapshots (a type Config
 * does not record either).
 */
export const EBS_DEFAULT_ENCRYPTION: SettingSource = {
  resourceTypes: ['AWS::EC2::EBSEncryptionByDefault'],
  eventSource: 'ec2.amazonaws.com',
  calls: ['EnableEbsEncryptionByDefault', 'DisableEbsEncryptionByDefault'],
};

/**
 * The account's security alarms in a region: the metric filters on the trails' log groups and the
 * alarms on their metrics, recorded by the sweep under this type of its own (AWS Config has none: no
 * one AWS resource is the subject, the pairs of filter and alarm are). The calls that change them are those of two services (Logs and
 * CloudWatch); `eventSource` names the first, and the control matches each call to its service.
 */
export const SECURITY_ALARMS: SettingSource = {
  resourceTypes: ['AWS::CloudWatch::SecurityAlarms'],
  eventSource: 'logs.amazonaws.com',
  calls: ['PutMetricFilter', 'DeleteMetricFilter', 'PutMetricAlarm', 'DeleteAlarms'],
};

/**
 * Types with one resource per account and region: a subject of one of them is named by the account id
 * (core/domain/normalize/subject.ts), whatever id or ARN the source gave (a detector's id changes when
 * it is deleted and created again; the region's protection is what is judged).
 */
export const REGIONAL_SETTING_TYPES: ReadonlySet<string> = new Set([
  ...GUARDDUTY.resourceTypes,
  ...SECURITY_HUB.resourceTypes,
  ...EBS_DEFAULT_ENCRYPTION.resourceTypes,
  ...SECURITY_ALARMS.resourceTypes,
]);
