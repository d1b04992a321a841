import type { ControlAssessment, EvidenceRecord, Subject, VerdictStatus } from '../../evidence-schemas';

/** The latest verdict of one control on one subject. */
export interface PostureEntry {
  subjectKey: string;
  subject: Subject;
  controlId: string;
  status: VerdictStatus;
  reason: string;
  observedAt: string;
  evidenceId: string;
  /** observedAt + "#" + evidenceId: a total order that does not depend on arrival order */
  orderKey: string;
}

/**
 * What a head keeps per control: the latest verdict, without the subject it already names, plus the
 * drift bookkeeping: when the current status began and when the control was last resolved.
 */
export type PostureState = Omit<PostureEntry, 'subjectKey' | 'subject' | 'controlId'> & {
  since?: string;
  lastResolvedAt?: string;
};

/** The posture entries of a head, one per control. */
export function headPosture(head: {
  subjectKey: string;
  subject: Subject;
  posture: Record<string, PostureState>;
}): PostureEntry[] {
  return Object.entries(head.posture).map(([controlId, s]) => ({
    subjectKey: head.subjectKey,
    subject: head.subject,
    controlId,
    ...s,
  }));
}

export function orderKey(observedAt: string, evidenceId: string): string {
  return `${observedAt}#${evidenceId}`;
}

export function postureEntries(record: EvidenceRecord, subjectKey: string): PostureEntry[] {
  return record.controls
    .filter((c: ControlAssessment) => c.affectsPosture)
    .map((c) => ({
      subjectKey,
      subject: record.subject,
      controlId: c.controlId,
      status: c.status,
      reason: c.reason,
      observedAt: record.observedAt,
      evidenceId: record.evidenceId,
      orderKey: orderKey(record.observedAt, record.evidenceId),
    }));
}

/**
 * Posture from records: latest verdict per (subject, control) by the event's own time, optionally as
 * of a point in time. Arrival order never matters.
 */
export function postureFromRecords(
  records: Iterable<{ record: EvidenceRecord; subjectKey: string }>,
  asOf?: string,
): Map<string, PostureEntry> {
  const latest = new Map<string, PostureEntry>();
  for (const { record, subjectKey } of records) {
    if (asOf !== undefined && record.observedAt > asOf) continue;
    for (const e of postureEntries(record, subjectKey)) {
      const key = `${e.controlId}\u0000${e.subjectKey}`;
      const cur = latest.get(key);
      if (!cur || cur.orderKey < e.orderKey) latest.set(key, e);
    }
  }
  return latest;
}
