import { describe, expect, it } from 'vitest';
import { linkRecord, prepareRecord } from '../../../core/domain/chain';
import { subjectKey } from '../../../core/domain/observation';
import type { PostureState } from '../../../core/domain/posture';
import { DEFAULT_RECURRENCE_WINDOW_MS, replayPosture } from '../../../core/domain/transitions';
import type { Actor, EvidenceRecord, VerdictStatus } from '../../../evidence-schemas';
import { assessment, configFacts, observationOf, SUBJECT } from '../../fixtures/builders';

const KEY = subjectKey(SUBJECT);
const CONTROL = 's3-bucket-tls';
const DAY = 86_400_000;
const T0 = Date.parse('2025-03-01T00:00:00.000Z');
/** `days` after T0, as an ISO time. */
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

/** A record of the test subject with one verdict on CONTROL (or several controls' verdicts). */
function rec(
  days: number,
  status: VerdictStatus,
  options: { affectsPosture?: boolean; actor?: Actor; controls?: [string, VerdictStatus][] } = {},
): EvidenceRecord {
  const observation = observationOf(configFacts('AWS::S3::Bucket', { name: 'clinic-phi-intake', days }), {
    observedAt: at(days),
    source: { kind: 'config-item-change', eventId: `event-${days}`, eventTime: at(days) },
    ...(options.actor ? { actor: options.actor } : {}),
  });
  const controls = (options.controls ?? [[CONTROL, status]]).map(([id, s]) =>
    assessment(id, s, options.affectsPosture ?? true),
  );
  return linkRecord(prepareRecord(observation, controls), undefined, '2025-04-01T00:00:00.000Z');
}

/** The states of the transitions replaying `records` from an empty posture makes. */
const statesOf = (records: EvidenceRecord[], windowMs?: number) =>
  replayPosture({}, records, KEY, windowMs).transitions.map((t) => [t.state, t.from, t.to]);

