import { describe, expect, it } from 'vitest';
import { DAILY_FRESHNESS_HOURS } from '../../../core/domain/catalog';
import {
  type CoverageHeadView,
  computeCoverage,
  coverageFactsOf,
  describeGap,
  entriesToRecord,
} from '../../../core/domain/coverage';
import type { PostureState } from '../../../core/domain/posture';
import type { Subject } from '../../../evidence-schemas';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const NOW = '2026-10-10T12:00:00.000Z';
const hoursBefore = (h: number) => new Date(Date.parse(NOW) - h * 3_600_000).toISOString();

function subject(resourceType: string, resourceId: string, region = REGION): Subject {
  return { accountId: ACCOUNT, region, resourceType, resourceId };
}

function state(status: PostureState['status'], observedAt: string, since = observedAt): PostureState {
  return { status, reason: 'r', observedAt, evidenceId: `ev_${observedAt}`, orderKey: observedAt, since };
}

function head(
  s: Subject,
  posture: Record<string, PostureState>,
  facets: CoverageHeadView['facets'] = {},
): CoverageHeadView {
  return { subject: s, posture, facets };
}

const logGroup = (observedAt: string, facets: CoverageHeadView['facets'] = {}) =>
  head(
    subject('AWS::Logs::LogGroup', '/clinic/app'),
    {
      'log-retention': state('COMPLIANT', observedAt),
      'log-group-encryption': state('COMPLIANT', observedAt),
    },
    facets,
  );

