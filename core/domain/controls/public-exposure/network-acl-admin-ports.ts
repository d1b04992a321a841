/**
 * `network-acl-admin-ports`: no network ACL lets SSH (22) or RDP (3389) in from anywhere (0.0.0.0/0 or
 * ::/0). A network ACL applies its ingress entries in rule-number order and the first entry that matches
 * decides, so a port is open to the internet when the lowest-numbered ingress entry for the whole
 * internet that covers it allows it (a deny for a narrower range leaves the rest of the internet in).
 * Judged from the ACL's configuration item (configuration.entries) and from CreateNetworkAclEntry /
 * ReplaceNetworkAclEntry calls: an entry allowing an admin port from anywhere is NON_COMPLIANT (a
 * lower-numbered deny may still stop it: the next sweep says); other entries say nothing about the rest.
 *
 * Test: test/core/domain/controls/public-exposure/network-acl-admin-ports.test.ts
 * Fixtures: test/fixtures/events/ct-create-network-acl-entry-ssh.json
 */
import { bool, field, list, num, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { ADMIN_PORTS, onCall, onConfig, WORLD } from '../evaluator-kit';

/** One ingress entry, in Config's or CloudTrail's spelling (both camelCase). */
interface Entry {
  ruleNumber: number;
  allow: boolean;
  covers: (port: number) => boolean;
}

/** The entry when it is an ingress entry for the whole internet, else undefined. */
function worldIngress(raw: unknown): Entry | undefined {
  if (bool(field(raw, 'egress')) === true) return undefined;
  const cidr = str(field(raw, 'cidrBlock')) ?? str(field(raw, 'ipv6CidrBlock'));
  if (!cidr || !WORLD.has(cidr)) return undefined;
  const protocol = String(field(raw, 'protocol') ?? '').toLowerCase();
  const from = num(field(raw, 'portRange', 'from'));
  const to = num(field(raw, 'portRange', 'to'));
  // "-1" is every protocol and port; SSH and RDP are TCP (6)
  const covers = (port: number) =>
    protocol === '-1' ||
    protocol === 'all' ||
    ((protocol === '6' || protocol === 'tcp') &&
      from !== undefined &&
      to !== undefined &&
      from <= port &&
      port <= to);
  return {
    ruleNumber: num(field(raw, 'ruleNumber')) ?? Number.MAX_SAFE_INTEGER,
    allow: String(field(raw, 'ruleAction') ?? '').toLowerCase() === 'allow',
    covers,
  };
}

/** The admin ports (by name) the entries leave open to the internet, first match deciding. */
export function openAdminPorts(entries: unknown[]): string[] {
  const world = entries
    .map(worldIngress)
    .filter((e): e is Entry => e !== undefined)
    .sort((a, b) => a.ruleNumber - b.ruleNumber);
  return ADMIN_PORTS.filter((p) => world.find((e) => e.covers(p.port))?.allow === true).map((p) => p.name);
}

/** Judges `network-acl-admin-ports`: a verdict, or undefined when the facts do not bear on it. */
export const networkAclAdminPorts: Evaluator = (facts) => {
  const ci = onConfig('AWS::EC2::NetworkAcl', facts);
  if (ci) {
    const entries = field(ci.configuration, 'entries');
    const open = openAdminPorts(Array.isArray(entries) ? entries : list(field(entries, 'items')));
    return open.length > 0
      ? nonCompliant(`the network ACL allows ${open.join(', ')} from 0.0.0.0/0 or ::/0`)
      : compliant('the network ACL admits no SSH or RDP from 0.0.0.0/0 or ::/0');
  }
  const call = onCall(facts, 'CreateNetworkAclEntry', 'ReplaceNetworkAclEntry');
  if (!call) return undefined;
  const open = openAdminPorts([call.requestParameters]);
  return open.length > 0
    ? nonCompliant(`${call.eventName} allowed ${open.join(', ')} from 0.0.0.0/0 or ::/0`)
    : undefined;
};

/** `network-acl-admin-ports` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'network-acl-admin-ports',
  title: 'Network ACLs do not admit SSH or RDP from the internet',
  family: 'public-exposure',
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  // the HIPAA pack runs no network ACL rule (nacl-no-unrestricted-ssh-rdp is outside it)
  configRules: [],
  cloudTrailEvents: ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry'],
  resourceTypes: ['AWS::EC2::NetworkAcl'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  // Prowler's check flags any port open to the internet; this control flags the admin ports among them
  prowlerChecks: ['ec2_networkacl_allow_ingress_any_port'],
  remediation: 'Replace the network ACL entry so ports 22 and 3389 admit only known address ranges.',
  evaluate: networkAclAdminPorts,
};
