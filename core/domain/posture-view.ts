/**
 * The one posture view every output draws (status, the binder's PDF, HTML and OSCAL): how verdicts on
 * subjects roll up into a control's or a citation's status, at an instant or at the end of a period.
 * Pure. The rules live here once, so that the CLI and the binder cannot disagree:
 * - EXCEPTED: a NON_COMPLIANT verdict under an exception in force (an accepted risk, with its approver,
 *   reason and expiry); a control is EXCEPTED when every NON_COMPLIANT verdict of it is excepted;
 * - only AWS resources (subject-kind.ts) are counted as resources; collection health (the sweep's
 *   collectors, the coverage check) and sign-offs still decide the status, never the counts;
 * - a control whose evidence stopped carries the gap beside its status, so it never reads plainly
 *   COMPLIANT;
 * - compliance over a period is weighted by resource-time (see period-posture.ts), and an ePHI resource
 *   out of compliance at any moment of the period is named with how long (`nonCompliantMs`).
 */
import type { Subject, Transition, VerdictStatus } from '../../evidence-schemas';
import { producedBy } from './actor';
import type { ExceptionView } from './exceptions';
import { type SubjectKind, subjectKind } from './subject-kind';

/** A control's or a citation's status. NO_EVIDENCE: nothing bears on it; EXCEPTED: see the module. */
export type ControlStatus = VerdictStatus | 'NO_EVIDENCE' | 'EXCEPTED';

/** One verdict's status once exceptions are applied. */
export type ViewStatus = VerdictStatus | 'EXCEPTED';

/** An exception as a verdict shows it: less what the verdict already says (account, control, subject). */
export type ExceptionRef = Omit<ExceptionView, 'accountId' | 'controlId' | 'subjectKey'>;

/** The status of a rolled-up set: any non-compliant verdict first, then excepted, compliant, not applicable. */
export function rollUp(statuses: readonly ViewStatus[]): ControlStatus {
  if (statuses.length === 0) return 'NO_EVIDENCE';
  for (const s of ['NON_COMPLIANT', 'EXCEPTED', 'COMPLIANT'] as const) if (statuses.includes(s)) return s;
  return 'NOT_APPLICABLE';
}

/** Where an exception is filed: by control and the excepted subject's key. */
export function exceptionKey(controlId: string, subjectKey: string): string {
  return `${controlId}\u0000${subjectKey}`;
}

/** Whether an exception is in force at `at`: granted at or before it, and not yet expired. */
export function inForce(x: Pick<ExceptionView, 'grantedAt' | 'expiresAt'>, at: string): boolean {
  const t = Date.parse(at);
  return Date.parse(x.grantedAt) <= t && t < Date.parse(x.expiresAt);
}

/** Whether an exception was in force at some moment of [start, end). */
export function inForceDuring(
  x: Pick<ExceptionView, 'grantedAt' | 'expiresAt'>,
  start: string,
  end: string,
): boolean {
  return Date.parse(x.grantedAt) < Date.parse(end) && Date.parse(x.expiresAt) > Date.parse(start);
}

/** The verdict once exceptions are applied: EXCEPTED, with the exception, when one covers it. */
export function applyException(
  status: VerdictStatus,
  exception: ExceptionView | undefined,
): { status: ViewStatus; exception?: ExceptionRef } {
  if (status !== 'NON_COMPLIANT' || !exception) return { status };
  const { accountId: _a, controlId: _c, subjectKey: _k, ...ref } = exception;
  return { status: 'EXCEPTED', exception: ref };
}

/** The latest-granted exception in force at `at`, per (control, subject): what status and the binder use. */
export function exceptionsInForce(
  exceptions: Iterable<ExceptionView>,
  at: string,
): Map<string, ExceptionView> {
  const out = new Map<string, ExceptionView>();
  for (const x of exceptions) {
    if (!inForce(x, at)) continue;
    const key = exceptionKey(x.controlId, x.subjectKey);
    const cur = out.get(key);
    if (!cur || cur.grantedAt < x.grantedAt) out.set(key, x);
  }
  return out;
}

/** What a control's verdicts count: resources only, never bookkeeping or sign-offs. */
export interface PostureCounts {
  /** distinct AWS resources with a verdict */
  resources: number;
  /** resources whose verdict is NON_COMPLIANT (not excepted) */
  nonCompliant: number;
  /** resources whose NON_COMPLIANT verdict is excepted */
  excepted: number;
}

/** The counts of a control's verdicts: only `resource` subjects are counted. */
export function postureCounts(
  verdicts: readonly { subjectKey: string; subject: Pick<Subject, 'resourceType'>; status: ViewStatus }[],
): PostureCounts {
  const all = new Set<string>();
  const bad = new Set<string>();
  const excepted = new Set<string>();
  for (const v of verdicts) {
    if (subjectKind(v.subject.resourceType) !== 'resource') continue;
    all.add(v.subjectKey);
    if (v.status === 'NON_COMPLIANT') bad.add(v.subjectKey);
    else if (v.status === 'EXCEPTED') excepted.add(v.subjectKey);
  }
  return { resources: all.size, nonCompliant: bad.size, excepted: excepted.size };
}

/** One control's posture: the same shape in `status --json` and in the binder model. */
export interface ControlPosture {
  controlId: string;
  status: ControlStatus;
  counts: PostureCounts;
  /** the collection gap open at the instant (or at the end of the period), in words */
  gap?: string;
}

/** A control's posture from its verdicts (every kind of subject) and the gap open, if any. */
export function controlPosture(
  controlId: string,
  verdicts: readonly { subjectKey: string; subject: Pick<Subject, 'resourceType'>; status: ViewStatus }[],
  gap?: string,
): ControlPosture {
  return {
    controlId,
    status: rollUp(verdicts.map((v) => v.status)),
    counts: postureCounts(verdicts),
    ...(gap ? { gap } : {}),
  };
}

/** A status with the gap beside it, e.g. `COMPLIANT (evidence stopped)`. */
export function statusWithGap(p: { status: ControlStatus; gap?: string }): string {
  return p.gap ? `${p.status} (evidence stopped)` : p.status;
}

/** A subject's kind, re-exported for the renderers that split verdicts by it. */
export type { SubjectKind };

/** Who produced a transition, in the words of actor.ts (older transitions do not carry them). */
export function transitionProducer(t: Pick<Transition, 'producedBy' | 'sourceKind' | 'actor'>): string {
  if (t.producedBy) return t.producedBy;
  if (!t.sourceKind) return t.actor?.principalArn ?? 'the producer was not recorded';
  return producedBy({
    source: { kind: t.sourceKind },
    ...(t.actor ? { actor: t.actor } : {}),
  });
}

/** A half-open interval of time, in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** The total length of a union of intervals (overlaps counted once). */
export function unionLength(intervals: Interval[]): number {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  let total = 0;
  let cur: Interval | undefined;
  for (const i of sorted) {
    if (!cur || i.start > cur.end) {
      if (cur) total += cur.end - cur.start;
      cur = { ...i };
    } else cur.end = Math.max(cur.end, i.end);
  }
  return cur ? total + cur.end - cur.start : total;
}
