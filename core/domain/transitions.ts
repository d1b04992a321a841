/**
 * Posture transitions as a commit makes them: the drift state machine per (subject, control).
 * - new: a first verdict that is NON_COMPLIANT (or one after NOT_APPLICABLE)
 * - regressed: COMPLIANT -> NON_COMPLIANT
 * - recurring: NON_COMPLIANT again within the recurrence window after a resolution
 * - resolved: NON_COMPLIANT -> COMPLIANT (or NOT_APPLICABLE), with the time it took
 * A verdict that does not change the status, an older event arriving late, and activity that does
 * not affect posture (a failed call) make no transition. Pure: the same records always give the same
 * transitions, so a redelivery or a replay announces nothing new.
 */
import type { DriftState, EvidenceRecord, Transition, VerdictStatus } from '../../evidence-schemas';
import { producedBy } from './actor';
import { sha256Hex } from './hashing';
import { foldVerdict, type PostureState, postureEntries } from './posture';

export type { DriftState, Transition };

/** Default window in which a new drift after a resolution counts as recurring. */
export const DEFAULT_RECURRENCE_WINDOW_MS = 7 * 24 * 3_600_000;

/**
 * Folds a commit's records into a subject's posture, in event-time order, and returns the new posture
 * and the transitions it made.
 */
export function replayPosture(
  current: Record<string, PostureState>,
  records: EvidenceRecord[],
  subjectKey: string,
  recurrenceWindowMs = DEFAULT_RECURRENCE_WINDOW_MS,
): { posture: Record<string, PostureState>; transitions: Transition[] } {
  const posture = { ...current };
  const transitions: Transition[] = [];
  const entries = records
    .flatMap((record) => postureEntries(record, subjectKey).map((entry) => ({ entry, record })))
    .sort((a, b) => (a.entry.orderKey < b.entry.orderKey ? -1 : a.entry.orderKey > b.entry.orderKey ? 1 : 0));
  for (const { entry: e, record } of entries) {
    const cur = posture[e.controlId];
    const next = foldVerdict(cur, e);
    if (!next) continue; // late and older: never overrides a newer verdict
    const changed = !cur || cur.status !== e.status;
    const state = changed ? classify(cur, e.status, e.observedAt, recurrenceWindowMs) : undefined;
    if (state === 'resolved') next.lastResolvedAt = e.observedAt;
    posture[e.controlId] = next;
    if (!state) continue;
    const from = cur?.status ?? 'NONE';
    transitions.push({
      id: sha256Hex(
        `${subjectKey}\u0000${e.controlId}\u0000${e.evidenceId}\u0000${from}\u0000${e.status}`,
      ).slice(0, 32),
      state,
      controlId: e.controlId,
      subjectKey,
      subject: record.subject,
      from,
      to: e.status,
      at: e.observedAt,
      reason: e.reason,
      evidenceId: e.evidenceId,
      recordHash: record.integrity.recordHash,
      sequence: record.integrity.sequence,
      sourceKind: record.source.kind,
      producedBy: producedBy(record),
      ...(record.actor
        ? {
            actor: {
              principalType: record.actor.principalType,
              ...(record.actor.principalArn ? { principalArn: record.actor.principalArn } : {}),
            },
          }
        : {}),
      ...(state === 'resolved' && cur?.since
        ? { timeToRemediateMs: Date.parse(e.observedAt) - Date.parse(cur.since) }
        : {}),
    });
  }
  return { posture, transitions };
}

function classify(
  cur: PostureState | undefined,
  to: VerdictStatus,
  at: string,
  windowMs: number,
): DriftState | undefined {
  const from = cur?.status;
  if (to === 'NON_COMPLIANT') {
    if (from === 'COMPLIANT') {
      const resolved = cur?.lastResolvedAt
        ? Date.parse(at) - Date.parse(cur.lastResolvedAt)
        : Number.POSITIVE_INFINITY;
      return resolved >= 0 && resolved <= windowMs ? 'recurring' : 'regressed';
    }
    return 'new';
  }
  // leaving NON_COMPLIANT, for a compliant verdict or because the resource left scope
  return from === 'NON_COMPLIANT' ? 'resolved' : undefined;
}
