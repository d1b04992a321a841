import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ec2Collector } from '../../../../core/adapters/sweep/ec2';
import { lambdaCollector } from '../../../../core/adapters/sweep/lambda';
import { rdsCollector } from '../../../../core/adapters/sweep/rds';
import { s3ControlCollector } from '../../../../core/adapters/sweep/s3control';
import {
  ACCOUNT_ID,
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  NO_EXPOSURE,
  PAGE,
  serveAccount,
} from '../../../helpers/fake-aws-account';
import { SWEEP_CTX, sweepVerdicts } from '../../../helpers/sweep-collector-test';

const ctx = SWEEP_CTX;

let account: FakeAccount;
let aws: FakeAws;
beforeEach(() => {
  account = healthyAccount();
  aws = serveAccount(account);
});
afterEach(() => {
  aws.restore();
});

const PUBLIC_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: '*' },
  ],
});

const verdicts = sweepVerdicts;

describe('public-exposure collectors', () => {
  it('EC2: groups, ACLs, instances and snapshots over several pages, judged by their controls', async () => {
    account.exposure = {
      ...NO_EXPOSURE,
      securityGroups: Array.from({ length: PAGE + 1 }, (_, i) => ({
        id: `sg-${i}`,
        ...(i === 0 ? { sshFrom: '0.0.0.0/0' } : { sshFrom: '10.0.0.0/8' }),
      })),
      networkAcls: [
        { id: 'acl-open', allowSshFromAnywhere: true },
        { id: 'acl-closed', allowSshFromAnywhere: false },
      ],
      instances: [{ id: 'i-public', publicIp: '198.51.100.7' }, { id: 'i-private' }],
      ebsSnapshots: [
        { id: 'snap-public', public: true },
        { id: 'snap-private', public: false },
      ],
    };
    const r = await ec2Collector(aws.clients.ec2).collect(ctx);
    expect(r.apis.map((a) => [a.api, a.failures.length])).toEqual([
      ['ec2:DescribeSecurityGroups', 0],
      ['ec2:DescribeNetworkAcls', 0],
      ['ec2:DescribeInstances', 0],
      ['ec2:DescribeSnapshots', 0],
      // EBS encryption by default
      ['ec2:GetEbsEncryptionByDefault', 0],
      // threat detection: the VPCs and their flow logs
      ['ec2:DescribeVpcs', 0],
      ['ec2:DescribeFlowLogs', 0],
    ]);
    expect(aws.calls.filter((c) => c === 'ec2:DescribeSecurityGroups')).toHaveLength(2);
    // and the region's EBS encryption-by-default setting (threat detection, read by the same collector)
    expect(r.items).toHaveLength(PAGE + 1 + 2 + 2 + 2 + 1);
    expect(new Set(r.accountIds)).toEqual(new Set([ACCOUNT_ID]));
    const v = verdicts(r.items);
    expect(v['AWS::EC2::SecurityGroup:sg-0']).toEqual({ 'security-group-admin-ports': 'NON_COMPLIANT' });
    expect(v['AWS::EC2::SecurityGroup:sg-1']).toEqual({ 'security-group-admin-ports': 'COMPLIANT' });
    expect(v['AWS::EC2::NetworkAcl:acl-open']).toEqual({ 'network-acl-admin-ports': 'NON_COMPLIANT' });
    expect(v['AWS::EC2::NetworkAcl:acl-closed']).toEqual({ 'network-acl-admin-ports': 'COMPLIANT' });
    expect(v['AWS::EC2::Instance:i-public']).toEqual({ 'ec2-instance-public-ip': 'NON_COMPLIANT' });
    expect(v['AWS::EC2::Instance:i-private']).toEqual({ 'ec2-instance-public-ip': 'COMPLIANT' });
    expect(v['AWS::EC2::Snapshot:snap-public']).toEqual({ 'ebs-snapshot-public': 'NON_COMPLIANT' });
    expect(v['AWS::EC2::Snapshot:snap-private']).toEqual({ 'ebs-snapshot-public': 'COMPLIANT' });
  });

  it('EC2: a denied snapshot list observes no snapshot and names the gap', async () => {
    account.exposure = {
      ...NO_EXPOSURE,
      ebsSnapshots: [{ id: 'snap-1', public: true }],
    };
    account.denied.add('ec2:DescribeSnapshots');
    const r = await ec2Collector(aws.clients.ec2).collect(ctx);
    expect(r.items.filter((i) => i.key.startsWith('AWS::EC2::Snapshot'))).toEqual([]);
    expect(r.apis.find((a) => a.api === 'ec2:DescribeSnapshots')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDeniedException' }),
    ]);
  });

  it('RDS: manual snapshots with their restore attribute; a failed attribute read names the snapshot', async () => {
    account.exposure = {
      ...NO_EXPOSURE,
      dbSnapshots: [
        { id: 'db-shared', restore: ['all'] },
        { id: 'db-partner', restore: ['444455556666'] },
        { id: 'db-secret', restore: [] },
      ],
    };
    account.denied.add('rds:DescribeDBSnapshotAttributes:db-secret');
    const r = await rdsCollector(aws.clients.rds).collect(ctx);
    const v = verdicts(r.items);
    expect(Object.keys(v)).toEqual(['AWS::RDS::DBSnapshot:db-shared', 'AWS::RDS::DBSnapshot:db-partner']);
    expect(v['AWS::RDS::DBSnapshot:db-shared']).toEqual({ 'rds-snapshot-public': 'NON_COMPLIANT' });
    expect(v['AWS::RDS::DBSnapshot:db-partner']).toEqual({ 'rds-snapshot-public': 'COMPLIANT' });
    expect(r.apis.find((a) => a.api === 'rds:DescribeDBSnapshotAttributes')?.failures).toEqual([
      expect.objectContaining({ resource: 'db-secret' }),
    ]);
    expect(r.accountIds).toContain(ACCOUNT_ID);
  });

  it('Lambda: each function with its policy (none is a fact) and its URLs', async () => {
    account.exposure = {
      ...NO_EXPOSURE,
      functions: [
        { name: 'open-fn', policy: PUBLIC_POLICY, urlAuth: 'NONE' },
        { name: 'quiet-fn' },
        { name: 'iam-url-fn', urlAuth: 'AWS_IAM' },
      ],
    };
    const r = await lambdaCollector(aws.clients.lambda).collect(ctx);
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
    const v = verdicts(r.items);
    expect(v['AWS::Lambda::Function:open-fn']).toEqual({
      'lambda-function-public-policy': 'NON_COMPLIANT',
      'lambda-function-url-public': 'NON_COMPLIANT',
    });
    expect(v['AWS::Lambda::Function:quiet-fn']).toEqual({
      'lambda-function-public-policy': 'COMPLIANT',
      'lambda-function-url-public': 'COMPLIANT',
    });
    expect(v['AWS::Lambda::Function:iam-url-fn']?.['lambda-function-url-public']).toBe('COMPLIANT');
  });

  it('S3 Control: the account setting, missing setting and unknown account', async () => {
    account.exposure = {
      ...NO_EXPOSURE,
      accountBlock: true,
    };
    const on = await s3ControlCollector(aws.clients.s3control).collect(ctx);
    expect(verdicts(on.items)).toEqual({
      [`AWS::S3::AccountPublicAccessBlock:${ACCOUNT_ID}`]: { 's3-account-public-access-block': 'COMPLIANT' },
    });
    delete account.exposure.accountBlock;
    const missing = await s3ControlCollector(aws.clients.s3control).collect(ctx);
    expect(verdicts(missing.items)).toEqual({
      [`AWS::S3::AccountPublicAccessBlock:${ACCOUNT_ID}`]: {
        's3-account-public-access-block': 'NON_COMPLIANT',
      },
    });
    const { accountId: _, ...noAccount } = ctx;
    const unknown = await s3ControlCollector(aws.clients.s3control).collect(noAccount);
    expect(unknown.items).toEqual([]);
    expect(unknown.apis[0]?.failures).toEqual([expect.objectContaining({ errorCode: 'AccountIdUnknown' })]);
  });
});
