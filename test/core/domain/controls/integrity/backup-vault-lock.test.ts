import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/integrity/backup-vault-lock';
import { observationOf } from '../../../../fixtures/builders';
import { backupCall, backupVaultFacts } from '../../../../fixtures/controls/storage';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'vault CI locked in compliance mode',
    observation: fromFacts(
      backupVaultFacts({
        locked: true,
        minRetentionDays: 35,
        maxRetentionDays: 2555,
        lockDate: '2026-01-15T00:00:00.000Z',
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'vault CI with a lock configuration (resource schema spelling)',
    observation: fromFacts(
      backupVaultFacts({ LockConfiguration: { MinRetentionDays: 35, ChangeableForDays: 3 } }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'vault CI without Vault Lock',
    observation: fromFacts(backupVaultFacts({ locked: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBackupVaultLockConfiguration',
    observation: fromFacts(
      backupCall('PutBackupVaultLockConfiguration', {
        backupVaultName: 'clinic-vault',
        minRetentionDays: 35,
        maxRetentionDays: 2555,
        changeableForDays: 3,
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'DeleteBackupVaultLockConfiguration',
    observation: fromFacts(
      backupCall('DeleteBackupVaultLockConfiguration', { backupVaultName: 'clinic-vault' }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('backup-vault-lock on facts that do not bear on it', () => {
  it.each([
    ['a vault CI that says nothing of a lock', backupVaultFacts({})],
    [
      'a vault access policy change (another safeguard)',
      backupCall('PutBackupVaultAccessPolicy', { backupVaultName: 'clinic-vault', policy: '{}' }),
    ],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });

  it('names the minimum retention and the mode in its reason', () => {
    // Prepare / Act
    const verdict = control.evaluate(
      backupVaultFacts({ locked: true, minRetentionDays: 35, lockDate: '2026-01-15T00:00:00.000Z' }),
    );
    // Assess
    expect(verdict?.reason).toContain(
      'minimum retention 35 days, compliance mode (immutable since 2026-01-15)',
    );
  });
});
