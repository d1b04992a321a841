import type { DriftState, EvidenceRecord, VerdictStatus } from '../../evidence-schemas';
import { replayPosture } from './transitions';

export type DriftKind = 'drift' | 'resolved';

/** One posture transition of one control on one subject, from the chain. */
export interface DriftEvent {
  kind: DriftKind;
  /** new, regressed, recurring or resolved: the same state machine that drives notifications */
  state: DriftState;
  controlId: string;
  subjectKey: string;
  subject: EvidenceRecord['subject'];
  from: VerdictStatus | 'NONE';
  to: VerdictStatus;
  at: string;
  reason: string;
  evidenceId: string;
  actor?: string;
  /** what produced the evidence: an AWS Config event, a CloudTrail call, the daily sweep, a coverage check, an attestation */
  sourceKind?: EvidenceRecord['source']['kind'];
  /** for a resolution: milliseconds since the drift it resolves */
  timeToRemediateMs?: number;
}

/**
 * Every posture transition in a set of records, in event-time order: each subject's records are
 * replayed through the drift state machine (core/domain/transitions.ts) from an empty posture.
 */
export function driftTimeline(
  records: Iterable<{ record: EvidenceRecord; subjectKey: string }>,
  recurrenceWindowMs?: number,
): DriftEvent[] {
  const bySubject = new Map<string, EvidenceRecord[]>();
  for (const { record, subjectKey } of records) {
    const list = bySubject.get(subjectKey);
    if (list) list.push(record);
    else bySubject.set(subjectKey, [record]);
  }
  const events: DriftEvent[] = [];
  for (const [subjectKey, list] of bySubject) {
    const kinds = new Map(list.map((r) => [r.evidenceId, r.source.kind]));
    for (const t of replayPosture({}, list, subjectKey, recurrenceWindowMs).transitions) {
      const sourceKind = kinds.get(t.evidenceId);
      events.push({
        kind: t.state === 'resolved' ? 'resolved' : 'drift',
        state: t.state,
        controlId: t.controlId,
        subjectKey,
        subject: t.subject,
        from: t.from,
        to: t.to,
        at: t.at,
        reason: t.reason,
        evidenceId: t.evidenceId,
        ...(t.actor?.principalArn ? { actor: t.actor.principalArn } : {}),
        ...(sourceKind ? { sourceKind } : {}),
        ...(t.timeToRemediateMs !== undefined ? { timeToRemediateMs: t.timeToRemediateMs } : {}),
      });
    }
  }
  return events.sort((a, b) =>
    a.at === b.at ? a.evidenceId.localeCompare(b.evidenceId) : a.at < b.at ? -1 : 1,
  );
}