describe('replayPosture: the drift state machine', () => {
  it('calls a first verdict that is non-compliant new', () => {
    // Act
    const { posture, transitions } = replayPosture({}, [rec(1, 'NON_COMPLIANT')], KEY);

    // Assess
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({
      state: 'new',
      controlId: CONTROL,
      subjectKey: KEY,
      subject: SUBJECT,
      from: 'NONE',
      to: 'NON_COMPLIANT',
      at: at(1),
      reason: `${CONTROL} is NON_COMPLIANT`,
    });
    expect(transitions[0]?.id).toMatch(/^[0-9a-f]{32}$/);
    expect(posture[CONTROL]).toMatchObject({ status: 'NON_COMPLIANT', since: at(1) });
  });

  it('calls non-compliance after NOT_APPLICABLE new', () => {
    expect(statesOf([rec(1, 'NOT_APPLICABLE'), rec(2, 'NON_COMPLIANT')])).toEqual([
      ['new', 'NOT_APPLICABLE', 'NON_COMPLIANT'],
    ]);
  });

  it('calls compliant -> non-compliant regressed when nothing was resolved recently', () => {
    expect(statesOf([rec(1, 'COMPLIANT'), rec(2, 'NON_COMPLIANT')])).toEqual([
      ['regressed', 'COMPLIANT', 'NON_COMPLIANT'],
    ]);
  });

  it('calls a drift within the window after a resolution recurring, and one after it regressed', () => {
    // Prepare: resolved on day 2; drifts again 7 days later (the window's edge), and 8 days later
    const within = [rec(1, 'NON_COMPLIANT'), rec(2, 'COMPLIANT'), rec(9, 'NON_COMPLIANT')];
    const after = [rec(1, 'NON_COMPLIANT'), rec(2, 'COMPLIANT'), rec(10, 'NON_COMPLIANT')];

    // Assess
    expect(DEFAULT_RECURRENCE_WINDOW_MS).toBe(7 * DAY);
    expect(statesOf(within).map(([state]) => state)).toEqual(['new', 'resolved', 'recurring']);
    expect(statesOf(after).map(([state]) => state)).toEqual(['new', 'resolved', 'regressed']);
    // the window is configurable
    expect(statesOf(after, 8 * DAY).map(([state]) => state)).toEqual(['new', 'resolved', 'recurring']);
    expect(statesOf(within, DAY).map(([state]) => state)).toEqual(['new', 'resolved', 'regressed']);
  });

  it('calls leaving non-compliance resolved, with the time it took, for a compliant verdict or scope', () => {
    // Act
    const { posture, transitions } = replayPosture({}, [rec(1, 'NON_COMPLIANT'), rec(4, 'COMPLIANT')], KEY);

    // Assess
    expect(transitions.map((t) => [t.state, t.to, t.timeToRemediateMs])).toEqual([
      ['new', 'NON_COMPLIANT', undefined],
      ['resolved', 'COMPLIANT', 3 * DAY],
    ]);
    expect(posture[CONTROL]).toMatchObject({ status: 'COMPLIANT', since: at(4), lastResolvedAt: at(4) });
    expect(statesOf([rec(1, 'NON_COMPLIANT'), rec(2, 'NOT_APPLICABLE')])).toEqual([
      ['new', 'NONE', 'NON_COMPLIANT'],
      ['resolved', 'NON_COMPLIANT', 'NOT_APPLICABLE'],
    ]);
  });

  it('resolves from a head posture, timing the remediation from when the drift began', () => {
    // Prepare: the head says the control has been non-compliant since day 1
    const current: Record<string, PostureState> = {
      [CONTROL]: {
        status: 'NON_COMPLIANT',
        reason: 'no TLS',
        observedAt: at(3),
        evidenceId: 'ev_earlier',
        orderKey: `${at(3)}#ev_earlier`,
        since: at(1),
      },
    };

    // Act
    const { transitions } = replayPosture(current, [rec(5, 'COMPLIANT')], KEY);

    // Assess
    expect(transitions.map((t) => [t.state, t.from, t.timeToRemediateMs])).toEqual([
      ['resolved', 'NON_COMPLIANT', 4 * DAY],
    ]);
  });

  it('makes no transition for a first compliant or not-applicable verdict, or a change between them', () => {
    expect(statesOf([rec(1, 'COMPLIANT')])).toEqual([]);
    expect(statesOf([rec(1, 'NOT_APPLICABLE')])).toEqual([]);
    expect(statesOf([rec(1, 'COMPLIANT'), rec(2, 'NOT_APPLICABLE'), rec(3, 'COMPLIANT')])).toEqual([]);
  });

  it('makes no transition for the same status again, and keeps when it began', () => {
    // Act
    const { posture, transitions } = replayPosture(
      {},
      [rec(1, 'NON_COMPLIANT'), rec(2, 'NON_COMPLIANT'), rec(3, 'NON_COMPLIANT')],
      KEY,
    );

    // Assess
    expect(transitions.map((t) => t.state)).toEqual(['new']);
    expect(posture[CONTROL]).toMatchObject({ observedAt: at(3), since: at(1) });
  });

  it('makes no transition for a late, older event, which never overrides the newer verdict', () => {
    // Prepare: the head's verdict is from day 5
    const { posture: current } = replayPosture({}, [rec(5, 'COMPLIANT')], KEY);

    // Act
    const { posture, transitions } = replayPosture(current, [rec(2, 'NON_COMPLIANT')], KEY);

    // Assess
    expect(transitions).toEqual([]);
    expect(posture).toEqual(current);
  });

  it('makes no transition for activity that does not affect posture (a failed call)', () => {
    // Act
    const { posture, transitions } = replayPosture(
      {},
      [rec(1, 'NON_COMPLIANT', { affectsPosture: false })],
      KEY,
    );

    // Assess
    expect(transitions).toEqual([]);
    expect(posture).toEqual({});
  });

  it('replays by event time, whatever order the records come in', () => {
    // Prepare
    const records = [rec(1, 'NON_COMPLIANT'), rec(2, 'COMPLIANT'), rec(3, 'NON_COMPLIANT')];

    // Act
    const forward = replayPosture({}, records, KEY);
    const backward = replayPosture({}, [...records].reverse(), KEY);

    // Assess
    expect(backward).toEqual(forward);
    expect(forward.transitions.map((t) => t.state)).toEqual(['new', 'resolved', 'recurring']);
  });

  it('gives a transition the same id on every replay and a different one per evidence and control', () => {
    // Prepare
    const both = rec(1, 'NON_COMPLIANT', {
      controls: [
        [CONTROL, 'NON_COMPLIANT'],
        ['s3-bucket-versioning', 'NON_COMPLIANT'],
      ],
    });

    // Act
    const first = replayPosture({}, [both], KEY).transitions;
    const again = replayPosture({}, [both], KEY).transitions;

    // Assess
    expect(again).toEqual(first);
    expect(first.map((t) => t.controlId).sort()).toEqual([CONTROL, 's3-bucket-versioning']);
    expect(new Set(first.map((t) => t.id)).size).toBe(2);
  });

  it('names the record and the actor behind a transition', () => {
    // Prepare
    const record = rec(1, 'NON_COMPLIANT', {
      actor: { principalType: 'IAMUser', principalArn: 'arn:aws:iam::111122223333:user/alice' },
    });

    // Act
    const [t] = replayPosture({}, [record], KEY).transitions;

    // Assess
    expect(t).toMatchObject({
      evidenceId: record.evidenceId,
      recordHash: record.integrity.recordHash,
      actor: { principalType: 'IAMUser', principalArn: 'arn:aws:iam::111122223333:user/alice' },
    });
  });
});
