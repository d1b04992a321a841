import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/public-exposure/ec2-instance-public-ip';
import { apiCallFacts, configFacts } from '../../../../fixtures/builders';
import { describeControl, fromFacts } from '../control-cases';

const instance = (configuration: Record<string, unknown>) =>
  fromFacts(
    configFacts('AWS::EC2::Instance', { instanceId: 'i-0a1b', state: { name: 'running' }, ...configuration }),
  );

describeControl(control, [
  {
    name: 'instance with a private address only',
    observation: instance({
      privateIpAddress: '10.0.1.5',
      networkInterfaces: [{ networkInterfaceId: 'eni-1' }],
    }),
    status: 'COMPLIANT',
  },
  {
    name: 'instance with a public IPv4 address',
    observation: instance({ publicIpAddress: '198.51.100.7' }),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'instance whose network interface has a public association',
    observation: instance({ networkInterfaces: [{ association: { publicIp: '198.51.100.8' } }] }),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'AssociateAddress of an Elastic IP with an instance',
    observation: fromFacts(
      apiCallFacts('AssociateAddress', {
        requestParameters: { instanceId: 'i-0a1b', allocationId: 'eipalloc-1', publicIp: '203.0.113.9' },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('ec2-instance-public-ip silence', () => {
  it('says nothing about a terminated instance or an address moved to a network interface', () => {
    // Prepare
    const terminated = configFacts('AWS::EC2::Instance', {
      state: { name: 'terminated' },
      publicIpAddress: '1.2.3.4',
    });
    const toEni = apiCallFacts('AssociateAddress', { requestParameters: { networkInterfaceId: 'eni-1' } });
    // Act / Assess
    expect(control.evaluate(terminated)).toBeUndefined();
    expect(control.evaluate(toEni)).toBeUndefined();
  });
});
