import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/contingency/efs-backup-policy';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { efsFileSystem, storeCall } from '../../../../fixtures/controls/stores';
import { describeControl, fromFacts } from '../control-cases';

const efs = (name: string, req: object, res: object = {}) =>
  storeCall('elasticfilesystem', name, req as never, res as never);

describeControl(control, [
  {
    name: 'file system CI with automatic backups',
    observation: fromFacts(configFacts('AWS::EFS::FileSystem', efsFileSystem())),
    status: 'COMPLIANT',
  },
  {
    name: 'file system CI with backups disabled',
    observation: fromFacts(
      configFacts('AWS::EFS::FileSystem', { ...efsFileSystem(), BackupPolicy: { Status: 'DISABLED' } }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBackupPolicy enabling backups',
    observation: fromFacts(
      efs(
        'PutBackupPolicy',
        { fileSystemId: 'fs-0a1b2c3d4e5f60718', backupPolicy: { status: 'ENABLED' } },
        { backupPolicy: { status: 'ENABLING' } },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'PutBackupPolicy disabling backups',
    observation: fromFacts(
      efs('PutBackupPolicy', { fileSystemId: 'fs-0a1b2c3d4e5f60718', backupPolicy: { status: 'DISABLED' } }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateFileSystem with backup true',
    observation: fromFacts(efs('CreateFileSystem', { creationToken: 'ehr', encrypted: true, backup: true })),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateFileSystem of a Regional file system without backup',
    observation: fromFacts(efs('CreateFileSystem', { creationToken: 'scratch', encrypted: true })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateFileSystem of a One Zone file system (backups on by default)',
    observation: fromFacts(
      efs('CreateFileSystem', { creationToken: 'oz', encrypted: true, availabilityZoneName: 'us-east-1a' }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('efs-backup-policy on facts that do not bear on it', () => {
  it.each([
    [
      'a file system CI without a backup policy',
      configFacts('AWS::EFS::FileSystem', { FileSystemId: 'fs-1' }),
    ],
    ['a PutBackupPolicy of another service', storeCall('fsx', 'PutBackupPolicy', { backupPolicy: {} })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });

  it('maps no Config rule: efs-in-backup-plan passes a file system any backup plan selects', () => {
    expect(control.configRules).toEqual([]);
  });
});