describe('computeCoverage', () => {
  it('is fresh while evidence is younger than the control interval', () => {
    // Prepare
    const heads = [logGroup(hoursBefore(DAILY_FRESHNESS_HOURS - 1))];
    // Act
    const entries = computeCoverage(heads, { now: NOW });
    // Assess
    expect(entries.map((e) => [e.controlId, e.state])).toEqual([
      ['log-group-encryption', 'fresh'],
      ['log-retention', 'fresh'],
    ]);
    expect(entries[0]?.lastEvidenceAt).toBe(hoursBefore(DAILY_FRESHNESS_HOURS - 1));
    expect(entriesToRecord(entries)).toEqual([]);
  });

  it('is a stale gap after the interval, starting when evidence was due', () => {
    // Prepare
    const last = hoursBefore(30);
    // Act
    const entries = computeCoverage([logGroup(last)], { now: NOW });
    // Assess
    const retention = entries.find((e) => e.controlId === 'log-retention');
    expect(retention).toMatchObject({
      state: 'gap',
      lastEvidenceAt: last,
      expectedHours: 26,
      gap: { cause: 'stale', since: hoursBefore(4) },
    });
    expect(describeGap(retention!)).toBe(`no fresh evidence since ${last}; expected every 26 h`);
    expect(entriesToRecord(entries)).toHaveLength(2);
  });

  it('counts an unchanged re-observation (a facet that moved) as fresh evidence of the controls it bears on', () => {
    // Prepare: verdicts 3 days old, but the configuration item was re-observed 2 h ago
    const heads = [
      logGroup(hoursBefore(72), { configuration: { stateHash: 'h', observedAt: hoursBefore(2) } }),
    ];
    // Act
    const entries = computeCoverage(heads, { now: NOW });
    // Assess
    expect(entries.every((e) => e.state === 'fresh')).toBe(true);
  });

  it('does not let a rule facet of one control refresh another control', () => {
    // Prepare: the retention rule re-evaluated recently; encryption has nothing recent
    const heads = [
      logGroup(hoursBefore(72), {
        'rule:cw-loggroup-retention-period-check': { stateHash: 'h', observedAt: hoursBefore(1) },
      }),
    ];
    // Act
    const entries = computeCoverage(heads, { now: NOW });
    // Assess
    expect(entries.find((e) => e.controlId === 'log-retention')?.state).toBe('fresh');
    expect(entries.find((e) => e.controlId === 'log-group-encryption')?.state).toBe('gap');
  });

  it('never reports a control that was never evidenced (NO_EVIDENCE is not a gap)', () => {
    // Act
    const entries = computeCoverage([logGroup(hoursBefore(1))], { now: NOW });
    // Assess
    expect(entries.some((e) => e.controlId === 's3-bucket-encryption')).toBe(false);
    expect(computeCoverage([], { now: NOW })).toEqual([]);
  });

  it('keeps regions apart: evidence in one region does not keep another fresh', () => {
    // Prepare
    const heads = [
      head(subject('AWS::Logs::LogGroup', 'a', 'us-east-1'), {
        'log-retention': state('COMPLIANT', hoursBefore(1)),
      }),
      head(subject('AWS::Logs::LogGroup', 'b', REGION), {
        'log-retention': state('COMPLIANT', hoursBefore(40)),
      }),
    ];
    // Act
    const entries = computeCoverage(heads, { now: NOW });
    // Assess
    expect(entries.map((e) => [e.region, e.state])).toEqual([
      [REGION, 'gap'],
      ['us-east-1', 'fresh'],
    ]);
  });

  it('makes every Config-dependent control a gap where the recorder is stopped, and not the others', () => {
    // Prepare
    const stoppedAt = hoursBefore(3);
    const heads = [
      logGroup(hoursBefore(1)),
      head(subject('AWS::IAM::User', 'dana', REGION), {
        'iam-access-keys': state('COMPLIANT', hoursBefore(1)),
      }),
      head(subject('AWS::Config::ConfigurationRecorder', 'default'), {
        'config-recorder': state('NON_COMPLIANT', stoppedAt),
      }),
      head(subject('AWS::Logs::LogGroup', 'other-region', 'us-east-1'), {
        'log-retention': state('COMPLIANT', hoursBefore(1)),
      }),
    ];
    // Act
    const entries = computeCoverage(heads, { now: NOW });
    // Assess
    const inRegion = entries.filter((e) => e.region === REGION);
    expect(inRegion.filter((e) => e.state === 'gap').map((e) => e.controlId)).toEqual([
      'log-group-encryption',
      'log-retention',
      'iam-access-keys',
    ]);
    expect(inRegion.find((e) => e.controlId === 'log-retention')?.gap).toEqual({
      cause: 'recorder-stopped',
      since: stoppedAt,
      recorder: 'default',
    });
    // the recorder control itself is fed by CloudTrail, not by Config: it is evidenced, not blind
    expect(inRegion.find((e) => e.controlId === 'config-recorder')?.state).toBe('fresh');
    expect(entries.find((e) => e.region === 'us-east-1')?.state).toBe('fresh');
  });

  it('turns a failed collector into a gap of the controls it serves, even where never evidenced', () => {
    // Prepare
    const failedAt = hoursBefore(5);
    const heads = [
      head(subject('HIPAA::Coverage::Collector', 'iam:GenerateCredentialReport', 'global'), {
        'iam-user-mfa': state('NON_COMPLIANT', failedAt),
        'iam-access-keys': state('NON_COMPLIANT', failedAt),
      }),
      head(subject('HIPAA::Coverage::Collector', 'logs:DescribeLogGroups'), {
        'log-retention': state('COMPLIANT', hoursBefore(1)),
      }),
    ];
    // Act
    const entries = computeCoverage(heads, { now: NOW });
    // Assess
    expect(entries.map((e) => [e.region, e.controlId, e.state])).toEqual([
      ['global', 'iam-user-mfa', 'gap'],
      ['global', 'iam-access-keys', 'gap'],
    ]);
    expect(describeGap(entries[0]!)).toBe(
      `the sweep could not call iam:GenerateCredentialReport since ${failedAt}`,
    );
  });

  it('never counts a coverage subject as evidence of the control it reports on', () => {
    // Prepare: only a coverage subject (recently written) says anything about log-retention
    const heads = [
      head(subject('HIPAA::Coverage::Control', 'log-retention'), {
        'log-retention': state('COMPLIANT', hoursBefore(1)),
      }),
      head(subject('HIPAA::Coverage::Collector', 'logs:DescribeLogGroups'), {
        'log-retention': state('COMPLIANT', hoursBefore(1)),
      }),
    ];
    // Act
    const entries = computeCoverage(heads, { now: NOW });
    // Assess: no lastEvidenceAt: nothing is left to evidence, and the recorded state is remembered
    expect(entries).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        controlId: 'log-retention',
        expectedHours: 26,
        state: 'not-expected',
        recorded: 'COMPLIANT',
      },
    ]);
  });

  it('records a return to fresh only where the last check recorded a gap', () => {
    // Prepare
    const heads = [
      logGroup(hoursBefore(1)),
      head(subject('HIPAA::Coverage::Control', 'log-retention'), {
        'log-retention': state('NON_COMPLIANT', hoursBefore(2)),
      }),
    ];
    // Act
    const toRecord = entriesToRecord(computeCoverage(heads, { now: NOW }));
    // Assess
    expect(toRecord.map((e) => [e.controlId, e.state, e.recorded])).toEqual([
      ['log-retention', 'fresh', 'NON_COMPLIANT'],
    ]);
    expect(coverageFactsOf(toRecord[0]!)).toEqual({
      type: 'coverage',
      controlId: 'log-retention',
      state: 'fresh',
      expectedHours: 26,
    });
  });

  it('attack 5: an old event that arrives late never closes a newer coverage gap', () => {
    // Prepare: a gap recorded 2 h ago; the latest evidence, observed 3 h ago, arrived after it
    const gapRecorded = hoursBefore(2);
    const heads = (evidenceAt: string) => [
      logGroup(evidenceAt),
      head(subject('HIPAA::Coverage::Control', 'log-retention'), {
        'log-retention': state('NON_COMPLIANT', hoursBefore(1), gapRecorded),
      }),
    ];
    // Act
    const late = computeCoverage(heads(hoursBefore(3)), { now: NOW });
    const atTheGap = computeCoverage(heads(gapRecorded), { now: NOW });
    const after = computeCoverage(heads(hoursBefore(1.5)), { now: NOW });
    // Assess: still a gap, since it was recorded, naming the late evidence; only newer evidence closes it
    const retention = late.find((e) => e.controlId === 'log-retention');
    expect(retention).toMatchObject({
      state: 'gap',
      lastEvidenceAt: hoursBefore(3),
      gap: { cause: 'stale', since: gapRecorded },
      recorded: 'NON_COMPLIANT',
    });
    expect(describeGap(retention!)).toBe(`no fresh evidence since ${hoursBefore(3)}; expected every 26 h`);
    expect(atTheGap.find((e) => e.controlId === 'log-retention')?.state).toBe('gap');
    expect(after.find((e) => e.controlId === 'log-retention')?.state).toBe('fresh');
    // a control whose gap was never recorded is fresh on the same evidence
    expect(late.find((e) => e.controlId === 'log-group-encryption')?.state).toBe('fresh');
  });

  it('closes a recorded gap as not-expected when nothing is left to evidence there', () => {
    // Prepare: the last check recorded a gap; the only resource has since been deleted
    const heads = [
      head(subject('AWS::Logs::LogGroup', 'gone'), {
        'log-retention': state('NOT_APPLICABLE', hoursBefore(2)),
      }),
      head(subject('HIPAA::Coverage::Control', 'log-retention'), {
        'log-retention': state('NON_COMPLIANT', hoursBefore(5)),
      }),
    ];
    // Act
    const toRecord = entriesToRecord(computeCoverage(heads, { now: NOW }));
    // Assess
    expect(toRecord.map((e) => [e.controlId, e.state, e.recorded])).toEqual([
      ['log-retention', 'not-expected', 'NON_COMPLIANT'],
    ]);
  });

  it('ignores resources that left scope: a control with only NOT_APPLICABLE verdicts is not expected', () => {
    // Act
    const entries = computeCoverage(
      [
        head(subject('AWS::Logs::LogGroup', 'gone'), {
          'log-retention': state('NOT_APPLICABLE', hoursBefore(90)),
        }),
      ],
      { now: NOW },
    );
    // Assess
    expect(entries.map((e) => e.state)).toEqual(['not-expected']);
    expect(entriesToRecord(entries)).toEqual([]);
  });
});
