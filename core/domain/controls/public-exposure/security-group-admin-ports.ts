/**
 * `security-group-admin-ports`: no security group admits SSH (22) or RDP (3389) from anywhere
 * (0.0.0.0/0 or ::/0). Judged from the group's configuration item (configuration.ipPermissions) and
 * from AuthorizeSecurityGroupIngress calls: a call opening an admin port to the world is NON_COMPLIANT;
 * a call adding other rules says nothing about the rules the group already has.
 *
 * Test: test/core/domain/controls/public-exposure/security-group-admin-ports.test.ts
 * Fixtures: test/fixtures/events/config-ci-security-group.json test/fixtures/events/ct-authorize-security-group-ingress.json
 */
import { field, list, num, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { ADMIN_PORTS, onCall, onConfig, WORLD } from '../evaluator-kit';

/** A list that EC2's CloudTrail wraps as `{ items: [...] }` and Config gives as a plain array. */
const items = (value: unknown): unknown[] => (Array.isArray(value) ? value : list(field(value, 'items')));

/** The CIDRs a permission admits, in Config's (ipv4Ranges, ipv6Ranges, ipRanges) or CloudTrail's spelling. */
function cidrsOf(permission: unknown): string[] {
  const v4 = items(field(permission, 'ipv4Ranges') ?? field(permission, 'ipRanges'));
  const v6 = items(field(permission, 'ipv6Ranges'));
  const legacy = items(field(permission, 'ipRanges')).filter((r) => typeof r === 'string');
  return [
    ...v4.map((r) => str(field(r, 'cidrIp'))),
    ...v6.map((r) => str(field(r, 'cidrIpv6'))),
    ...legacy.map((r) => str(r)),
  ].filter((c): c is string => c !== undefined);
}

/** The admin ports (by name) that a permission opens to the whole internet. */
function worldOpenAdminPorts(permission: unknown): string[] {
  if (!cidrsOf(permission).some((c) => WORLD.has(c))) return [];
  const protocol = String(field(permission, 'ipProtocol') ?? '').toLowerCase();
  // "-1" is every protocol and every port; RDP and SSH are judged on TCP (protocol 6)
  if (protocol === '-1') return ADMIN_PORTS.map((p) => p.name);
  if (protocol !== 'tcp' && protocol !== '6') return [];
  const from = num(field(permission, 'fromPort'));
  const to = num(field(permission, 'toPort'));
  if (from === undefined || to === undefined) return [];
  return ADMIN_PORTS.filter((p) => from <= p.port && p.port <= to).map((p) => p.name);
}

const openPortsOf = (permissions: unknown[]) => [...new Set(permissions.flatMap(worldOpenAdminPorts))];

/** Judges `security-group-admin-ports`: a verdict, or undefined when the facts do not bear on it. */
export const securityGroupAdminPorts: Evaluator = (facts) => {
  const ci = onConfig('AWS::EC2::SecurityGroup', facts);
  if (ci) {
    const open = openPortsOf(items(field(ci.configuration, 'ipPermissions')));
    return open.length > 0
      ? nonCompliant(`ingress from 0.0.0.0/0 or ::/0 is allowed to ${open.join(', ')}`)
      : compliant('no ingress from 0.0.0.0/0 or ::/0 to SSH or RDP');
  }
  const call = onCall(facts, 'AuthorizeSecurityGroupIngress');
  if (!call) return undefined;
  const open = openPortsOf(items(field(call.requestParameters, 'ipPermissions')));
  return open.length > 0
    ? nonCompliant(`ingress from 0.0.0.0/0 or ::/0 was authorized to ${open.join(', ')}`)
    : undefined;
};

/** `security-group-admin-ports` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'security-group-admin-ports',
  title: 'Security groups do not admit SSH or RDP from the internet',
  family: 'public-exposure',
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  configRules: ['restricted-ssh', 'restricted-common-ports', 'vpc-sg-open-only-to-authorized-ports'],
  cloudTrailEvents: ['AuthorizeSecurityGroupIngress'],
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  prowlerChecks: ['ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22'],
  remediation:
    'Revoke the 0.0.0.0/0 and ::/0 ingress rules on ports 22 and 3389; use Session Manager or a bastion.',
  evaluate: securityGroupAdminPorts,
};
