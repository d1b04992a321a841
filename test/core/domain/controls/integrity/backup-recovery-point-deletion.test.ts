import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import {
  control,
  deniesRecoveryPointDeletion,
} from '../../../../../core/domain/controls/integrity/backup-recovery-point-deletion';
import { observationOf } from '../../../../fixtures/builders';
import { backupCall, backupVaultFacts } from '../../../../fixtures/controls/storage';
import { describeControl, fromFacts } from '../control-cases';

const GUARDED = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:PutBackupVaultAccessPolicy',
];
const policy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const DENY = policy({
  Sid: 'deny-deletion',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: GUARDED,
  Resource: '*',
});
const PARTIAL = policy({
  Effect: 'Deny',
  Principal: '*',
  Action: 'backup:DeleteRecoveryPoint',
  Resource: '*',
});

describeControl(control, [
  {
    name: 'vault CI whose policy denies deletion to everyone',
    observation: fromFacts(backupVaultFacts({ locked: false, accessPolicy: DENY })),
    status: 'COMPLIANT',
  },
  {
    name: 'vault CI without an access policy',
    observation: fromFacts(backupVaultFacts({ locked: true, accessPolicy: null })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'vault CI whose policy denies only DeleteRecoveryPoint',
    observation: fromFacts(backupVaultFacts({ accessPolicy: PARTIAL })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBackupVaultAccessPolicy with the Deny',
    observation: fromFacts(
      backupCall('PutBackupVaultAccessPolicy', { backupVaultName: 'clinic-vault', policy: DENY }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'DeleteBackupVaultAccessPolicy',
    observation: fromFacts(backupCall('DeleteBackupVaultAccessPolicy', { backupVaultName: 'clinic-vault' })),
    status: 'NON_COMPLIANT',
  },
]);

describe('backup-recovery-point-deletion on facts that do not bear on it', () => {
  it.each([
    ['a vault CI without the field (a failed sweep read)', backupVaultFacts({ locked: true })],
    [
      'a Vault Lock change (another safeguard)',
      backupCall('DeleteBackupVaultLockConfiguration', { backupVaultName: 'v' }),
    ],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });

  it.each([
    ['a wildcard action', { Effect: 'Deny', Principal: '*', Action: 'backup:*', Resource: '*' }, true],
    [
      'a pattern covering the three',
      {
        Effect: 'Deny',
        Principal: '*',
        Action: ['backup:DeleteRecoveryPoint', 'backup:Update*', 'backup:Put*'],
        Resource: '*',
      },
      true,
    ],
    [
      'a Deny to one role',
      {
        Effect: 'Deny',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/ops' },
        Action: GUARDED,
        Resource: '*',
      },
      false,
    ],
    [
      'a Deny on one recovery point',
      {
        Effect: 'Deny',
        Principal: '*',
        Action: GUARDED,
        Resource: 'arn:aws:backup:us-east-1:111122223333:recovery-point:x',
      },
      false,
    ],
    ['an Allow', { Effect: 'Allow', Principal: '*', Action: GUARDED, Resource: '*' }, false],
  ])('judges a statement with %s', (_name, statement, expected) => {
    // Prepare / Act
    const denies = deniesRecoveryPointDeletion(policy(statement));
    // Assess
    expect(denies).toBe(expected);
  });
});
