import { describe, expect, it } from 'vitest';
import { PeriodAggregator } from '../../../../core/domain/binder/aggregate';
import { evidenceCountText, type HeadSnapshot } from '../../../../core/domain/binder/model';
import { chartBuckets, worst } from '../../../../core/domain/binder/period-posture';
import type { ExceptionView } from '../../../../core/domain/exceptions';
import type { EvidenceRecord, Subject } from '../../../../evidence-schemas';
import { assessment, recordOf, SUBJECT } from '../../../fixtures/builders';
import { chain } from '../../../helpers/chain';
import { logGroupArn, logGroupItem, retentionCall, ruleResult } from '../../../helpers/events';

const PERIOD = { from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T23:59:59.999Z' };

function head(key: string, records: EvidenceRecord[]): HeadSnapshot {
  const last = records[records.length - 1]!;
  const posture: HeadSnapshot['posture'] = {};
  for (const r of [...records].sort((a, b) => (a.observedAt < b.observedAt ? -1 : 1)))
    for (const c of r.controls.filter((x) => x.affectsPosture))
      posture[c.controlId] = {
        status: c.status,
        reason: c.reason,
        observedAt: r.observedAt,
        evidenceId: r.evidenceId,
      };
  return {
    subjectKey: key,
    subject: last.subject,
    sequence: last.integrity.sequence,
    recordHash: last.integrity.recordHash,
    posture,
  };
}

const byTime = (records: EvidenceRecord[]) =>
  [...records].sort((a, b) => (a.observedAt < b.observedAt ? -1 : 1));

describe('PeriodAggregator', () => {
  it('finds drift, its actor and its remediation inside the period', () => {
    const { key, records } = chain([
      logGroupItem('/app', '2026-10-02T00:00:00.000Z', 3653),
      retentionCall('/app', '2026-10-05T10:00:00.000Z', 30),
      retentionCall('/app', '2026-10-06T10:00:00.000Z', 3653),
    ]);
    const agg = new PeriodAggregator(PERIOD, [head(key, records)]);
    for (const r of byTime(records)) agg.add(key, r);
    expect(agg.subjectsNeedingChain()).toEqual([]);
    agg.settleRest();
    const model = agg.build({ title: 't', generatedAt: PERIOD.to, generator: { name: 'g', version: '1' } });
    const retention = model.citations.find((c) => c.citation === '164.316(b)(2)(i)')!;
    expect(retention.drifts).toHaveLength(1);
    expect(retention.drifts[0]).toMatchObject({
      at: '2026-10-05T10:00:00.000Z',
      actor: { principalArn: 'arn:aws:iam::444455556666:user/test.operator' },
      resolution: { at: '2026-10-06T10:00:00.000Z', timeToRemediateMs: 86_400_000 },
    });
    expect(retention.status).toBe('COMPLIANT');
    expect(retention.compliantShare).toBeGreaterThan(0.9);
    expect(retention.chart.unit).toBe('day');
    expect(retention.chart.buckets[4]).toMatchObject({ nonCompliant: 1 });
    expect(retention.chart.buckets[0]).toMatchObject({ nonCompliant: 0, compliant: 0 });
    expect(model.counts).toMatchObject({
      records: 3,
      subjects: 1,
      drifts: expect.any(Number),
      uncommitted: 0,
    });
  });

  it('lists each drift with its record and the record that resolved it, as the transitions carry them', () => {
    const { key, records } = chain([
      logGroupItem('/app', '2026-10-02T00:00:00.000Z', 3653),
      retentionCall('/app', '2026-10-05T10:00:00.000Z', 30),
      retentionCall('/app', '2026-10-06T10:00:00.000Z', 3653),
    ]);
    const [, drifted, fixed] = records;
    const agg = new PeriodAggregator(PERIOD, [head(key, records)]);
    for (const r of byTime(records)) agg.add(key, r);
    agg.settleRest();
    const model = agg.build({ title: 't', generatedAt: PERIOD.to, generator: { name: 'g', version: '1' } });
    const [drift] = model.citations.find((c) => c.citation === '164.316(b)(2)(i)')!.drifts;
    expect(drift).toMatchObject({
      kind: 'drift',
      state: 'regressed',
      from: 'COMPLIANT',
      to: 'NON_COMPLIANT',
      evidenceId: drifted!.evidenceId,
      recordHash: drifted!.integrity.recordHash,
      sequence: 2,
      sourceKind: 'cloudtrail-api-call',
      actor: { principalType: 'IAMUser' },
      resolution: {
        kind: 'resolved',
        evidenceId: fixed!.evidenceId,
        recordHash: fixed!.integrity.recordHash,
        sequence: 3,
        sourceKind: 'cloudtrail-api-call',
      },
    });
  });

  it('takes the baseline from the chain when the period starts mid-chain, and drift resolved in it', () => {
    const { key, records } = chain([
      logGroupItem('/app', '2026-09-01T00:00:00.000Z', 3653),
      retentionCall('/app', '2026-09-28T10:00:00.000Z', 30),
      retentionCall('/app', '2026-10-03T10:00:00.000Z', 3653),
    ]);
    const agg = new PeriodAggregator(PERIOD, [head(key, records)]);
    for (const r of byTime(records)) if (r.observedAt >= PERIOD.from) agg.add(key, r);
    expect(agg.subjectsNeedingChain()).toEqual([key]);
    agg.settleFromChain(key, records);
    agg.settleRest();
    const model = agg.build({ title: 't', generatedAt: PERIOD.to, generator: { name: 'g', version: '1' } });
    const retention = model.citations.find((c) => c.citation === '164.316(b)(2)(i)')!;
    // the drift began before the period and was fixed in it: listed, with the full time to remediate
    expect(retention.drifts).toHaveLength(1);
    expect(retention.drifts[0]).toMatchObject({
      at: '2026-09-28T10:00:00.000Z',
      resolution: { at: '2026-10-03T10:00:00.000Z' },
    });
    expect(retention.chart.buckets[0]).toMatchObject({ nonCompliant: 1 });
    expect(retention.chart.buckets[10]).toMatchObject({ compliant: 1, nonCompliant: 0 });
  });

  it('keeps verdicts from before the period that still hold, without reading the chain', () => {
    const { key, records } = chain([logGroupItem('/old', '2026-08-01T00:00:00.000Z', 30)]);
    const agg = new PeriodAggregator(PERIOD, [head(key, records)]);
    expect(agg.subjectsNeedingChain()).toEqual([]);
    agg.settleRest();
    const model = agg.build({ title: 't', generatedAt: PERIOD.to, generator: { name: 'g', version: '1' } });
    const retention = model.citations.find((c) => c.citation === '164.316(b)(2)(i)')!;
    expect(retention.resources).toEqual([
      expect.objectContaining({ status: 'NON_COMPLIANT', inPeriod: false }),
    ]);
    expect(retention.compliantShare).toBe(0);
    expect(model.inventory).toHaveLength(1);
    expect(model.counts.records).toBe(0);
  });

  it('counts the resources with records in the period apart from those whose posture only carries in', () => {
    // Arrange: one log group changed in the period, one last seen in August
    const inPeriod = chain([logGroupItem('/new', '2026-10-02T00:00:00.000Z', 3653)]);
    const carried = chain([logGroupItem('/old', '2026-08-01T00:00:00.000Z', 30)]);
    const agg = new PeriodAggregator(PERIOD, [
      head(inPeriod.key, inPeriod.records),
      head(carried.key, carried.records),
    ]);
    for (const r of inPeriod.records) agg.add(inPeriod.key, r);
    agg.settleRest();
    // Act
    const model = agg.build({ title: 't', generatedAt: PERIOD.to, generator: { name: 'g', version: '1' } });
    // Assert
    expect(model.counts).toMatchObject({
      records: 1,
      resourceRecords: 1,
      subjects: 2,
      resourcesWithRecords: 1,
    });
    expect(evidenceCountText(model.counts)).toBe('1 evidence record: 1 about 1 of the 2 resources');
    expect(evidenceCountText({ ...model.counts, resourcesWithRecords: 2, records: 3 })).toBe(
      '3 evidence records: 1 about 2 resources, 2 on collection health and sign-offs',
    );
  });

  it('leaves out records the head did not commit, and rebuilds a subject whose sequence was claimed twice', () => {
    const a = chain([
      logGroupItem('/app', '2026-10-02T00:00:00.000Z', 3653),
      retentionCall('/app', '2026-10-05T10:00:00.000Z', 30),
    ]);
    // a writer crashed after writing its record 2, and another committed a different record 2
    const orphan = chain([
      logGroupItem('/app', '2026-10-02T00:00:00.000Z', 3653),
      retentionCall('/app', '2026-10-04T10:00:00.000Z', 14),
    ]).records[1]!;
    const beyondTip = chain([
      logGroupItem('/app', '2026-10-02T00:00:00.000Z', 3653),
      retentionCall('/app', '2026-10-05T10:00:00.000Z', 30),
      retentionCall('/app', '2026-10-09T10:00:00.000Z', 7),
    ]).records[2]!;
    const agg = new PeriodAggregator(PERIOD, [head(a.key, a.records)]);
    for (const r of byTime([...a.records, orphan, beyondTip])) agg.add(a.key, r);
    expect(agg.exclusion(a.key, beyondTip)).toBe('uncommitted');
    expect(agg.subjectsNeedingChain()).toEqual([a.key]);
    agg.settleFromChain(a.key, a.records);
    expect(agg.exclusion(a.key, orphan)).toBe('uncommitted');
    expect(agg.exclusion(a.key, a.records[1]!)).toBeUndefined();
    agg.settleRest();
    const model = agg.build({ title: 't', generatedAt: PERIOD.to, generator: { name: 'g', version: '1' } });
    expect(model.counts).toMatchObject({ records: 2, uncommitted: 2 });
    const drifts = model.citations.find((c) => c.citation === '164.316(b)(2)(i)')!.drifts;
    expect(drifts.map((d) => d.at)).toEqual(['2026-10-05T10:00:00.000Z']);
  });

  it('keeps only the accounts asked for', () => {
    const { key, records } = chain([logGroupItem('/app', '2026-10-02T00:00:00.000Z', 3653)]);
    const agg = new PeriodAggregator({ ...PERIOD, accounts: ['111122223333'] }, [head(key, records)]);
    expect(agg.add(key, records[0]!)).toBe('out-of-scope');
    agg.settleRest();
    expect(
      agg.build({ title: 't', generatedAt: PERIOD.to, generator: { name: 'g', version: '1' } }).inventory,
    ).toEqual([]);
  });
});

describe('chart buckets and worst status', () => {
  it('uses days for a month, weeks for a quarter and months for a year', () => {
    expect(chartBuckets(PERIOD.from, PERIOD.to)).toMatchObject({ unit: 'day' });
    expect(chartBuckets(PERIOD.from, PERIOD.to).buckets).toHaveLength(31);
    expect(chartBuckets('2026-01-01T00:00:00.000Z', '2026-03-31T23:59:59.999Z').unit).toBe('week');
    const year = chartBuckets('2026-01-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z');
    expect(year.unit).toBe('month');
    expect(year.buckets).toHaveLength(12);
  });

  it('ranks non-compliant over compliant over not applicable', () => {
    expect(worst([])).toBe('NO_EVIDENCE');
    expect(worst(['COMPLIANT', 'NON_COMPLIANT'])).toBe('NON_COMPLIANT');
    expect(worst(['NOT_APPLICABLE', 'COMPLIANT'])).toBe('COMPLIANT');
    expect(worst(['NOT_APPLICABLE'])).toBe('NOT_APPLICABLE');
  });
});

const META = { title: 't', generatedAt: PERIOD.to, generator: { name: 'g', version: '1' } };

/** A model of one period from whole chains that lie in it. */
function modelOf(chains: { key: string; records: EvidenceRecord[] }[], exceptions?: ExceptionView[]) {
  const agg = new PeriodAggregator(
    PERIOD,
    chains.map((c) => head(c.key, c.records)),
  );
  for (const c of chains) for (const r of byTime(c.records)) agg.add(c.key, r);
  agg.settleRest();
  return agg.build(META, exceptions ? { exceptions } : {});
}

describe('the posture view in the binder model', () => {
  it('shows a NON_COMPLIANT verdict under an exception in force as EXCEPTED, with approver, reason and expiry (finding 1)', () => {
    // Prepare: retention cut to 30 days on the 5th and never fixed; an exception granted on the 20th
    const logGroup = chain([
      logGroupItem('/ehr', '2026-10-02T00:00:00.000Z', 3653),
      retentionCall('/ehr', '2026-10-05T10:00:00.000Z', 30),
    ]);
    const exception: ExceptionView = {
      accountId: '444455556666',
      controlId: 'log-retention',
      subjectKey: logGroup.key,
      reason: 'archived nightly to Object Lock',
      approver: 'CISO',
      grantedAt: '2026-10-20T12:00:00.000Z',
      expiresAt: '2026-12-31T00:00:00.000Z',
      evidenceId: 'ev_00000000000000000000000000000001',
    };
    // Act
    const model = modelOf([logGroup], [exception]);
    // Assess
    const retention = model.citations.find((c) => c.citation === '164.316(b)(2)(i)')!;
    expect(retention.status).toBe('EXCEPTED');
    expect(retention.resources).toEqual([
      expect.objectContaining({
        status: 'EXCEPTED',
        exception: expect.objectContaining({ approver: 'CISO', expiresAt: '2026-12-31T00:00:00.000Z' }),
      }),
    ]);
    expect(model.excepted.map((v) => v.subjectKey)).toEqual([logGroup.key]);
    expect(model.controls.find((c) => c.controlId === 'log-retention')).toMatchObject({
      status: 'EXCEPTED',
      counts: { resources: 1, nonCompliant: 0, excepted: 1 },
    });
    // the chart: red before the exception, excepted from the day it was granted
    expect(retention.chart.buckets[9]).toMatchObject({ nonCompliant: 1, excepted: 0 });
    expect(retention.chart.buckets[19]).toMatchObject({ nonCompliant: 0, excepted: 1 });
    // without the exception the same evidence is plainly NON_COMPLIANT
    expect(modelOf([logGroup]).citations.find((c) => c.citation === '164.316(b)(2)(i)')?.status).toBe(
      'NON_COMPLIANT',
    );
  });

  it('keeps a sweep collector out of resources, the inventory, the chart and the share, not out of the status (finding 3)', () => {
    // Prepare: one bucket compliant all month, and the sweep's collector failing for the same control
    const collector: Subject = {
      ...SUBJECT,
      resourceType: 'HIPAA::Coverage::Collector',
      resourceId: 's3:GetBucketPolicy',
    };
    const bucket = {
      key: 'bucket',
      records: [
        recordOf({
          observedAt: '2026-10-01T00:00:00.000Z',
          controls: [assessment('s3-bucket-tls', 'COMPLIANT')],
        }),
      ],
    };
    const gap = {
      key: 'collector',
      records: [
        recordOf({
          observedAt: '2026-10-10T02:00:00.000Z',
          controls: [assessment('s3-bucket-tls', 'NON_COMPLIANT')],
          subject: collector,
        }),
      ],
    };
    // Act
    const model = modelOf([bucket, gap]);
    // Assess
    const tls = model.citations.find((c) => c.citation === '164.312(e)(1)')!;
    expect(tls.resources.map((r) => r.subjectKey)).toEqual(['bucket']);
    expect(tls.collection.map((r) => r.subjectKey)).toEqual(['collector']);
    expect(model.inventory.map((r) => r.subjectKey)).toEqual(['bucket']);
    expect(model.collection.map((r) => r.subjectKey)).toEqual(['collector']);
    expect(tls.compliantShare).toBe(1);
    expect(Math.max(...tls.chart.buckets.map((b) => b.compliant + b.nonCompliant))).toBe(1);
    // the failing collector still keeps the control from reading COMPLIANT
    expect(model.controls.find((c) => c.controlId === 's3-bucket-tls')).toMatchObject({
      status: 'NON_COMPLIANT',
      counts: { resources: 1, nonCompliant: 0, excepted: 0 },
    });
  });

  it('names the ePHI resources out of compliance in the period, with how long in all', () => {
    const logGroup = chain([
      logGroupItem('/ehr', '2026-10-02T00:00:00.000Z', 3653),
      retentionCall('/ehr', '2026-10-05T10:00:00.000Z', 30),
      retentionCall('/ehr', '2026-10-06T09:00:00.000Z', 3653),
    ]);
    const agg = new PeriodAggregator(PERIOD, [
      { ...head(logGroup.key, logGroup.records), ephi: { inScope: true, since: '2026-10-02T00:00:00.000Z' } },
    ]);
    for (const r of byTime(logGroup.records)) agg.add(logGroup.key, r);
    agg.settleRest();
    const model = agg.build(META);
    // unencrypted from the 2nd to the end, retention short for 23 hours inside that: counted once
    expect(model.ephiExposure).toEqual([
      expect.objectContaining({
        subjectKey: logGroupArn('/ehr'),
        nonCompliantMs: 30 * 86_400_000,
        controls: ['log-group-encryption', 'log-retention'],
        ongoing: true,
      }),
    ]);
  });

  it('says who produced a drift in the words of actor.ts: the named Config rule (finding 5)', () => {
    const bucket = chain([
      ruleResult('s3-bucket-ssl-requests-only', 'clinic-intake', '2026-10-03T00:00:00.000Z', 'COMPLIANT'),
      ruleResult('s3-bucket-ssl-requests-only', 'clinic-intake', '2026-10-04T00:00:00.000Z', 'NON_COMPLIANT'),
    ]);
    const model = modelOf([bucket]);
    const drifts = model.citations.find((c) => c.citation === '164.312(e)(1)')!.drifts;
    expect(drifts.map((d) => d.producedBy)).toEqual(['AWS Config rule s3-bucket-ssl-requests-only']);
  });
});
