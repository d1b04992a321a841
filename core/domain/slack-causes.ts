/**
 * One root cause, one Slack message. Pure. Transitions that one cause produced close together in time
 * are grouped: every control one record (or several records of one subject) changed, and every
 * collection-health transition one sweep run produced in an account (a denied API shows as the
 * collector's verdict for each control it serves and as the coverage check of those controls).
 */
import type { Transition } from '../../evidence-schemas';
import { sha256Hex } from './hashing';
import { subjectKind } from './subject-kind';

/** Transitions of one cause within this long after the first of them share a message (default). */
export const CAUSE_WINDOW_MS = 5 * 60_000;

/** The transitions of one cause, in time order, and the message id they make. */
export interface CauseGroup {
  /**
   * Deterministic: the same transitions always make the same id, whatever order they arrive in, so a
   * redelivered batch is recognised as the message already sent.
   */
  id: string;
  /** the first transition's time */
  at: string;
  transitions: Transition[];
}

/**
 * Time order; at one instant by subject, then control (a message lists a subject's controls together),
 * then id: a batch in any order gives the same messages.
 */
export function byTime(a: Transition, b: Transition): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return (
    a.subjectKey.localeCompare(b.subjectKey) ||
    a.controlId.localeCompare(b.controlId) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * What a transition's cause is known by: the pipeline's own collection health, per account (the
 * collector that failed and the coverage it broke have different subjects but one cause), or else
 * the subject (all the controls one change of one resource moved).
 */
export function causeKey(t: Transition): string {
  if (subjectKind(t.subject.resourceType) === 'collection') return `collection\u0000${t.subject.accountId}`;
  return `subject\u0000${t.subjectKey}`;
}

/** The id of a message made of these transitions: independent of their order. */
export function messageId(transitionIds: readonly string[]): string {
  return sha256Hex([...transitionIds].sort().join('\n')).slice(0, 32);
}

/**
 * Groups transitions by cause: same cause key, within `windowMs` of the group's first transition.
 * Groups come out in the order of their first transition; each group's transitions in time order.
 */
export function groupByCause(transitions: readonly Transition[], windowMs = CAUSE_WINDOW_MS): CauseGroup[] {
  const open = new Map<string, { start: number; items: Transition[] }>();
  const groups: Transition[][] = [];
  for (const t of [...transitions].sort(byTime)) {
    const key = causeKey(t);
    const at = Date.parse(t.at);
    const current = open.get(key);
    if (current && at - current.start <= windowMs) {
      current.items.push(t);
      continue;
    }
    const next = { start: at, items: [t] };
    open.set(key, next);
    groups.push(next.items);
  }
  return groups.map((items) => ({
    id: messageId(items.map((t) => t.id)),
    at: items[0]!.at,
    transitions: items,
  }));
}
