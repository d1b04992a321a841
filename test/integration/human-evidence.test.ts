import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { UsageError } from '../../core/ports/errors';
import { attest } from '../../core/usecases/attest';
import { checkReviews } from '../../core/usecases/check-reviews';
import { defaultEvidenceConfig } from '../../core/usecases/config';
import { ingest } from '../../core/usecases/ingest';
import { postureStatus } from '../../core/usecases/status';
import { verifyStore } from '../../core/usecases/verify-store';
import { logGroupArn, logGroupItem, where } from '../helpers/events';
import { commitAccessSnapshot } from '../helpers/human-evidence';
import { startTestStore } from '../helpers/store';

const ACCOUNT = where.account;
const config = defaultEvidenceConfig();
const clock = (iso: string) => () => new Date(iso);

describe('human sign-off on dynalite', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;

  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
  });
  afterEach(async () => {
    await dynamo.close();
  });

  const control = async (id: string, now: string) =>
    (await postureStatus(store, { now: clock(now) })).controls.find((c) => c.controlId === id)!;

  it('records an access review against the latest snapshot, or the one named, and refuses an unknown one', async () => {
    await commitAccessSnapshot(store, ACCOUNT, '2026-09-01T00:00:00.000Z', ['alice']);
    const latest = await commitAccessSnapshot(store, ACCOUNT, '2026-10-01T00:00:00.000Z', ['alice', 'bob']);
    const first = await commitAccessSnapshot(store, '999988887777', '2026-09-15T00:00:00.000Z', ['carol']);

    const r = await attest(
      { kind: 'access-review', accountId: ACCOUNT, reviewer: 'Dana', decision: 'approved' },
      { store, config, at: '2026-10-02T10:00:00.000Z' },
    );
    expect(r.status).toBe('stored');
    expect(r.snapshot).toEqual({ evidenceId: latest.evidenceId, observedAt: latest.observedAt });
    expect(r.record?.controls[0]?.reason).toBe(
      `access review by Dana approved on 2026-10-02 against snapshot ${latest.evidenceId}`,
    );
    await expect(
      attest(
        {
          kind: 'access-review',
          accountId: ACCOUNT,
          reviewer: 'Dana',
          decision: 'approved',
          snapshotId: first.evidenceId,
        },
        { store, config },
      ),
    ).rejects.toThrow(
      new RegExp(`--snapshot: no access snapshot ${first.evidenceId} for account ${ACCOUNT}`),
    );

    const none = await attest(
      { kind: 'access-review', accountId: '555566667777', reviewer: 'Dana', decision: 'changes-required' },
      { store, config, at: '2026-10-02T10:00:00.000Z' },
    );
    expect(none.snapshot).toBeNull();
    expect(none.record?.controls[0]).toMatchObject({ status: 'NON_COMPLIANT' });
    expect(none.record?.controls[0]?.reason).toContain('with no access snapshot on record');

    const status = await control('access-review', '2026-10-03T00:00:00.000Z');
    expect(status.status).toBe('NON_COMPLIANT');
    expect(status.resources.map((x) => [x.subject.accountId, x.status])).toEqual([
      ['444455556666', 'COMPLIANT'],
      ['555566667777', 'NON_COMPLIANT'],
    ]);
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('makes the same attestation on the same day a duplicate, not a second record', async () => {
    const req = { kind: 'log-review', accountId: ACCOUNT, reviewer: 'Sam', decision: 'approved' } as const;
    const a = await attest(req, { store, config, at: '2026-10-02T10:00:00.000Z' });
    const b = await attest(req, { store, config, at: '2026-10-02T15:30:00.000Z' });
    const c = await attest(req, { store, config, at: '2026-10-03T09:00:00.000Z' });
    expect([a.status, b.status, c.status]).toEqual(['stored', 'duplicate', 'stored']);
    expect(b.record?.evidenceId).toBe(a.record?.evidenceId);
    expect(await store.listChainDocs(a.subjectKey)).toHaveLength(2);
  });

  it('shows an excepted NON_COMPLIANT verdict as EXCEPTED until expiry, then NON_COMPLIANT again', async () => {
    await ingest([{ raw: logGroupItem('/app', '2026-10-01T00:00:00.000Z', 30), origin: 't' }], { store });
    expect((await control('log-retention', '2026-10-02T00:00:00.000Z')).status).toBe('NON_COMPLIANT');

    const expiresAt = '2026-11-01T00:00:00.000Z';
    const x = await attest(
      {
        kind: 'exception',
        controlId: 'log-retention',
        subject: logGroupArn('/app'),
        reason: 'logs exported nightly to the archive bucket',
        approver: 'CISO',
        expiresAt,
      },
      { store, config, now: clock('2026-10-05T00:00:00.000Z') },
    );
    expect(x.accountId).toBe(ACCOUNT);

    const during = await control('log-retention', '2026-10-31T23:59:59.999Z');
    expect(during.status).toBe('EXCEPTED');
    expect(during.resources[0]).toMatchObject({
      status: 'EXCEPTED',
      reason: expect.stringContaining('30 days'),
      exception: { reason: 'logs exported nightly to the archive bucket', approver: 'CISO', expiresAt },
    });
    // before it was granted, and from the instant it expires, the verdict shows as it is
    expect((await control('log-retention', '2026-10-04T00:00:00.000Z')).status).toBe('NON_COMPLIANT');
    const after = await control('log-retention', expiresAt);
    expect(after.status).toBe('NON_COMPLIANT');
    expect(after.resources[0]?.exception).toBeUndefined();
    // nothing was deleted: the exception is still on its chain
    expect(await store.listChainDocs(x.subjectKey)).toHaveLength(1);
  });

  it('rejects an exception with a past expiry, an unknown control, a missing reason or an unknown subject', async () => {
    await ingest([{ raw: logGroupItem('/app', '2026-10-01T00:00:00.000Z', 30), origin: 't' }], { store });
    const base = {
      kind: 'exception',
      controlId: 'log-retention',
      subject: logGroupArn('/app'),
      reason: 'accepted',
      approver: 'CISO',
      expiresAt: '2026-10-10T00:00:00.000Z',
    } as const;
    const deps = { store, config, now: clock('2026-10-10T00:00:00.000Z') };
    await expect(attest(base, deps)).rejects.toThrow(
      '--expires: 2026-10-10T00:00:00.000Z is not in the future',
    );
    await expect(
      attest({ ...base, controlId: 'no-such', expiresAt: '2027-01-01T00:00:00.000Z' }, deps),
    ).rejects.toThrow('--control: unknown control "no-such"');
    await expect(
      attest({ ...base, reason: '  ', expiresAt: '2027-01-01T00:00:00.000Z' }, deps),
    ).rejects.toThrow(/reason: must not be empty/);
    await expect(
      attest({ ...base, subject: 'arn:aws:s3:::unknown', expiresAt: '2027-01-01T00:00:00.000Z' }, deps),
    ).rejects.toThrow(UsageError);
  });

  it('raises an overdue review once as drift, idempotently, and clears it with a new approval', async () => {
    await attest(
      { kind: 'log-review', accountId: ACCOUNT, reviewer: 'Sam', decision: 'approved' },
      { store, config, at: '2026-09-01T09:00:00.000Z' },
    );
    const onTime = await checkReviews(store, { now: new Date('2026-10-01T09:00:00.000Z'), config });
    // the account was never access-reviewed: that is overdue at once (a new drift); the log review is due now
    expect(onTime.recorded).toBe(1);
    expect(onTime.transitions.map((t) => [t.controlId, t.state, t.to])).toEqual([
      ['access-review', 'new', 'NON_COMPLIANT'],
    ]);
    expect(onTime.reviews.find((r) => r.controlId === 'log-review')).toMatchObject({
      overdue: false,
      dueAt: '2026-10-01T09:00:00.000Z',
    });
    expect(onTime.reviews.find((r) => r.controlId === 'access-review')?.overdue).toBe(true);

    const late = await checkReviews(store, { now: new Date('2026-10-02T08:00:00.000Z'), config });
    expect(late.recorded).toBe(1);
    expect(late.transitions.map((t) => [t.controlId, t.state, t.at])).toEqual([
      ['log-review', 'regressed', '2026-10-01T09:00:00.000Z'],
    ]);
    const again = await checkReviews(store, { now: new Date('2026-10-02T18:00:00.000Z'), config });
    expect(again.recorded).toBe(0);
    expect(again.transitions).toEqual([]);

    const status = await control('log-review', '2026-10-02T18:00:00.000Z');
    expect(status.status).toBe('NON_COMPLIANT');
    expect(status.resources[0]?.reason).toBe(
      'log review overdue since 2026-10-01: last approved 2026-09-01 (required every 30 days)',
    );

    const fixed = await attest(
      { kind: 'log-review', accountId: ACCOUNT, reviewer: 'Sam', decision: 'approved' },
      { store, config, at: '2026-10-03T09:00:00.000Z' },
    );
    expect(fixed.transitions.map((t) => [t.controlId, t.state])).toEqual([['log-review', 'resolved']]);
    expect((await control('log-review', '2026-10-03T10:00:00.000Z')).status).toBe('COMPLIANT');
    expect((await verifyStore(store)).ok).toBe(true);
  });
});
