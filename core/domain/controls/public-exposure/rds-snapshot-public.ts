/**
 * `rds-snapshot-public`: RDS DB snapshots and DB cluster snapshots are not shared publicly (their
 * `restore` attribute does not hold "all"). Judged from the snapshot's item (its attributes, as the
 * sweep's rds collector records them) and from ModifyDBSnapshotAttribute /
 * ModifyDBClusterSnapshotAttribute calls: the response lists the attribute's resulting values; without
 * it, the request's valuesToAdd / valuesToRemove say whether "all" was granted or withdrawn.
 *
 * Test: test/core/domain/controls/public-exposure/rds-snapshot-public.test.ts
 * Fixtures: test/fixtures/events/ct-modify-db-snapshot-attribute-public.json
 */
import { field, list, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

const holdsAll = (values: unknown) => list(values).some((v) => str(v)?.toLowerCase() === 'all');

/** The resulting `restore` values the response reports, when it reports them. */
function restoreValuesOf(response: unknown): unknown[] | undefined {
  const result =
    field(response, 'dBSnapshotAttributesResult', 'dBSnapshotAttributes') ??
    field(response, 'dBClusterSnapshotAttributesResult', 'dBClusterSnapshotAttributes') ??
    field(response, 'dBSnapshotAttributes') ??
    field(response, 'dBClusterSnapshotAttributes');
  const restore = list(result).find((a) => str(field(a, 'attributeName')) === 'restore');
  return restore === undefined ? undefined : list(field(restore, 'attributeValues'));
}

/** Judges `rds-snapshot-public`: a verdict, or undefined when the facts do not bear on it. */
export const rdsSnapshotPublic: Evaluator = (facts) => {
  const ci = onConfig('AWS::RDS::DBSnapshot', facts) ?? onConfig('AWS::RDS::DBClusterSnapshot', facts);
  if (ci) {
    // the attributes as DescribeDB(Cluster)SnapshotAttributes lists them, in the item's supplementary
    // configuration (the sweep's rds collector writes them there)
    const attributes =
      field(ci.supplementaryConfiguration, 'DBSnapshotAttributes') ??
      field(ci.supplementaryConfiguration, 'DBClusterSnapshotAttributes');
    const restore = list(attributes).find((a) => str(field(a, 'attributeName')) === 'restore');
    if (!Array.isArray(attributes)) return undefined;
    return holdsAll(field(restore, 'attributeValues'))
      ? nonCompliant('the snapshot is restorable by any AWS account (restore includes "all")')
      : compliant('the snapshot is not shared publicly');
  }
  const call = onCall(facts, 'ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute');
  // only the restore attribute shares a snapshot; other attributes say nothing about exposure
  if (!call || str(field(call.requestParameters, 'attributeName')) !== 'restore') return undefined;
  const resulting = restoreValuesOf(call.responseElements);
  if (resulting !== undefined)
    return holdsAll(resulting)
      ? nonCompliant('the snapshot is restorable by any AWS account (restore includes "all")')
      : compliant('the snapshot is not shared publicly');
  if (holdsAll(field(call.requestParameters, 'valuesToAdd')))
    return nonCompliant('the snapshot was shared publicly (restore "all" added)');
  if (holdsAll(field(call.requestParameters, 'valuesToRemove')))
    return compliant('public sharing of the snapshot was withdrawn (restore "all" removed)');
  // sharing with named accounts alone leaves any earlier public sharing as it was
  return undefined;
};

/** `rds-snapshot-public` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'rds-snapshot-public',
  title: 'RDS snapshots are not shared publicly',
  family: 'public-exposure',
  citations: ['164.312(a)(1)'],
  configRules: ['rds-snapshots-public-prohibited'],
  cloudTrailEvents: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'],
  resourceTypes: ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [
    { api: 'rds:DescribeDBSnapshotAttributes', scope: 'dbSnapshots' },
    { api: 'rds:DescribeDBClusterSnapshotAttributes', scope: 'dbSnapshots' },
  ],
  prowlerChecks: ['rds_snapshots_public_access'],
  remediation: 'Remove "all" from the snapshot\'s restore attribute (share with named accounts only).',
  evaluate: rdsSnapshotPublic,
};
