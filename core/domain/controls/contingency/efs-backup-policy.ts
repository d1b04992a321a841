/**
 * `efs-backup-policy`: EFS file systems have automatic backups turned on, the file system's backup
 * policy that puts it in AWS Backup's default plan (daily backups kept 35 days). Judged from the
 * configuration item's `BackupPolicy.Status` (Config's AWS::EFS::FileSystem; the sweep adds
 * DescribeBackupPolicy's answer to its item in the same spelling): ENABLED or ENABLING is compliant,
 * DISABLED or DISABLING is not; an item without it says nothing. Judged as well from PutBackupPolicy and
 * from CreateFileSystem's `backup` flag (when left out, One Zone file systems get automatic backups and
 * Regional ones do not).
 *
 * The Config rule efs-in-backup-plan is not mapped here: it passes a file system that any backup plan
 * selects, which a disabled backup policy does not contradict, so its verdicts and these would disagree.
 *
 * Test: test/core/domain/controls/contingency/efs-backup-policy.test.ts
 * Fixtures: test/fixtures/controls/stores.ts
 */
import { bool, field, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { type ResourceView, resourceView, subjectOf } from '../setting-kit';
import { EFS_FILE_SYSTEM } from '../store-sources';

const ON = new Set(['ENABLED', 'ENABLING']);
const OFF = new Set(['DISABLED', 'DISABLING']);

function statusVerdict(view: ResourceView, status: string | undefined): Verdict | undefined {
  const who = subjectOf(view, 'EFS file system');
  const s = status?.toUpperCase();
  if (s && ON.has(s)) return compliant(`${who} has automatic backups turned on (backup policy ${s})`);
  if (s && OFF.has(s)) return nonCompliant(`${who} has automatic backups turned off (backup policy ${s})`);
  return undefined;
}

/** Judges `efs-backup-policy`: a verdict, or undefined when the facts do not bear on it. */
export const efsBackupPolicy: Evaluator = (facts) => {
  const view = resourceView(facts, EFS_FILE_SYSTEM);
  if (!view) return undefined;
  if (view.via === 'config' || view.call.eventName === 'PutBackupPolicy')
    return statusVerdict(view, str(field(view.read('backupPolicy'), 'status')));
  // CreateFileSystem
  const backup = bool(field(view.call.requestParameters, 'backup'));
  const oneZone = str(field(view.call.requestParameters, 'availabilityZoneName')) !== undefined;
  return statusVerdict(view, (backup ?? oneZone) ? 'ENABLED' : 'DISABLED');
};

/** `efs-backup-policy` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'efs-backup-policy',
  title: 'EFS file systems have automatic backups turned on',
  family: 'contingency',
  citations: ['164.308(a)(7)(ii)(A)', '164.310(d)(2)(iv)'],
  configRules: [],
  prowlerChecks: ['efs_have_backup_enabled'],
  cloudTrailEvents: [...EFS_FILE_SYSTEM.calls],
  resourceTypes: [...EFS_FILE_SYSTEM.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [
    {
      api: 'efs:DescribeBackupPolicy',
      iamAction: 'elasticfilesystem:DescribeBackupPolicy',
      scope: 'efsFileSystems',
    },
  ],
  remediation:
    'Turn on automatic backups: aws efs put-backup-policy --file-system-id <id> --backup-policy Status=ENABLED.',
  evaluate: efsBackupPolicy,
};
