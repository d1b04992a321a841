/**
 * `backup-recovery-point-deletion`: AWS Backup vaults carry an access policy that denies everyone the
 * deletion of recovery points, as the backup-recovery-point-manual-deletion-disabled rule requires: one
 * Deny statement for every principal ("*") on every resource ("*") naming backup:DeleteRecoveryPoint,
 * backup:UpdateRecoveryPointLifecycle and backup:PutBackupVaultAccessPolicy (or a wildcard covering them).
 * A vault without an access policy, or whose policy has no such statement, is non-compliant.
 *
 * Judged from the vault's configuration item (AWS::Backup::BackupVault `accessPolicy`, a policy document
 * or its JSON text, null for a vault without one, as the sweep's backup collector records
 * GetBackupVaultAccessPolicy; an item without the field says nothing) and from
 * PutBackupVaultAccessPolicy / DeleteBackupVaultAccessPolicy calls.
 *
 * Test: test/core/domain/controls/integrity/backup-recovery-point-deletion.test.ts
 * Fixtures: test/fixtures/controls/storage.ts
 */
import { field } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** The actions the Deny statement must name, as the rule lists them. */
const GUARDED = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:PutBackupVaultAccessPolicy',
];

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** True when `action` (IAM compares case-insensitively) covers `wanted`, wildcards included. */
function covers(action: unknown, wanted: string): boolean {
  if (typeof action !== 'string') return false;
  const a = action.toLowerCase();
  if (a === '*' || a === 'backup:*') return true;
  if (!a.includes('*')) return a === wanted.toLowerCase();
  const pattern = new RegExp(`^${a.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
  return pattern.test(wanted.toLowerCase());
}

/** True when a policy (object or JSON text) has the Deny statement the rule requires. */
export function deniesRecoveryPointDeletion(policy: unknown): boolean {
  let doc = policy;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return false;
    }
  }
  return asList(field(doc, 'Statement')).some((s) => {
    if (field(s, 'Effect') !== 'Deny') return false;
    const principal = field(s, 'Principal');
    const everyone = principal === '*' || asList(field(principal, 'AWS')).includes('*');
    const everywhere = asList(field(s, 'Resource')).includes('*');
    const actions = asList(field(s, 'Action'));
    return everyone && everywhere && GUARDED.every((g) => actions.some((a) => covers(a, g)));
  });
}

/** The verdict on a vault's access policy (undefined or null: none); `who` prefixes the reason. */
function judgePolicy(policy: unknown, who: string): Verdict {
  if (policy === undefined || policy === null)
    return nonCompliant(`${who}no access policy: recovery points can be deleted by anyone IAM allows`);
  return deniesRecoveryPointDeletion(policy)
    ? compliant(`${who}an access policy that denies everyone the deletion of recovery points`)
    : nonCompliant(`${who}an access policy without a Deny of recovery point deletion to every principal`);
}

/** Judges `backup-recovery-point-deletion`: a verdict, or undefined when the facts do not bear on it. */
export const backupRecoveryPointDeletion: Evaluator = (facts) => {
  const ci = onConfig('AWS::Backup::BackupVault', facts);
  if (ci) {
    const policy = field(ci.configuration, 'accessPolicy');
    return policy === undefined ? undefined : judgePolicy(policy, 'the backup vault has ');
  }
  const call = onCall(facts, 'PutBackupVaultAccessPolicy', 'DeleteBackupVaultAccessPolicy');
  if (call?.eventSource !== 'backup.amazonaws.com') return undefined;
  if (call.eventName === 'DeleteBackupVaultAccessPolicy')
    return nonCompliant('DeleteBackupVaultAccessPolicy: the vault access policy was deleted');
  const policy = field(call.requestParameters, 'policy');
  return policy === undefined
    ? undefined
    : judgePolicy(policy, 'PutBackupVaultAccessPolicy: the vault now has ');
};

/** `backup-recovery-point-deletion` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'backup-recovery-point-deletion',
  title: 'AWS Backup vault access policies deny everyone the deletion of recovery points',
  family: 'integrity',
  citations: ['164.312(c)(1)', '164.310(d)(2)(iv)'],
  configRules: ['backup-recovery-point-manual-deletion-disabled'],
  cloudTrailEvents: ['PutBackupVaultAccessPolicy', 'DeleteBackupVaultAccessPolicy'],
  resourceTypes: ['AWS::Backup::BackupVault'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 'backup:GetBackupVaultAccessPolicy', scope: 'backupVaults' }],
  remediation:
    'Add a vault access policy Deny of recovery point deletion to Principal "*" (aws backup put-backup-vault-access-policy).',
  evaluate: backupRecoveryPointDeletion,
};
