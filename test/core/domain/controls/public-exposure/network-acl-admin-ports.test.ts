import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/public-exposure/network-acl-admin-ports';
import { configFacts, setAt } from '../../../../fixtures/builders';
import { describeControl, fixture, fromFacts } from '../control-cases';

const entry = (ruleNumber: number, ruleAction: string, extra: Record<string, unknown> = {}) => ({
  ruleNumber,
  ruleAction,
  egress: false,
  protocol: '6',
  cidrBlock: '0.0.0.0/0',
  portRange: { from: 22, to: 22 },
  ...extra,
});
const defaultDeny = {
  ruleNumber: 32767,
  ruleAction: 'deny',
  egress: false,
  protocol: '-1',
  cidrBlock: '0.0.0.0/0',
};
const acl = (...entries: unknown[]) =>
  fromFacts(
    configFacts('AWS::EC2::NetworkAcl', { networkAclId: 'acl-1', entries: [...entries, defaultDeny] }),
  );

describeControl(control, [
  {
    name: 'ACL allowing HTTPS from anywhere and SSH from the VPC only',
    observation: acl(
      entry(100, 'allow', { portRange: { from: 443, to: 443 } }),
      entry(110, 'allow', { cidrBlock: '10.0.0.0/16' }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'ACL allowing SSH from 0.0.0.0/0',
    observation: acl(entry(100, 'allow')),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ACL allowing every protocol from ::/0',
    observation: acl(entry(100, 'allow', { protocol: '-1', cidrBlock: undefined, ipv6CidrBlock: '::/0' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ACL denying SSH from anywhere before a wide allow (first match decides)',
    observation: acl(
      entry(90, 'deny', { portRange: { from: 0, to: 65535 } }),
      entry(100, 'allow', { portRange: { from: 0, to: 65535 } }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'ACL allowing a port range that covers RDP',
    observation: acl(entry(100, 'allow', { portRange: { from: 3000, to: 4000 } })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateNetworkAclEntry allowing SSH from 0.0.0.0/0',
    observation: fixture('ct-create-network-acl-entry-ssh'),
    status: 'NON_COMPLIANT',
  },
]);

describe('network-acl-admin-ports on calls', () => {
  it('says nothing about an egress entry, and files the call under the ACL', () => {
    // Prepare
    const egress = fixture('ct-create-network-acl-entry-ssh', (d) =>
      setAt(d, ['detail', 'requestParameters', 'egress'], true),
    )();
    const ingress = fixture('ct-create-network-acl-entry-ssh')();
    // Act
    const verdict = egress.facts.type === 'api-call' ? control.evaluate(egress.facts) : 'not a call';
    // Assess
    expect(verdict).toBeUndefined();
    expect(ingress.subject).toMatchObject({
      resourceType: 'AWS::EC2::NetworkAcl',
      resourceId: 'acl-0a1b2c3d4e5f60718',
      arn: 'arn:aws:ec2:us-east-1:111122223333:network-acl/acl-0a1b2c3d4e5f60718',
    });
  });
});
