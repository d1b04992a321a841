/**
 * The demo month's public exposure: the CloudTrail events and the daily sweep's EC2, RDS, Lambda and
 * S3 Control reads (collectors.ts adds them to the other services). On the 9th an engineer lifts the
 * patient-records bucket's Block Public Access and adds a public-read statement to "share a file with a
 * vendor"; the security engineer closes both within the hour. On the 17th the contractor shares a
 * pre-migration database snapshot publicly and nobody withdraws it: every sweep from the 18th reads it
 * public, and the month ends with it NON_COMPLIANT. Everything else is private: a security group with HTTPS only from the internet,
 * a network ACL admitting HTTPS and the Linux ephemeral ports (32768-65535, above RDP) from anywhere, an instance without a public address, a Lambda
 * function invoked only by its API, and the account's Block Public Access on.
 */
import type { SweepContext, SweepItem } from '../../core/ports/sweep-collector';
import type { SweepDetail } from '../../evidence-schemas';
import { apiCall, type Identity, type Where } from './events';

const BUCKET = 'rch-ephi-patient-records';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
/** Created on the 17th before the migration, shared publicly that afternoon, withdrawn on the 19th. */
const MIGRATION_SNAPSHOT = 'rch-ehr-pre-migration-2026-10-17';
const NIGHTLY_SNAPSHOT = 'rch-ehr-prod-monthly-2026-10-01';

const ALL_ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
const day = (d: number, hm: string) => `2026-10-${String(d).padStart(2, '0')}T${hm}:00.000Z`;

/** The bucket's TLS-only policy (`tlsPolicy`, JSON), plus on the 9th a public read of the exports prefix. */
function bucketPolicy(tlsPolicy: string, publicRead: boolean) {
  const policy = JSON.parse(tlsPolicy) as { Version: string; Statement: unknown[] };
  if (publicRead)
    policy.Statement.push({
      Sid: 'VendorDownload',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `${BUCKET_ARN}/exports/*`,
    });
  return policy;
}

/**
 * The month's public-exposure CloudTrail events (scenario.ts delivers them with the rest); `tlsPolicy` is
 * the bucket's policy as it stands.
 */
export function exposureEvents(
  where: Where,
  people: { alice: Identity; bob: Identity; contractor: Identity },
  tlsPolicy: string,
) {
  const { alice, bob, contractor } = people;
  const s3 = (time: string, who: Identity, eventName: string, requestParameters: Record<string, unknown>) =>
    apiCall(where, time, who, {
      eventSource: 's3.amazonaws.com',
      eventName,
      requestParameters: { bucketName: BUCKET, Host: `${BUCKET}.s3.amazonaws.com`, ...requestParameters },
    });
  const sharePublicly = (time: string, who: Identity) =>
    apiCall(where, time, who, {
      eventSource: 'rds.amazonaws.com',
      eventName: 'ModifyDBSnapshotAttribute',
      requestParameters: {
        dBSnapshotIdentifier: MIGRATION_SNAPSHOT,
        attributeName: 'restore',
        valuesToAdd: ['all'],
      },
      responseElements: {
        dBSnapshotIdentifier: MIGRATION_SNAPSHOT,
        dBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: ['all'] }],
      },
    });
  return [
    // day 9: the bucket made public, and closed 45 minutes later
    s3(day(9, '13:03'), bob, 'DeleteBucketPublicAccessBlock', { publicAccessBlock: [''] }),
    s3(day(9, '13:05'), bob, 'PutBucketPolicy', {
      bucketPolicy: bucketPolicy(tlsPolicy, true),
      policy: [''],
    }),
    s3(day(9, '13:48'), alice, 'PutBucketPolicy', {
      bucketPolicy: bucketPolicy(tlsPolicy, false),
      policy: [''],
    }),
    s3(day(9, '13:50'), alice, 'PutBucketPublicAccessBlock', {
      PublicAccessBlockConfiguration: ALL_ON,
      publicAccessBlock: [''],
    }),
    // day 17: a database snapshot shared with every AWS account, still shared at the month's end
    sharePublicly(day(17, '15:20'), contractor),
  ];
}

/** The demo's serviceItem, as the real collectors build their items (collectors.ts passes it in). */
export type ItemOf = (
  ctx: SweepContext,
  api: string,
  resourceType: string,
  resourceId: string,
  configuration: Record<string, unknown>,
  extra?: { arn?: string; supplementaryConfiguration?: Record<string, unknown> },
) => SweepDetail;

type Read = (ctx: SweepContext, ok: (api: string, calls?: number) => void) => SweepItem[];

