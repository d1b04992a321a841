import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { s3Collector } from '../../../../core/adapters/sweep/s3';
import type { SweepContext } from '../../../../core/ports/sweep-collector';
import {
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  REGION,
  serveAccount,
} from '../../../helpers/fake-aws-account';

const ctx: SweepContext = { region: REGION, startedAt: new Date('2026-11-22T02:00:00.000Z'), concurrency: 2 };

let account: FakeAccount;
let aws: FakeAws;
beforeEach(() => {
  account = healthyAccount();
  aws = serveAccount(account);
});
afterEach(() => {
  aws.restore();
});

const supplementaryOf = (detail: unknown) =>
  (detail as { item: { supplementaryConfiguration: Record<string, unknown> } }).item
    .supplementaryConfiguration;

describe('S3 collector: versioning, logging, replication and Object Lock', () => {
  it('records an unprotected bucket in Config spelling: versioning Off, no log target, no replication, no lock', async () => {
    // Prepare
    const logs = account.buckets[1]!;
    Object.assign(logs, {
      versioning: undefined,
      logTarget: undefined,
      replicateTo: undefined,
      objectLock: false,
    });
    account.buckets[2]!.versioning = 'Suspended';
    // Act
    const r = await s3Collector(aws.clients.s3).collect(ctx);
    // Assess
    const byName = new Map(r.items.map((i) => [i.key, supplementaryOf(i.detail)]));
    expect(byName.get('s3:logs-bucket')).toMatchObject({
      BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
      BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
      BucketReplicationConfiguration: null,
      ObjectLockConfiguration: null,
    });
    expect(byName.get('s3:exports-bucket')).toMatchObject({
      BucketVersioningConfiguration: { status: 'Suspended' },
    });
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
  });

  it('a failed read leaves only its field out and is a gap naming the bucket', async () => {
    // Prepare
    account.denied.add('s3:GetBucketReplication:exports-bucket');
    account.denied.add('s3:GetBucketVersioning:phi-bucket');
    // Act
    const r = await s3Collector(aws.clients.s3).collect(ctx);
    // Assess
    const byName = new Map(r.items.map((i) => [i.key, supplementaryOf(i.detail)]));
    expect(byName.get('s3:exports-bucket')).not.toHaveProperty('BucketReplicationConfiguration');
    expect(byName.get('s3:exports-bucket')).toHaveProperty('BucketVersioningConfiguration');
    expect(byName.get('s3:phi-bucket')).not.toHaveProperty('BucketVersioningConfiguration');
    expect(byName.get('s3:phi-bucket')).toHaveProperty('ObjectLockConfiguration');
    expect(r.apis.find((a) => a.api === 's3:GetBucketReplication')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDenied', resource: 'exports-bucket' }),
    ]);
    expect(r.apis.find((a) => a.api === 's3:GetBucketVersioning')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDenied', resource: 'phi-bucket' }),
    ]);
  });
});
