import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/efs-encryption';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { efsFileSystem, STORE_KEY, storeCall } from '../../../../fixtures/controls/stores';
import { describeControl, fromFacts } from '../control-cases';

const efs = (name: string, req: object, res: object = {}) =>
  storeCall('elasticfilesystem', name, req as never, res as never);

describeControl(control, [
  {
    name: 'encrypted file system CI',
    observation: fromFacts(configFacts('AWS::EFS::FileSystem', efsFileSystem())),
    status: 'COMPLIANT',
  },
  {
    name: 'unencrypted file system CI',
    observation: fromFacts(configFacts('AWS::EFS::FileSystem', { ...efsFileSystem(), Encrypted: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateFileSystem with encrypted true',
    observation: fromFacts(
      efs('CreateFileSystem', { creationToken: 'ehr-share', encrypted: true, kmsKeyId: STORE_KEY }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateFileSystem without encryption (request and response)',
    observation: fromFacts(
      efs('CreateFileSystem', { creationToken: 'scratch' }, { fileSystemId: 'fs-1', encrypted: false }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateFileSystem whose response reports encryption',
    observation: fromFacts(
      efs('CreateFileSystem', { creationToken: 'ehr-2' }, { fileSystemId: 'fs-2', encrypted: true }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('efs-encryption on facts that do not bear on it', () => {
  it.each([
    [
      'a PutBackupPolicy',
      efs('PutBackupPolicy', { fileSystemId: 'fs-1', backupPolicy: { status: 'ENABLED' } }),
    ],
    ['a CreateFileSystem of another service', storeCall('fsx', 'CreateFileSystem', { encrypted: false })],
    ['an SNS topic item', configFacts('AWS::SNS::Topic', { TopicArn: 'arn:aws:sns:us-east-1:1:t' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});
