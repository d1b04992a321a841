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

/** The order of verdicts: by the event's own time, then evidence id, never by arrival. */
export function orderKey(observedAt: string, evidenceId: string): string {
  return `${observedAt}#${evidenceId}`;
}

/** What of a record (or a record still being prepared) decides posture. */
export type PostureSource = Pick<EvidenceRecord, 'controls' | 'subject' | 'observedAt' | 'evidenceId'>;

/** The verdicts of a record that move posture, one per control. */
export function postureEntries(record: PostureSource, subjectKey: string): PostureEntry[] {
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
      if (supersedes(e, latest.get(key))) latest.set(key, e);
    }
  }
  return latest;
}

/** Whether a verdict replaces the current one: it is newer by `orderKey` (a late, older one never is). */
export function supersedes(entry: { orderKey: string }, current: { orderKey: string } | undefined): boolean {
  return !current || current.orderKey < entry.orderKey;
}

/**
 * Folds one verdict into a control's state: the state after it, or undefined when the verdict is not
 * newer than the current one and changes nothing. `since` restarts when the status changes;
 * `lastResolvedAt` is carried over (the drift state machine in transitions.ts sets it). The one fold
 * of posture: a head's posture (replayPosture) and the commit planner's "unchanged" check both use it.
 */
export function foldVerdict(
  current: PostureState | undefined,
  entry: PostureEntry,
): PostureState | undefined {
  if (!supersedes(entry, current)) return undefined;
  const changed = !current || current.status !== entry.status;
  return {
    status: entry.status,
    reason: entry.reason,
    observedAt: entry.observedAt,
    evidenceId: entry.evidenceId,
    orderKey: entry.orderKey,
    since: changed ? entry.observedAt : (current?.since ?? entry.observedAt),
    ...(current?.lastResolvedAt ? { lastResolvedAt: current.lastResolvedAt } : {}),
  };
}