/** The sweep's EC2, RDS, Lambda and S3 Control reads of the account on `day` (an October day). */
export function exposureReads(
  day: number,
  account: string,
  itemOf: ItemOf,
): { service: string; read: Read }[] {
  const item = (
    ctx: SweepContext,
    api: string,
    type: string,
    id: string,
    configuration: Record<string, unknown>,
    extra = {},
  ) => ({
    key: `${type}:${id}`,
    detail: itemOf(ctx, api, type, id, configuration, extra),
  });
  return [
    {
      service: 'ec2',
      read: (ctx, ok) => {
        for (const api of ['ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkAcls', 'ec2:DescribeInstances'])
          ok(api);
        ok('ec2:DescribeSnapshots', 2);
        return [
          item(ctx, 'ec2:DescribeSecurityGroups', 'AWS::EC2::SecurityGroup', 'sg-0e1f2a3b4c5d6e7f8', {
            groupId: 'sg-0e1f2a3b4c5d6e7f8',
            groupName: 'rch-ehr-web',
            ipPermissions: [
              { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: [{ cidrIp: '0.0.0.0/0' }] },
              { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: [{ cidrIp: '10.20.0.0/16' }] },
            ],
          }),
          item(ctx, 'ec2:DescribeNetworkAcls', 'AWS::EC2::NetworkAcl', 'acl-0a9b8c7d6e5f40312', {
            networkAclId: 'acl-0a9b8c7d6e5f40312',
            entries: [
              {
                ruleNumber: 100,
                protocol: '6',
                ruleAction: 'allow',
                egress: false,
                cidrBlock: '0.0.0.0/0',
                portRange: { from: 443, to: 443 },
              },
              {
                ruleNumber: 110,
                protocol: '6',
                ruleAction: 'allow',
                egress: false,
                cidrBlock: '0.0.0.0/0',
                portRange: { from: 32768, to: 65535 },
              },
              {
                ruleNumber: 32767,
                protocol: '-1',
                ruleAction: 'deny',
                egress: false,
                cidrBlock: '0.0.0.0/0',
              },
            ],
          }),
          item(ctx, 'ec2:DescribeInstances', 'AWS::EC2::Instance', 'i-0c1d2e3f4a5b6c7d8', {
            instanceId: 'i-0c1d2e3f4a5b6c7d8',
            instanceType: 'm6i.large',
            state: { name: 'running' },
            privateIpAddress: '10.20.1.15',
            networkInterfaces: [{ networkInterfaceId: 'eni-0f1e2d3c4b5a69788' }],
          }),
          item(ctx, 'ec2:DescribeSnapshots', 'AWS::EC2::Snapshot', 'snap-0b1c2d3e4f5a6b7c8', {
            snapshotId: 'snap-0b1c2d3e4f5a6b7c8',
            volumeId: 'vol-0a1b2c3d4e5f60718',
            encrypted: true,
            createVolumePermissions: [],
          }),
        ];
      },
    },
    {
      service: 'rds',
      read: (ctx, ok) => {
        ok('rds:DescribeDBSnapshots');
        ok('rds:DescribeDBClusterSnapshots');
        const snapshots = [
          { id: NIGHTLY_SNAPSHOT, restore: [] as string[] },
          ...(day > 17 ? [{ id: MIGRATION_SNAPSHOT, restore: ['all'] }] : []),
        ];
        ok('rds:DescribeDBSnapshotAttributes', snapshots.length);
        ok('rds:DescribeDBClusterSnapshotAttributes', 0);
        return snapshots.map((s) =>
          item(
            ctx,
            'rds:DescribeDBSnapshots',
            'AWS::RDS::DBSnapshot',
            s.id,
            {
              dBSnapshotIdentifier: s.id,
              dBInstanceIdentifier: 'rch-ehr-prod',
              snapshotType: 'manual',
              encrypted: true,
            },
            {
              arn: `arn:aws:rds:${ctx.region}:${account}:snapshot:${s.id}`,
              supplementaryConfiguration: {
                DBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: s.restore }],
              },
            },
          ),
        );
      },
    },
    {
      service: 'lambda',
      read: (ctx, ok) => {
        for (const api of ['lambda:ListFunctions', 'lambda:GetPolicy', 'lambda:ListFunctionUrlConfigs'])
          ok(api);
        const arn = `arn:aws:lambda:${ctx.region}:${account}:function:rch-intake-webhook`;
        return [
          item(
            ctx,
            'lambda:ListFunctions',
            'AWS::Lambda::Function',
            'rch-intake-webhook',
            { functionName: 'rch-intake-webhook', functionArn: arn, runtime: 'nodejs20.x' },
            {
              arn,
              supplementaryConfiguration: {
                Policy: JSON.stringify({
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Sid: 'api-invoke',
                      Effect: 'Allow',
                      Principal: { Service: 'apigateway.amazonaws.com' },
                      Action: 'lambda:InvokeFunction',
                      Resource: arn,
                      Condition: {
                        ArnLike: {
                          'AWS:SourceArn': `arn:aws:execute-api:${ctx.region}:${account}:a1b2c3d4e5/*`,
                        },
                      },
                    },
                  ],
                }),
                FunctionUrlConfigs: [],
              },
            },
          ),
        ];
      },
    },
    {
      service: 's3control',
      read: (ctx, ok) => {
        ok('s3control:GetPublicAccessBlock');
        return [
          item(ctx, 's3control:GetPublicAccessBlock', 'AWS::S3::AccountPublicAccessBlock', account, {
            blockPublicAcls: true,
            ignorePublicAcls: true,
            blockPublicPolicy: true,
            restrictPublicBuckets: true,
          }),
        ];
      },
    },
  ];
}

/** Bucket reads the s3 collector adds for the public-exposure controls: Block Public Access on, owner-only ACL. */
export const BUCKET_EXPOSURE = {
  apis: ['s3:GetPublicAccessBlock', 's3:GetBucketAcl'],
  supplementaryConfiguration: {
    PublicAccessBlockConfiguration: {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    },
    AccessControlList: { grantList: [{ grantee: { id: 'a1b2c3' }, permission: 'FULL_CONTROL' }] },
  },
};
