import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/threat-detection/vpc-flow-logs';
import { apiCallFacts, configFacts, observationOf } from '../../../../fixtures/builders';
import {
  createFlowLogsCall,
  deleteFlowLogsCall,
  vpc,
  vpcFlowLogs,
} from '../../../../fixtures/controls/threat-detection';
import { describeControl, fromFacts } from '../control-cases';

const VPC = 'AWS::EC2::VPC';

describeControl(control, [
  {
    name: 'swept VPC with an active flow log',
    observation: fromFacts(configFacts(VPC, vpc(), vpcFlowLogs())),
    status: 'COMPLIANT',
  },
  {
    name: 'swept VPC without a flow log',
    observation: fromFacts(configFacts(VPC, vpc(), { FlowLogs: [] })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'swept VPC whose only flow log failed',
    observation: fromFacts(configFacts(VPC, vpc(), vpcFlowLogs('FAILED'))),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateFlowLogs for the VPC',
    observation: fromFacts(createFlowLogsCall()),
    status: 'COMPLIANT',
  },
]);

describe('vpc-flow-logs', () => {
  it('keeps a DeleteFlowLogs as activity that does not move posture', () => {
    // Prepare
    const obs = observationOf(deleteFlowLogsCall());
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found).toMatchObject({ status: 'NOT_APPLICABLE', affectsPosture: false });
  });

  it.each([
    ["a Config VPC item (Config's items do not say whether a VPC is logged)", configFacts(VPC, vpc())],
    ['a CreateFlowLogs for a subnet', createFlowLogsCall('Subnet')],
    ['a CreateFlowLogs that created no flow log', createFlowLogsCall('VPC', [])],
    [
      'a CreateFlowLogs of another service',
      apiCallFacts('CreateFlowLogs', { eventSource: 'example.amazonaws.com' }),
    ],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
