/** KMS in the fake account: its keys, their metadata and rotation. */
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT_ID, type FakeAccount, keyArn } from './account';
import { awsError, page, type Serve } from './serve';

/** Mocks every KMSClient and serves `account` through it. */
export function serveKms(account: FakeAccount, serve: Serve): AwsClientStub<KMSClient> {
  const kms = mockClient(KMSClient);
  kms.on(ListKeysCommand).callsFake(
    serve('kms:ListKeys', (input: { Marker?: string }) => {
      const p = page(account.keys, input.Marker);
      return {
        Keys: p.items.map((k) => ({ KeyId: k.id, KeyArn: keyArn(k.id) })),
        Truncated: p.next !== undefined,
        ...(p.next ? { NextMarker: p.next } : {}),
      };
    }),
  );
  kms.on(DescribeKeyCommand).callsFake(
    serve(
      'kms:DescribeKey',
      (input: { KeyId: string }) => {
        const k = account.keys.find((x) => x.id === input.KeyId);
        if (!k) throw awsError('NotFoundException', 'key not found');
        return {
          KeyMetadata: {
            AWSAccountId: ACCOUNT_ID,
            KeyId: k.id,
            Arn: keyArn(k.id),
            CreationDate: new Date('2025-11-02T16:00:00Z'),
            Enabled: (k.state ?? 'Enabled') === 'Enabled',
            Description: 'PHI data key',
            KeyUsage: k.spec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY',
            KeyState: k.state ?? 'Enabled',
            ...(k.state === 'PendingDeletion'
              ? { DeletionDate: new Date('2026-12-22T00:00:00Z'), PendingDeletionWindowInDays: 30 }
              : {}),
            Origin: 'AWS_KMS',
            KeyManager: k.manager,
            CustomerMasterKeySpec: k.spec,
            KeySpec: k.spec,
            MultiRegion: false,
          },
        };
      },
      (input) => input.KeyId,
    ),
  );
  kms.on(GetKeyRotationStatusCommand).callsFake(
    serve(
      'kms:GetKeyRotationStatus',
      (input: { KeyId: string }) => {
        const k = account.keys.find((x) => x.id === input.KeyId);
        if (k?.state === 'PendingDeletion')
          throw awsError('KMSInvalidStateException', `${keyArn(input.KeyId)} is pending deletion.`);
        return {
          KeyRotationEnabled: k?.rotation === true,
          KeyId: keyArn(input.KeyId),
          RotationPeriodInDays: 365,
        };
      },
      (input) => input.KeyId,
    ),
  );
  return kms;
}
