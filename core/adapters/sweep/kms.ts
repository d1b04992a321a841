/**
 * KMS: customer managed keys with their state (keyState: Enabled, Disabled, PendingDeletion with its
 * deletionDate, ...) and, for symmetric encryption keys, their automatic rotation, as configuration
 * items of AWS::KMS::Key spelled as Config spells them (supplementaryConfiguration.KeyRotationStatus).
 * AWS managed keys rotate by themselves and cannot be disabled or deleted: not swept. The rotation of
 * asymmetric and HMAC keys (which cannot rotate) and of keys pending deletion or import or unavailable
 * (KMS refuses to read it) is not read: their items carry the state alone.
 */
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  type KMSClient,
  paginateListKeys,
} from '@aws-sdk/client-kms';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, compact, isFactError, iso } from './calls';

const SKIPPED_STATES = new Set(['PendingDeletion', 'PendingReplicaDeletion', 'PendingImport', 'Unavailable']);

export function kmsCollector(client: KMSClient): SweepCollector {
  return {
    service: 'kms',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const accountIds: string[] = [];
      const pages = await log.pages('kms:ListKeys', () => paginateListKeys({ client }, {}));
      if (!pages) return { items: [], apis: log.results(), accountIds };
      log.reached('kms:DescribeKey');
      log.reached('kms:GetKeyRotationStatus');
      const keys = pages.flatMap((p) => p.Keys ?? []).filter((k) => k.KeyId);
      const items = await mapLimit(keys, ctx.concurrency, async (k): Promise<SweepItem[]> => {
        const keyId = k.KeyId as string;
        const described = await log.get(
          'kms:DescribeKey',
          () => client.send(new DescribeKeyCommand({ KeyId: keyId })),
          keyId,
        );
        const m = described?.KeyMetadata;
        if (!m) return [];
        if (m.KeyManager !== 'CUSTOMER') return [];
        const rotates = m.KeySpec === 'SYMMETRIC_DEFAULT' && !SKIPPED_STATES.has(m.KeyState ?? '');
        // imported key material and custom key stores cannot rotate automatically: a fact, not a gap
        const rotation = rotates
          ? await log.call(
              'kms:GetKeyRotationStatus',
              () => client.send(new GetKeyRotationStatusCommand({ KeyId: keyId })),
              { resource: keyId, facts: ['UnsupportedOperationException'] },
            )
          : { fact: 'not read' };
        if (rotation === undefined) return [];
        const account = m.AWSAccountId ?? accountOfArn(m.Arn);
        if (account) accountIds.push(account);
        const supplementaryConfiguration: Record<string, unknown> = isFactError(rotation)
          ? {}
          : {
              KeyRotationStatus: rotation.KeyRotationEnabled === true,
              ...(rotation.RotationPeriodInDays !== undefined
                ? { RotationPeriodInDays: rotation.RotationPeriodInDays }
                : {}),
            };
        const configuration = compact({
          keyId,
          ...(m.Arn ? { arn: m.Arn } : {}),
          ...(m.CreationDate ? { creationDate: iso(m.CreationDate) } : {}),
          enabled: m.Enabled === true,
          keyUsage: m.KeyUsage,
          keyState: m.KeyState,
          ...(m.DeletionDate ? { deletionDate: iso(m.DeletionDate) } : {}),
          origin: m.Origin,
          keyManager: m.KeyManager,
          keySpec: m.KeySpec,
          multiRegion: m.MultiRegion === true,
        });
        return [
          {
            key: `kms:${keyId}`,
            detail: {
              kind: 'configuration-item',
              api: 'kms:DescribeKey',
              item: {
                ...(account ? { accountId: account } : {}),
                ...(m.Arn ? { arn: m.Arn } : {}),
                awsRegion: ctx.region,
                resourceType: 'AWS::KMS::Key',
                resourceId: keyId,
                configurationItemCaptureTime: ctx.startedAt.toISOString(),
                configurationItemStatus: 'OK',
                configuration,
                supplementaryConfiguration,
              },
            },
          },
        ];
      });
      return { items: items.flat(), apis: log.results(), accountIds };
    },
  };
}
