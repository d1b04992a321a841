/**
 * The subjects of the calls the threat-detection controls judge (core/domain/controls/detection-sources.ts),
 * named as the sweep and AWS Config name the resources so that calls and items of one resource share a
 * subject. GuardDuty, Security Hub, EBS encryption by default and the security alarms are the account's in a region:
 * their calls are filed under the account's subject of that type in the call's region (named by the
 * account id, see core/domain/normalize/subject.ts). A flow log created for VPCs is filed under the
 * first VPC it names (CreateFlowLogs may name several; the sweep judges each); a deleted flow log under
 * the flow log itself, since the call does not say which VPC it captured.
 */
import type { CloudTrailRecord, Subject } from '../../../evidence-schemas';
import {
  EBS_DEFAULT_ENCRYPTION,
  FLOW_LOGS,
  GUARDDUTY,
  SECURITY_ALARMS,
  SECURITY_HUB,
} from '../controls/detection-sources';
import { field, str } from '../facts-access';
import { makeSubject } from './subject';

const REGIONAL = [GUARDDUTY, SECURITY_HUB, EBS_DEFAULT_ENCRYPTION, SECURITY_ALARMS];

/** The service each threat-detection call is judged from (UpdateDetector, for one, recurs elsewhere). */
export const DETECTION_EVENT_SOURCES: ReadonlyMap<string, string> = new Map([
  ...[GUARDDUTY, SECURITY_HUB, EBS_DEFAULT_ENCRYPTION, FLOW_LOGS].flatMap((s) =>
    s.calls.map((name) => [name, s.eventSource] as const),
  ),
  // the security alarms' calls belong to two services
  ['PutMetricFilter', 'logs.amazonaws.com'],
  ['DeleteMetricFilter', 'logs.amazonaws.com'],
  ['PutMetricAlarm', 'monitoring.amazonaws.com'],
  ['DeleteAlarms', 'monitoring.amazonaws.com'],
]);

/** True when the call's name is a threat-detection call's but another service made it. */
export function fromAnotherDetectionService(r: CloudTrailRecord): boolean {
  const source = DETECTION_EVENT_SOURCES.get(r.eventName);
  return source !== undefined && source !== r.eventSource;
}

/** An EC2 query parameter as CloudTrail records it: a value, a { content } item, or a list of them. */
function ec2Values(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((v) => {
    const s = str(v) ?? str(field(v, 'content'));
    return s ? [s] : [];
  });
}

/** The resource a threat-detection call acts on, or undefined for other calls. */
export function detectionSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  if (fromAnotherDetectionService(r)) return undefined;
  const region = r.awsRegion;
  const regional = REGIONAL.find((s) => s.calls.includes(r.eventName));
  if (regional) return makeSubject(account, region, regional.resourceTypes[0] ?? '', account);
  const req = r.requestParameters ?? {};
  if (r.eventName === 'CreateFlowLogs') {
    const request = field(req, 'CreateFlowLogsRequest') ?? req;
    const type = str(field(request, 'ResourceType'));
    const vpc = ec2Values(field(request, 'ResourceId') ?? field(request, 'ResourceIds'))[0];
    return type === 'VPC' && vpc ? makeSubject(account, region, 'AWS::EC2::VPC', vpc) : undefined;
  }
  if (r.eventName === 'DeleteFlowLogs') {
    const request = field(req, 'DeleteFlowLogsRequest') ?? req;
    const id = ec2Values(field(request, 'FlowLogId') ?? field(request, 'FlowLogIds'))[0];
    return id ? makeSubject(account, region, 'AWS::EC2::FlowLog', id) : undefined;
  }
  return undefined;
}
