/**
 * `vpc-flow-logs`: every VPC has an active flow log, so the network traffic of the resources holding
 * ePHI is recorded for review and investigation. Judged from the VPC's configuration item as the
 * sweep's ec2 collector writes it: its supplementary `FlowLogs` lists the flow logs DescribeFlowLogs
 * reports for the VPC (Config's own VPC items do not say whether a VPC is logged and are not judged),
 * and from CreateFlowLogs calls for VPCs (ec2.amazonaws.com) that created a flow log. A DeleteFlowLogs
 * call names flow logs, not the VPC they captured (another flow log may still capture it): it is kept
 * as activity on the flow log, and the next sweep judges the VPC.
 *
 * Test: test/core/domain/controls/threat-detection/vpc-flow-logs.test.ts
 * Fixtures: test/fixtures/controls/threat-detection.ts
 */
import { field, list, str } from '../../facts-access';
import { activity, compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { FLOW_LOGS } from '../detection-sources';
import { onCall, onConfig } from '../evaluator-kit';

/** The members of an EC2 response list as CloudTrail records it: { item: x } or { item: [x, ...] }. */
const items = (value: unknown): unknown[] => {
  const item = field(value, 'item');
  return item === undefined ? [] : Array.isArray(item) ? item : [item];
};

/** Judges `vpc-flow-logs`: a verdict, or undefined when the facts do not bear on it. */
export const vpcFlowLogs: Evaluator = (facts) => {
  const ci = onConfig('AWS::EC2::VPC', facts);
  if (ci) {
    const flowLogs = field(ci.supplementaryConfiguration, 'FlowLogs');
    if (!Array.isArray(flowLogs)) return undefined;
    const active = list(flowLogs).filter((f) => str(field(f, 'flowLogStatus')) === 'ACTIVE');
    if (active.length === 0)
      return nonCompliant(
        flowLogs.length === 0
          ? 'the VPC has no flow log: its network traffic is not recorded'
          : 'the VPC has no active flow log (every flow log failed): its network traffic is not recorded',
      );
    const traffic = [...new Set(active.map((f) => str(field(f, 'trafficType')) ?? 'ALL'))].join(', ');
    return compliant(`the VPC's traffic is recorded by ${active.length} active flow log(s) (${traffic})`);
  }
  const call = onCall(facts, ...FLOW_LOGS.calls);
  if (!call || call.eventSource !== FLOW_LOGS.eventSource) return undefined;
  if (call.eventName === 'DeleteFlowLogs')
    return activity('DeleteFlowLogs: flow log deleted; the next sweep says whether its VPC is still logged');
  const request = field(call.requestParameters, 'CreateFlowLogsRequest') ?? call.requestParameters;
  if (str(field(request, 'ResourceType')) !== 'VPC') return undefined;
  const response = field(call.responseElements, 'CreateFlowLogsResponse') ?? call.responseElements;
  if (items(field(response, 'flowLogIdSet')).length === 0) return undefined;
  const traffic = str(field(request, 'TrafficType')) ?? 'ALL';
  return compliant(`CreateFlowLogs: the VPC's traffic is recorded (${traffic})`);
};

/** `vpc-flow-logs` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'vpc-flow-logs',
  title: 'VPC flow logs are enabled',
  family: 'threat-detection',
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  configRules: ['vpc-flow-logs-enabled'],
  prowlerChecks: ['vpc_flow_logs_enabled'],
  cloudTrailEvents: [...FLOW_LOGS.calls],
  resourceTypes: [...FLOW_LOGS.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 'ec2:DescribeFlowLogs', scope: 'unscoped' }],
  remediation:
    'Create a flow log for the VPC (aws ec2 create-flow-logs --resource-type VPC --traffic-type ALL ...).',
  evaluate: vpcFlowLogs,
};
