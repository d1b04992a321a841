/**
 * EC2: the public-exposure posture of the swept region as configuration items in Config's spelling:
 * security groups (ipPermissions), network ACLs (entries), instances (their public addresses) and the
 * account's own EBS snapshots (AWS::EC2::Snapshot, a type Config does not record). Whether a snapshot is
 * public is read with a second DescribeSnapshots filtered to those restorable by "all", so no
 * per-snapshot call is needed; its item lists that grant as createVolumePermissions [{ group: "all" }]
 * (grants to named accounts are not read). Every list is paginated.
 *
 * For the threat-detection controls: the region's VPCs (AWS::EC2::VPC), each with the flow logs
 * DescribeFlowLogs reports for it in its supplementary `FlowLogs` (left out when that read fails, so
 * the VPC is not judged on a list we do not have); and EBS encryption by default, a setting of the
 * account in the region (GetEbsEncryptionByDefault), as an AWS::EC2::EBSEncryptionByDefault item.
 */
import {
  type EC2Client,
  type FlowLog,
  GetEbsEncryptionByDefaultCommand,
  type Instance,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeNetworkAcls,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { ApiLog, compact, configCase, configurationItem, iso } from './calls';

/** The fields of an instance the catalog judges and an auditor reads; the rest moves by itself. */
function instanceConfiguration(i: Instance): Record<string, unknown> {
  return compact({
    instanceId: i.InstanceId,
    instanceType: i.InstanceType,
    state: i.State?.Name ? { name: i.State.Name } : undefined,
    vpcId: i.VpcId,
    subnetId: i.SubnetId,
    privateIpAddress: i.PrivateIpAddress,
    publicIpAddress: i.PublicIpAddress,
    networkInterfaces: (i.NetworkInterfaces ?? []).map((n) =>
      compact({
        networkInterfaceId: n.NetworkInterfaceId,
        association: n.Association?.PublicIp ? { publicIp: n.Association.PublicIp } : undefined,
      }),
    ),
    tags: i.Tags ? configCase(i.Tags) : undefined,
  });
}

/** The region's VPCs, each with its flow logs when DescribeFlowLogs could be read. */
async function vpcItems(
  client: EC2Client,
  ctx: SweepContext,
  log: ApiLog,
): Promise<{ items: SweepItem[]; accountIds: string[] }> {
  const vpcs = await log.pages('ec2:DescribeVpcs', () => paginateDescribeVpcs({ client }, {}));
  if (!vpcs) return { items: [], accountIds: [] };
  const flowLogPages = await log.pages('ec2:DescribeFlowLogs', () =>
    paginateDescribeFlowLogs({ client }, {}),
  );
  const byVpc = new Map<string, FlowLog[]>();
  for (const f of (flowLogPages ?? []).flatMap((p) => p.FlowLogs ?? []))
    if (f.ResourceId) byVpc.set(f.ResourceId, [...(byVpc.get(f.ResourceId) ?? []), f]);
  const items: SweepItem[] = [];
  const accountIds: string[] = [];
  for (const v of vpcs.flatMap((p) => p.Vpcs ?? [])) {
    if (!v.VpcId) continue;
    if (v.OwnerId) accountIds.push(v.OwnerId);
    const flowLogs = (byVpc.get(v.VpcId) ?? []).map((f) =>
      compact({
        flowLogId: f.FlowLogId,
        flowLogStatus: f.FlowLogStatus,
        deliverLogsStatus: f.DeliverLogsStatus,
        trafficType: f.TrafficType,
        logDestinationType: f.LogDestinationType,
      }),
    );
    items.push(
      configurationItem(ctx, 'ec2:DescribeVpcs', {
        type: 'AWS::EC2::VPC',
        id: v.VpcId,
        ...(v.OwnerId ? { accountId: v.OwnerId } : {}),
        configuration: configCase(
          compact({ vpcId: v.VpcId, cidrBlock: v.CidrBlock, isDefault: v.IsDefault, state: v.State }),
        ) as Record<string, unknown>,
        ...(flowLogPages ? { supplementaryConfiguration: { FlowLogs: flowLogs } } : {}),
      }),
    );
  }
  return { items, accountIds };
}

export function ec2Collector(client: EC2Client): SweepCollector {
  return {
    service: 'ec2',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const items: SweepItem[] = [];
      const accountIds: string[] = [];

      const groups = await log.pages('ec2:DescribeSecurityGroups', () =>
        paginateDescribeSecurityGroups({ client }, {}),
      );
      for (const g of (groups ?? []).flatMap((p) => p.SecurityGroups ?? [])) {
        if (!g.GroupId) continue;
        if (g.OwnerId) accountIds.push(g.OwnerId);
        items.push(
          configurationItem(ctx, 'ec2:DescribeSecurityGroups', {
            type: 'AWS::EC2::SecurityGroup',
            id: g.GroupId,
            name: g.GroupName ?? g.GroupId,
            ...(g.OwnerId ? { accountId: g.OwnerId } : {}),
            configuration: configCase(g) as Record<string, unknown>,
          }),
        );
      }

      const acls = await log.pages('ec2:DescribeNetworkAcls', () =>
        paginateDescribeNetworkAcls({ client }, {}),
      );
      for (const a of (acls ?? []).flatMap((p) => p.NetworkAcls ?? [])) {
        if (!a.NetworkAclId) continue;
        if (a.OwnerId) accountIds.push(a.OwnerId);
        items.push(
          configurationItem(ctx, 'ec2:DescribeNetworkAcls', {
            type: 'AWS::EC2::NetworkAcl',
            id: a.NetworkAclId,
            ...(a.OwnerId ? { accountId: a.OwnerId } : {}),
            configuration: configCase(
              compact({
                networkAclId: a.NetworkAclId,
                vpcId: a.VpcId,
                isDefault: a.IsDefault,
                entries: a.Entries,
              }),
            ) as Record<string, unknown>,
          }),
        );
      }

      const reservations = await log.pages('ec2:DescribeInstances', () =>
        paginateDescribeInstances({ client }, {}),
      );
      for (const r of (reservations ?? []).flatMap((p) => p.Reservations ?? [])) {
        if (r.OwnerId) accountIds.push(r.OwnerId);
        for (const i of r.Instances ?? []) {
          if (!i.InstanceId) continue;
          items.push(
            configurationItem(ctx, 'ec2:DescribeInstances', {
              type: 'AWS::EC2::Instance',
              id: i.InstanceId,
              ...(r.OwnerId ? { accountId: r.OwnerId } : {}),
              configuration: instanceConfiguration(i),
            }),
          );
        }
      }

      // both reads must succeed: a snapshot is judged only when we know whether it is public
      const own = await log.pages('ec2:DescribeSnapshots', () =>
        paginateDescribeSnapshots({ client }, { OwnerIds: ['self'] }),
      );
      const publicOnes = own
        ? await log.pages('ec2:DescribeSnapshots', () =>
            paginateDescribeSnapshots({ client }, { OwnerIds: ['self'], RestorableByUserIds: ['all'] }),
          )
        : undefined;
      if (own && publicOnes) {
        const isPublic = new Set(publicOnes.flatMap((p) => p.Snapshots ?? []).map((s) => s.SnapshotId));
        for (const s of own.flatMap((p) => p.Snapshots ?? [])) {
          if (!s.SnapshotId) continue;
          if (s.OwnerId) accountIds.push(s.OwnerId);
          items.push(
            configurationItem(ctx, 'ec2:DescribeSnapshots', {
              type: 'AWS::EC2::Snapshot',
              id: s.SnapshotId,
              ...(s.OwnerId ? { accountId: s.OwnerId } : {}),
              configuration: compact({
                snapshotId: s.SnapshotId,
                volumeId: s.VolumeId,
                encrypted: s.Encrypted,
                startTime: iso(s.StartTime),
                createVolumePermissions: isPublic.has(s.SnapshotId) ? [{ group: 'all' }] : [],
              }),
            }),
          );
        }
      }
      const ebsDefault = await log.get('ec2:GetEbsEncryptionByDefault', () =>
        client.send(new GetEbsEncryptionByDefaultCommand({})),
      );
      if (ebsDefault?.EbsEncryptionByDefault !== undefined)
        items.push(
          configurationItem(ctx, 'ec2:GetEbsEncryptionByDefault', {
            type: 'AWS::EC2::EBSEncryptionByDefault',
            id: 'ebs-encryption-by-default',
            configuration: { ebsEncryptionByDefault: ebsDefault.EbsEncryptionByDefault },
          }),
        );
      const vpcs = await vpcItems(client, ctx, log);
      items.push(...vpcs.items);
      accountIds.push(...vpcs.accountIds);
      return { items, apis: log.results(), accountIds };
    },
  };
}
