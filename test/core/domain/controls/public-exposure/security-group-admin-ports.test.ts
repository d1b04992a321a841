import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/public-exposure/security-group-admin-ports';
import { deleteAt, setAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture } from '../control-cases';

const permissions = [...conf, 'ipPermissions'];
const request = ['detail', 'requestParameters', 'ipPermissions', 'items', 0];

describeControl(control, [
  {
    name: 'group CI open to the world on 443 only, SSH from the VPC',
    observation: fixture('config-ci-security-group'),
    status: 'COMPLIANT',
  },
  {
    name: 'group CI with SSH open to 0.0.0.0/0',
    observation: fixture('config-ci-security-group', (d) => {
      setAt(d, [...permissions, 1, 'ipv4Ranges'], [{ cidrIp: '0.0.0.0/0' }]);
      setAt(d, [...permissions, 1, 'ipRanges'], ['0.0.0.0/0']);
    }),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'group CI with a port range covering RDP open to ::/0',
    observation: fixture('config-ci-security-group', (d) => {
      setAt(d, [...permissions, 0, 'fromPort'], 3000);
      setAt(d, [...permissions, 0, 'toPort'], 4000);
      setAt(d, [...permissions, 0, 'ipv4Ranges'], []);
      setAt(d, [...permissions, 0, 'ipRanges'], []);
      setAt(d, [...permissions, 0, 'ipv6Ranges'], [{ cidrIpv6: '::/0' }]);
    }),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'group CI allowing every protocol from 0.0.0.0/0',
    observation: fixture('config-ci-security-group', (d) => {
      setAt(d, [...permissions, 0, 'ipProtocol'], '-1');
      deleteAt(d, [...permissions, 0, 'fromPort']);
      deleteAt(d, [...permissions, 0, 'toPort']);
    }),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'AuthorizeSecurityGroupIngress opening SSH to 0.0.0.0/0',
    observation: fixture('ct-authorize-security-group-ingress'),
    status: 'NON_COMPLIANT',
  },
]);

describe('security-group-admin-ports on ingress that does not open an admin port', () => {
  it('says nothing about a call opening HTTPS to the world', () => {
    // Prepare
    const obs = fixture('ct-authorize-security-group-ingress', (d) => {
      setAt(d, [...request, 'fromPort'], 443);
      setAt(d, [...request, 'toPort'], 443);
    })();
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });

  it('says nothing about a call opening SSH to a private range', () => {
    // Prepare
    const obs = fixture('ct-authorize-security-group-ingress', (d) =>
      setAt(d, [...request, 'ipRanges', 'items', 0, 'cidrIp'], '10.0.0.0/8'),
    )();
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });

  it('files the call and the configuration item under one ARN', () => {
    // Prepare
    const call = fixture('ct-authorize-security-group-ingress')();
    const ci = fixture('config-ci-security-group')();
    // Act
    const arns = [call.subject.arn, ci.subject.arn];
    // Assess
    expect(arns[0]).toBe('arn:aws:ec2:us-east-1:111122223333:security-group/sg-0f1e2d3c4b5a69788');
    expect(arns[0]).toBe(arns[1]);
  });
});
