/**
 * `ec2-instance-public-ip`: EC2 instances have no public IPv4 address (the ec2-instance-no-public-ip
 * rule). Judged from the instance's configuration item (configuration.publicIpAddress, or a network
 * interface's association.publicIp) and from AssociateAddress calls that attach an Elastic IP to an
 * instance. Every instance is judged; to hold only ePHI-scoped instances to it, list this control in
 * the configuration's ephi.scopedControls (status then marks instances outside the inventory
 * NOT_APPLICABLE).
 *
 * Test: test/core/domain/controls/public-exposure/ec2-instance-public-ip.test.ts
 */
import { field, list, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** A list Config gives as an array and EC2's CloudTrail as { items: [...] }. */
const items = (value: unknown): unknown[] => (Array.isArray(value) ? value : list(field(value, 'items')));

/** Judges `ec2-instance-public-ip`: a verdict, or undefined when the facts do not bear on it. */
export const ec2InstancePublicIp: Evaluator = (facts) => {
  const ci = onConfig('AWS::EC2::Instance', facts);
  if (ci) {
    // a terminated instance keeps its configuration item until Config deletes it; it has no address
    if (str(field(ci.configuration, 'state', 'name')) === 'terminated') return undefined;
    const ip =
      str(field(ci.configuration, 'publicIpAddress')) ??
      items(field(ci.configuration, 'networkInterfaces'))
        .map((n) => str(field(n, 'association', 'publicIp')))
        .find((a) => a !== undefined);
    return ip
      ? nonCompliant(`the instance has the public IP address ${ip}`)
      : compliant('the instance has no public IP address');
  }
  const call = onCall(facts, 'AssociateAddress');
  if (!call || !str(field(call.requestParameters, 'instanceId'))) return undefined;
  const ip = str(field(call.requestParameters, 'publicIp'));
  return nonCompliant(`an Elastic IP address${ip ? ` (${ip})` : ''} was associated with the instance`);
};

/** `ec2-instance-public-ip` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'ec2-instance-public-ip',
  title: 'EC2 instances have no public IP address',
  family: 'public-exposure',
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  configRules: ['ec2-instance-no-public-ip'],
  cloudTrailEvents: ['AssociateAddress'],
  resourceTypes: ['AWS::EC2::Instance'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  prowlerChecks: ['ec2_instance_public_ip'],
  remediation:
    'Move the instance to a private subnet behind a load balancer or NAT, and release its public or Elastic IP.',
  evaluate: ec2InstancePublicIp,
};
