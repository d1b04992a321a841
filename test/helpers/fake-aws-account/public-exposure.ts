/**
 * EC2, RDS, Lambda and S3 Control in the fake account: the resources the public-exposure collectors
 * read (account.exposure), paged like the real APIs (NextToken, Marker, NextMarker).
 */
import {
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  GetPolicyCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
} from '@aws-sdk/client-lambda';
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT_ID, type FakeAccount, type FakeExposure, REGION } from './account';
import { awsError, page, publicAccessBlock, type Serve } from './serve';

/** An account with none of the public-exposure resources (tests add the ones they need). */
export const NO_EXPOSURE: FakeExposure = {
  securityGroups: [],
  networkAcls: [],
  instances: [],
  ebsSnapshots: [],
  dbSnapshots: [],
  functions: [],
};

/** Mocks every EC2, RDS, Lambda and S3 Control client and serves `account.exposure` through them. */
export function servePublicExposure(account: FakeAccount, serve: Serve) {
  const x = () => account.exposure ?? NO_EXPOSURE;
  const ec2 = mockClient(EC2Client);
  ec2.on(DescribeSecurityGroupsCommand).callsFake(
    serve('ec2:DescribeSecurityGroups', (input: { NextToken?: string }) => {
      const p = page(x().securityGroups, input.NextToken);
      return {
        SecurityGroups: p.items.map((g) => ({
          GroupId: g.id,
          GroupName: g.id,
          OwnerId: ACCOUNT_ID,
          IpPermissions: g.sshFrom
            ? [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: g.sshFrom }] }]
            : [],
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    }),
  );
  ec2.on(DescribeNetworkAclsCommand).callsFake(
    serve('ec2:DescribeNetworkAcls', (input: { NextToken?: string }) => {
      const p = page(x().networkAcls, input.NextToken);
      return {
        NetworkAcls: p.items.map((a) => ({
          NetworkAclId: a.id,
          OwnerId: ACCOUNT_ID,
          Entries: [
            ...(a.allowSshFromAnywhere
              ? [
                  {
                    RuleNumber: 100,
                    Protocol: '6',
                    RuleAction: 'allow',
                    Egress: false,
                    CidrBlock: '0.0.0.0/0',
                    PortRange: { From: 22, To: 22 },
                  },
                ]
              : []),
            { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
          ],
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    }),
  );
  ec2.on(DescribeInstancesCommand).callsFake(
    serve('ec2:DescribeInstances', (input: { NextToken?: string }) => {
      const p = page(x().instances, input.NextToken);
      return {
        Reservations: p.items.map((i) => ({
          OwnerId: ACCOUNT_ID,
          Instances: [
            {
              InstanceId: i.id,
              State: { Name: 'running' },
              ...(i.publicIp ? { PublicIpAddress: i.publicIp } : {}),
            },
          ],
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    }),
  );
  ec2.on(DescribeSnapshotsCommand).callsFake(
    serve('ec2:DescribeSnapshots', (input: { NextToken?: string; RestorableByUserIds?: string[] }) => {
      const all = x().ebsSnapshots.filter((s) => !input.RestorableByUserIds?.includes('all') || s.public);
      const p = page(all, input.NextToken);
      return {
        Snapshots: p.items.map((s) => ({
          SnapshotId: s.id,
          OwnerId: ACCOUNT_ID,
          VolumeId: 'vol-1',
          Encrypted: true,
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    }),
  );
  const rds = mockClient(RDSClient);
  const snapshotArn = (id: string) => `arn:aws:rds:${REGION}:${ACCOUNT_ID}:snapshot:${id}`;
  rds.on(DescribeDBSnapshotsCommand).callsFake(
    serve('rds:DescribeDBSnapshots', (input: { Marker?: string }) => {
      const p = page(
        x().dbSnapshots.filter((s) => !s.cluster),
        input.Marker,
      );
      return {
        DBSnapshots: p.items.map((s) => ({
          DBSnapshotIdentifier: s.id,
          DBSnapshotArn: snapshotArn(s.id),
          SnapshotType: 'manual',
        })),
        ...(p.next ? { Marker: p.next } : {}),
      };
    }),
  );
  rds.on(DescribeDBClusterSnapshotsCommand).callsFake(
    serve('rds:DescribeDBClusterSnapshots', (input: { Marker?: string }) => {
      const p = page(
        x().dbSnapshots.filter((s) => s.cluster),
        input.Marker,
      );
      return {
        DBClusterSnapshots: p.items.map((s) => ({
          DBClusterSnapshotIdentifier: s.id,
          DBClusterSnapshotArn: `arn:aws:rds:${REGION}:${ACCOUNT_ID}:cluster-snapshot:${s.id}`,
          SnapshotType: 'manual',
        })),
        ...(p.next ? { Marker: p.next } : {}),
      };
    }),
  );
  rds.on(DescribeDBClusterSnapshotAttributesCommand).callsFake(
    serve(
      'rds:DescribeDBClusterSnapshotAttributes',
      (input: { DBClusterSnapshotIdentifier?: string }) => {
        const s = x().dbSnapshots.find((d) => d.cluster && d.id === input.DBClusterSnapshotIdentifier);
        if (!s) throw awsError('DBClusterSnapshotNotFoundFault', 'no such cluster snapshot');
        return {
          DBClusterSnapshotAttributesResult: {
            DBClusterSnapshotIdentifier: s.id,
            DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: s.restore }],
          },
        };
      },
      (input) => input.DBClusterSnapshotIdentifier ?? '',
    ),
  );
  rds.on(DescribeDBSnapshotAttributesCommand).callsFake(
    serve(
      'rds:DescribeDBSnapshotAttributes',
      (input: { DBSnapshotIdentifier?: string }) => {
        const s = x().dbSnapshots.find((d) => d.id === input.DBSnapshotIdentifier);
        if (!s) throw awsError('DBSnapshotNotFound', 'no such snapshot');
        return {
          DBSnapshotAttributesResult: {
            DBSnapshotIdentifier: s.id,
            DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: s.restore }],
          },
        };
      },
      (input) => input.DBSnapshotIdentifier ?? '',
    ),
  );
  const lambda = mockClient(LambdaClient);
  const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;
  lambda.on(ListFunctionsCommand).callsFake(
    serve('lambda:ListFunctions', (input: { Marker?: string }) => {
      const p = page(x().functions, input.Marker);
      return {
        Functions: p.items.map((f) => ({
          FunctionName: f.name,
          FunctionArn: fnArn(f.name),
          Runtime: 'nodejs20.x',
        })),
        ...(p.next ? { NextMarker: p.next } : {}),
      };
    }),
  );
  lambda.on(GetPolicyCommand).callsFake(
    serve(
      'lambda:GetPolicy',
      (input: { FunctionName?: string }) => {
        const f = x().functions.find((g) => g.name === input.FunctionName);
        if (!f?.policy)
          throw awsError('ResourceNotFoundException', 'The resource you requested does not exist.');
        return { Policy: f.policy, RevisionId: 'r1' };
      },
      (input) => input.FunctionName ?? '',
    ),
  );
  lambda.on(ListFunctionUrlConfigsCommand).callsFake(
    serve(
      'lambda:ListFunctionUrlConfigs',
      (input: { FunctionName?: string }) => {
        const f = x().functions.find((g) => g.name === input.FunctionName);
        return {
          FunctionUrlConfigs: f?.urlAuth
            ? [
                {
                  FunctionUrl: `https://${f.name}.lambda-url.${REGION}.on.aws/`,
                  FunctionArn: fnArn(f.name),
                  AuthType: f.urlAuth,
                },
              ]
            : [],
        };
      },
      (input) => input.FunctionName ?? '',
    ),
  );
  const s3control = mockClient(S3ControlClient);
  s3control.on(GetPublicAccessBlockCommand).callsFake(
    serve('s3control:GetPublicAccessBlock', () => {
      const on = x().accountBlock;
      if (on === undefined)
        throw awsError(
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
        );
      return publicAccessBlock(on);
    }),
  );
  // the RDS stub is shared with databases.ts (one client class is mocked once)
  return { stubs: [ec2, rds, lambda, s3control], rds, ec2 };
}
