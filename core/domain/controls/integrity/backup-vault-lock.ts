/**
 * `backup-vault-lock`: AWS Backup vaults have Vault Lock, so recovery points cannot be deleted or have
 * their retention shortened before the lock's minimum retention (in compliance mode, not even by the
 * root user once the grace time is over). Judged from the vault's configuration item
 * (AWS::Backup::BackupVault: `locked`, as ListBackupVaults reports it and the sweep's backup collector
 * records it, or a lockConfiguration { minRetentionDays, maxRetentionDays, changeableForDays }; an item
 * with neither says nothing) and from PutBackupVaultLockConfiguration / DeleteBackupVaultLockConfiguration
 * calls.
 *
 * Not the backup-recovery-point-manual-deletion-disabled rule: that rule judges the vault's access
 * policy (a Deny of backup:DeleteRecoveryPoint, UpdateRecoveryPointLifecycle and
 * PutBackupVaultAccessPolicy to every principal), a different safeguard, judged by
 * backup-recovery-point-deletion.
 *
 * Test: test/core/domain/controls/integrity/backup-vault-lock.test.ts
 * Fixtures: test/fixtures/controls/storage.ts
 */
import { bool, field, num, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** The lock's retention bounds and mode in words, e.g. "minimum retention 35 days, compliance mode". */
function lockText(lock: unknown, lockDate?: string): string {
  const min = num(field(lock, 'minRetentionDays'));
  const max = num(field(lock, 'maxRetentionDays'));
  const changeable = num(field(lock, 'changeableForDays'));
  const parts = [
    min !== undefined ? `minimum retention ${min} days` : undefined,
    max !== undefined ? `maximum ${max} days` : undefined,
    lockDate
      ? `compliance mode (immutable since ${lockDate.slice(0, 10)})`
      : changeable !== undefined
        ? `compliance mode after ${changeable} days`
        : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** Judges `backup-vault-lock`: a verdict, or undefined when the facts do not bear on it. */
export const backupVaultLock: Evaluator = (facts) => {
  const ci = onConfig('AWS::Backup::BackupVault', facts);
  if (ci) {
    const locked = bool(field(ci.configuration, 'locked'));
    const lock = field(ci.configuration, 'lockConfiguration');
    const hasLock = lock !== undefined && lock !== null;
    if (locked === undefined && !hasLock) return undefined;
    const lockDate = str(field(ci.configuration, 'lockDate'));
    const details = hasLock ? lock : ci.configuration;
    return locked === false
      ? nonCompliant('the backup vault has no Vault Lock: recovery points can be deleted early')
      : compliant(`the backup vault is protected by Vault Lock${lockText(details, lockDate)}`);
  }
  const call = onCall(facts, 'PutBackupVaultLockConfiguration', 'DeleteBackupVaultLockConfiguration');
  if (call?.eventSource !== 'backup.amazonaws.com') return undefined;
  if (call.eventName === 'DeleteBackupVaultLockConfiguration')
    return nonCompliant('DeleteBackupVaultLockConfiguration: the vault lock was removed');
  return compliant(`PutBackupVaultLockConfiguration: Vault Lock set${lockText(call.requestParameters)}`);
};

/** `backup-vault-lock` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'backup-vault-lock',
  title: 'AWS Backup vaults have Vault Lock (recovery points cannot be deleted before their retention)',
  family: 'integrity',
  citations: ['164.312(c)(1)', '164.310(d)(2)(iv)'],
  configRules: [],
  cloudTrailEvents: ['PutBackupVaultLockConfiguration', 'DeleteBackupVaultLockConfiguration'],
  resourceTypes: ['AWS::Backup::BackupVault'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Put a Vault Lock on the vault with a minimum retention (aws backup put-backup-vault-lock-configuration).',
  evaluate: backupVaultLock,
};
