import { describe, expect, it } from 'vitest';
import { driftKind, driftTimeline } from '../../../core/domain/drift';
import { replayPosture } from '../../../core/domain/transitions';
import { chain } from '../../helpers/chain';
import { logGroupItem, retentionCall } from '../../helpers/events';

describe('drift timeline', () => {
  const { key, records } = chain([
    logGroupItem('/app', '2026-10-02T00:00:00.000Z', 3653),
    retentionCall('/app', '2026-10-05T10:00:00.000Z', 30),
    retentionCall('/app', '2026-10-06T10:00:00.000Z', 3653),
  ]);

  it('lists each transition whole (no field dropped), with whether it opened or resolved a drift', () => {
    const { transitions } = replayPosture({}, records, key);
    const events = driftTimeline(records.map((record) => ({ record, subjectKey: key })));
    expect(transitions.length).toBeGreaterThanOrEqual(2);
    expect(events).toEqual(transitions.map((t) => ({ ...t, kind: driftKind(t.state) })));
  });

  it("carries the record's hash, sequence, source and actor, so nothing is looked up from the records again", () => {
    const retention = driftTimeline(records.map((record) => ({ record, subjectKey: key }))).filter(
      (e) => e.controlId === 'log-retention',
    );
    expect(retention).toHaveLength(2);
    const [drift, resolved] = retention;
    expect(drift).toMatchObject({
      kind: 'drift',
      evidenceId: records[1]!.evidenceId,
      recordHash: records[1]!.integrity.recordHash,
      sequence: 2,
      sourceKind: 'cloudtrail-api-call',
      actor: { principalType: 'IAMUser', principalArn: 'arn:aws:iam::444455556666:user/test.operator' },
    });
    expect(resolved).toMatchObject({
      kind: 'resolved',
      evidenceId: records[2]!.evidenceId,
      recordHash: records[2]!.integrity.recordHash,
      sequence: 3,
      timeToRemediateMs: 86_400_000,
    });
  });

  it('tells a drift from a resolution by its state', () => {
    expect(driftKind('new')).toBe('drift');
    expect(driftKind('regressed')).toBe('drift');
    expect(driftKind('recurring')).toBe('drift');
    expect(driftKind('resolved')).toBe('resolved');
  });
});
