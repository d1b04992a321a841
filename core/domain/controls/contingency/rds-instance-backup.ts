/**
 * `rds-instance-backup`: RDS DB instances keep automated backups (a backup retention period of at
 * least one day, as db-instance-backup-enabled requires by default). Judged from the instance's
 * configuration item (configuration.backupRetentionPeriod) and from the create, modify and restore
 * calls that set it (request, else the response's resulting value). A read replica is backed up
 * through its source and is not judged.
 *
 * Test: test/core/domain/controls/contingency/rds-instance-backup.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { str } from '../../facts-access';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { RDS_INSTANCE } from '../database-sources';
import { resourceView, retentionVerdict } from '../setting-kit';

/** Judges `rds-instance-backup`: a verdict, or undefined when the facts do not bear on it. */
export const rdsInstanceBackup: Evaluator = (facts) => {
  const view = resourceView(facts, RDS_INSTANCE);
  // a read replica's backups are its source's; Config's rule skips replicas by default too
  if (!view || str(view.read('readReplicaSourceDBInstanceIdentifier'))) return undefined;
  return retentionVerdict(view, view.read('backupRetentionPeriod'), {
    noun: 'DB instance',
    what: 'automated backups',
    minDays: 1,
  });
};

/** `rds-instance-backup` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'rds-instance-backup',
  title: 'RDS DB instances keep automated backups',
  family: 'contingency',
  citations: ['164.308(a)(7)(ii)(A)', '164.310(d)(2)(iv)', '164.308(a)(7)(i)', '164.308(a)(7)(ii)(B)'],
  configRules: ['db-instance-backup-enabled'],
  prowlerChecks: ['rds_instance_backup_enabled'],
  cloudTrailEvents: [...RDS_INSTANCE.calls],
  resourceTypes: [...RDS_INSTANCE.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Set a backup retention period of at least 7 days (aws rds modify-db-instance --backup-retention-period 7).',
  evaluate: rdsInstanceBackup,
};
