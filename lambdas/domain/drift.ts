import type { EvidenceRecord, VerdictStatus } from '../../evidence-schemas';

export type DriftKind = 'drift' | 'resolved';

/** One posture transition of one control on one subject, from the chain. */
export interface DriftEvent {
  kind: DriftKind;
  controlId: string;
  subjectKey: string;
  subject: EvidenceRecord['subject'];
  from: VerdictStatus | 'NONE';
  to: VerdictStatus;
  at: string;
  reason: string;
  evidenceId: string;
  actor?: string;
  /** for a resolution: milliseconds since the drift it resolves */
  timeToRemediateMs?: number;
}

/**
 * Posture transitions in event-time order: COMPLIANT -> NON_COMPLIANT is drift, NON_COMPLIANT ->
 * COMPLIANT a resolution. A first verdict of NON_COMPLIANT is drift too (a new finding).
 */
export function driftTimeline(
  records: Iterable<{ record: EvidenceRecord; subjectKey: string }>,
): DriftEvent[] {
  const verdicts: {
    key: string;
    subjectKey: string;
    record: EvidenceRecord;
    controlId: string;
    status: VerdictStatus;
    reason: string;
  }[] = [];
  for (const { record, subjectKey } of records) {
    for (const c of record.controls) {
      if (!c.affectsPosture) continue;
      verdicts.push({
        key: `${c.controlId}\u0000${subjectKey}`,
        subjectKey,
        record,
        controlId: c.controlId,
        status: c.status,
        reason: c.reason,
      });
    }
  }
  verdicts.sort((a, b) =>
    a.record.observedAt === b.record.observedAt
      ? a.record.evidenceId.localeCompare(b.record.evidenceId)
      : a.record.observedAt < b.record.observedAt
        ? -1
        : 1,
  );
  const state = new Map<string, { status: VerdictStatus; since: string }>();
  const out: DriftEvent[] = [];
  for (const v of verdicts) {
    const prev = state.get(v.key);
    const base = {
      controlId: v.controlId,
      subjectKey: v.subjectKey,
      subject: v.record.subject,
      from: prev?.status ?? ('NONE' as const),
      to: v.status,
      at: v.record.observedAt,
      reason: v.reason,
      evidenceId: v.record.evidenceId,
      ...(v.record.actor?.principalArn ? { actor: v.record.actor.principalArn } : {}),
    };
    if (v.status === 'NON_COMPLIANT' && prev?.status !== 'NON_COMPLIANT') {
      out.push({ kind: 'drift', ...base });
      state.set(v.key, { status: v.status, since: v.record.observedAt });
      continue;
    }
    if (v.status === 'COMPLIANT' && prev?.status === 'NON_COMPLIANT') {
      out.push({
        kind: 'resolved',
        ...base,
        timeToRemediateMs: Date.parse(v.record.observedAt) - Date.parse(prev.since),
      });
    }
    if (prev?.status !== v.status) state.set(v.key, { status: v.status, since: v.record.observedAt });
  }
  return out;
}
