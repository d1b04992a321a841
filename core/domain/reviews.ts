/**
 * Review cadence: for each account and review control, when the last approved review was, when the
 * next one is due and whether it is overdue as of `now`. Pure: it reads the review chains' heads only
 * (their posture and their `review:approved` facet), never the records.
 */
import type { ReviewControlId, Subject } from '../../evidence-schemas';
import { APPROVED_REVIEW_FACET } from './chain';
import { reviewSubject } from './normalize/internal/attestation';
import { subjectKey } from './observation';
import type { PostureState } from './posture';

/** Days between required reviews, per review control. */
export interface ReviewCadence {
  accessReviewDays: number;
  logReviewDays: number;
}

/** What reviews.ts needs of a head. */
export interface ReviewHeadView {
  posture: Record<string, PostureState>;
  facets: Record<string, { observedAt: string }>;
}

export interface ReviewStatus {
  accountId: string;
  controlId: ReviewControlId;
  subject: Subject;
  subjectKey: string;
  cadenceDays: number;
  /** the latest approved review, if any */
  lastApprovedAt?: string;
  /** when the next approved review is due; absent when there never was one (due at once) */
  dueAt?: string;
  overdue: boolean;
  /** the review control's current verdict on its chain, if any */
  current?: { status: PostureState['status']; reason: string; observedAt: string; evidenceId: string };
}

const DAY_MS = 86_400_000;

export const REVIEW_CONTROLS: readonly ReviewControlId[] = ['access-review', 'log-review'];

export function cadenceDaysOf(controlId: ReviewControlId, cadence: ReviewCadence): number {
  return controlId === 'access-review' ? cadence.accessReviewDays : cadence.logReviewDays;
}

/**
 * Review status per account and review control. Overdue = no approved review within the cadence as
 * of `now` (a review due exactly at `now` is not yet overdue).
 */
export function reviewStatuses(
  accounts: Iterable<string>,
  heads: ReadonlyMap<string, ReviewHeadView>,
  now: Date,
  cadence: ReviewCadence,
): ReviewStatus[] {
  const out: ReviewStatus[] = [];
  for (const accountId of [...new Set(accounts)].sort()) {
    for (const controlId of REVIEW_CONTROLS) {
      const subject = reviewSubject(accountId, controlId);
      const key = subjectKey(subject);
      const head = heads.get(key);
      const cadenceDays = cadenceDaysOf(controlId, cadence);
      const lastApprovedAt = head?.facets[APPROVED_REVIEW_FACET]?.observedAt;
      const dueAt =
        lastApprovedAt === undefined
          ? undefined
          : new Date(Date.parse(lastApprovedAt) + cadenceDays * DAY_MS).toISOString();
      const p = head?.posture[controlId];
      out.push({
        accountId,
        controlId,
        subject,
        subjectKey: key,
        cadenceDays,
        ...(lastApprovedAt ? { lastApprovedAt } : {}),
        ...(dueAt ? { dueAt } : {}),
        overdue: dueAt === undefined || Date.parse(dueAt) < now.getTime(),
        ...(p
          ? {
              current: {
                status: p.status,
                reason: p.reason,
                observedAt: p.observedAt,
                evidenceId: p.evidenceId,
              },
            }
          : {}),
      });
    }
  }
  return out;
}

/**
 * The review-due notice to record for an overdue review, or undefined when none is needed: the review
 * is not overdue, or its chain already shows NON_COMPLIANT (already announced, or changes required).
 * Its time is the moment it fell due (or the start of `now`'s day when there never was a review) and
 * its id derives from the control and that due date, so re-checking adds nothing.
 */
export function reviewDueNotice(
  r: ReviewStatus,
  now: Date,
): { eventId: string; observedAt: string; dueAt: string } | undefined {
  if (!r.overdue || r.current?.status === 'NON_COMPLIANT') return undefined;
  const dueAt = r.dueAt ?? `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
  return {
    eventId: `review-due:${r.accountId}:${r.controlId}:${dueAt.slice(0, 10)}`,
    observedAt: dueAt,
    dueAt,
  };
}
