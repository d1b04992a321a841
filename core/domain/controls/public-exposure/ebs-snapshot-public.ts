/**
 * `ebs-snapshot-public`: EBS snapshots are not restorable by anyone (no createVolumePermission for the
 * group "all"). Judged from the snapshot's item the sweep writes (configuration.createVolumePermissions)
 * and from ModifySnapshotAttribute calls: adding the group "all" makes the snapshot
 * public, removing it withdraws that; other permission changes say nothing about public exposure.
 *
 * Test: test/core/domain/controls/public-exposure/ebs-snapshot-public.test.ts
 * Fixtures: test/fixtures/events/ct-modify-snapshot-attribute-public.json
 */
import { field, list, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** Whether a CloudTrail createVolumePermission add/remove list (EC2's `{ items: [...] }`) names group "all". */
const namesGroupAll = (change: unknown) =>
  list(field(change, 'items')).some((p) => str(field(p, 'group'))?.toLowerCase() === 'all');

/** Judges `ebs-snapshot-public`: a verdict, or undefined when the facts do not bear on it. */
export const ebsSnapshotPublic: Evaluator = (facts) => {
  const ci = onConfig('AWS::EC2::Snapshot', facts);
  if (ci) {
    // the sweep's ec2 collector records the snapshot's createVolumePermissions (DescribeSnapshotAttribute's spelling)
    const permissions = field(ci.configuration, 'createVolumePermissions');
    if (!Array.isArray(permissions)) return undefined;
    return permissions.some((p) => str(field(p, 'group'))?.toLowerCase() === 'all')
      ? nonCompliant('the snapshot is restorable by anyone (createVolumePermission group "all")')
      : compliant('the snapshot is not publicly restorable');
  }
  const call = onCall(facts, 'ModifySnapshotAttribute');
  if (!call) return undefined;
  const permission = field(call.requestParameters, 'createVolumePermission');
  if (namesGroupAll(field(permission, 'add')))
    return nonCompliant(
      'the snapshot was made restorable by anyone (createVolumePermission group "all" added)',
    );
  if (namesGroupAll(field(permission, 'remove')))
    return compliant('public restore permission was removed from the snapshot (group "all" removed)');
  return undefined;
};

/**
 * `ebs-snapshot-public` as the catalog lists it (collected by core/domain/controls/index.ts). AWS Config
 * records no EBS snapshot configuration items (its rule is periodic, on the account): the sweep's ec2
 * collector writes them, under CloudFormation's type name AWS::EC2::Snapshot.
 */
export const control: Control = {
  id: 'ebs-snapshot-public',
  title: 'EBS snapshots are not publicly restorable',
  family: 'public-exposure',
  citations: ['164.312(a)(1)'],
  configRules: ['ebs-snapshot-public-restorable-check'],
  cloudTrailEvents: ['ModifySnapshotAttribute'],
  resourceTypes: ['AWS::EC2::Snapshot'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  prowlerChecks: ['ec2_ebs_public_snapshot'],
  remediation:
    'Remove the "all" group from the snapshot\'s createVolumePermission (share with named accounts only).',
  evaluate: ebsSnapshotPublic,
};
