import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudTrailRecord } from '../../../cli/demo/events';
import type { DynamoDbEvidenceStore } from '../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../core/adapters/embedded/embedded-store';
import { subjectKey } from '../../../core/domain/observation';
import { checkCoverage } from '../../../core/usecases/coverage';
import { ingest } from '../../../core/usecases/ingest';
import { aheadOfClock } from '../../../core/usecases/ingest/parse-batch';
import { logGroupItemIn as logGroup, operator } from '../../helpers/events';
import { startTestStore } from '../../helpers/store';

const T0 = '2026-10-01T08:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000);
const raw = (docs: unknown[]) => docs.map((d, i) => ({ raw: d, origin: `test:${i}` }));
const FORGED_AT = '2199-01-01T00:00:00.000Z';

describe('event time sanity at ingest', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
  });
  afterAll(async () => {
    await dynamo.close();
  });

  it('attack 5: an event dated 2199 saying COMPLIANT is quarantined and cannot pin posture; a later real NON_COMPLIANT verdict is drift and alerts', async () => {
    // Prepare: a log group evidenced compliant at T0
    const where = { account: '111122223333', region: 'eu-west-1' };
    const name = '/clinic/pinned';
    const first = await ingest(raw([logGroup(where, name, T0, 2192)]), { store, now: () => at(0) });
    expect(first.stored).toBe(1);

    // Act: an insider sends the same log group, compliant, dated 2199
    const forged = await ingest(raw([logGroup(where, name, FORGED_AT, 3653)]), { store, now: () => at(1) });

    // Assess: quarantined with both times and the limit; nothing stored
    expect(forged.stored).toBe(0);
    expect(forged.statuses).toEqual(['quarantined']);
    expect(forged.quarantined[0]?.reason).toBe(
      `observed at ${FORGED_AT}, 90,595,620 minutes after this ingest's clock (${at(1).toISOString()}); ` +
        'events more than 5 minutes ahead are not evidence (maxClockSkewMinutes)',
    );
    const kept = [];
    for await (const item of store.listQuarantine()) kept.push(item);
    expect(kept.map((q) => q.reason)).toEqual([forged.quarantined[0]?.reason]);

    // Act: the real retention is cut to 30 days
    const real = await ingest(raw([logGroup(where, name, at(2).toISOString(), 30)]), {
      store,
      now: () => at(2),
    });

    // Assess: the drift is made (and would alert), posture is the real verdict
    expect(real.transitions.map((t) => [t.controlId, t.from, t.to])).toEqual([
      ['log-retention', 'COMPLIANT', 'NON_COMPLIANT'],
    ]);
    const key = subjectKey(real.records[0]!.subject);
    const head = (await store.getHeads([key])).get(key);
    expect(head?.posture['log-retention']).toMatchObject({
      status: 'NON_COMPLIANT',
      observedAt: at(2).toISOString(),
    });

    // and the control goes stale on time: the forged date does not count as fresh evidence
    const coverage = await checkCoverage(store, { now: at(40) });
    expect(
      coverage.gaps
        .filter((g) => g.accountId === where.account)
        .map((g) => [g.controlId, g.gap?.cause, g.lastEvidenceAt]),
    ).toEqual([
      ['log-group-encryption', 'stale', at(2).toISOString()],
      ['log-retention', 'stale', at(2).toISOString()],
    ]);
  });

  it('attack 5: an event at most maxClockSkewMinutes ahead is evidence; the limit is configurable', async () => {
    // Prepare
    const where = { account: '222233334444', region: 'eu-west-1' };
    const now = () => at(0);
    const fiveAhead = new Date(Date.parse(T0) + 5 * 60_000).toISOString();
    const justOver = new Date(Date.parse(T0) + 5 * 60_000 + 1_000).toISOString();
    const halfHour = at(0.5).toISOString();

    // Act
    const result = await ingest(
      raw([
        logGroup(where, '/a', fiveAhead, 2192),
        logGroup(where, '/b', justOver, 2192),
        logGroup(where, '/c', halfHour, 2192),
      ]),
      { store, now },
    );
    const wider = await ingest(raw([logGroup(where, '/c', halfHour, 2192)]), {
      store,
      now,
      maxClockSkewMinutes: 60,
    });

    // Assess
    expect(result.statuses).toEqual(['stored', 'quarantined', 'quarantined']);
    expect(result.quarantined.map((q) => q.reason)).toEqual([
      `observed at ${justOver}, 5.1 minutes after this ingest's clock (${T0}); events more than 5 minutes ahead are not evidence (maxClockSkewMinutes)`,
      `observed at ${halfHour}, 30 minutes after this ingest's clock (${T0}); events more than 5 minutes ahead are not evidence (maxClockSkewMinutes)`,
    ]);
    expect(wider.statuses).toEqual(['stored']);
  });

  it('attack 5: a CloudTrail record dated in the year 2000 is quarantined as implausibly old, one beyond any date as no time', async () => {
    // Prepare
    const where = { account: '333344445555', region: 'eu-west-1' };
    const record = cloudTrailRecord(where, '2000-01-01T00:00:00.000Z', operator, {
      eventSource: 'logs.amazonaws.com',
      eventName: 'PutRetentionPolicy',
      requestParameters: { logGroupName: '/clinic/old', retentionInDays: 1 },
    });
    // Act
    const result = await ingest(raw([record]), { store, now: () => at(0) });
    // Assess
    expect(result.statuses).toEqual(['quarantined']);
    expect(result.quarantined[0]?.reason).toBe(
      'invalid CloudTrail record: eventTime: implausibly old time 2000-01-01T00:00:00.000Z ' +
        '("2000-01-01T00:00:00Z"): AWS evidence cannot predate 2006',
    );

    // a number too far out for any date is not a time at all (not a parser error)
    const beyond = await ingest(raw([{ ...record, eventTime: -8640000000000.001 }]), {
      store,
      now: () => at(0),
    });
    expect(beyond.quarantined.map((q) => q.reason)).toEqual([
      'invalid CloudTrail record: eventTime: not a valid timestamp: -8640000000000.001',
    ]);
  });
});

describe('aheadOfClock', () => {
  it('names both times and the limit, in singular or plural, and accepts what is within it', () => {
    const now = new Date('2198-12-31T23:59:00.000Z');
    expect(aheadOfClock(FORGED_AT, now, 0)).toBe(
      `observed at ${FORGED_AT}, 1 minute after this ingest's clock (2198-12-31T23:59:00.000Z); ` +
        'events more than 0 minutes ahead are not evidence (maxClockSkewMinutes)',
    );
    expect(aheadOfClock(FORGED_AT, now, 1)).toBeUndefined();
    expect(aheadOfClock('2198-12-31T23:00:00.000Z', now, 0)).toBeUndefined();
  });
});
