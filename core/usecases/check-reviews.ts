/**
 * Review cadence check: for every account, whether its access and log reviews are overdue, and for each
 * newly overdue one a 'review-due' attestation (NON_COMPLIANT on the review control) through ingest(),
 * so the ordinary transitions machinery announces it as drift. Idempotent: the notice's id derives
 * from the control and its due date, and nothing is recorded while the review chain already shows
 * NON_COMPLIANT. The status command, the demo and the scheduled sweep call it.
 */
import type { AttestationDetail, Transition } from '../../evidence-schemas';
import { reviewSubject } from '../domain/normalize/internal/attestation';
import { subjectKey } from '../domain/observation';
import { type ReviewStatus, reviewDueNotice, reviewStatuses } from '../domain/reviews';
import type { EvidenceStore } from '../ports/evidence-store';
import { accountsInStore, recordAttestation } from './attest';
import type { EvidenceConfig } from './config';

export interface CheckReviewsOptions {
  now: Date;
  config: EvidenceConfig;
  /** the accounts to check (default: every account the store holds evidence of) */
  accounts?: string[];
}

export interface CheckReviewsResult {
  reviews: ReviewStatus[];
  /** review-due notices recorded by this check */
  recorded: number;
  transitions: Transition[];
}

/** Review status per account as of `now`, read from the review chains' heads only. */
export async function readReviewStatuses(
  store: EvidenceStore,
  options: CheckReviewsOptions,
): Promise<ReviewStatus[]> {
  const accounts = options.accounts ?? (await accountsInStore(store));
  const keys = accounts.flatMap((a) => [
    subjectKey(reviewSubject(a, 'access-review')),
    subjectKey(reviewSubject(a, 'log-review')),
  ]);
  const heads = keys.length > 0 ? await store.getHeads(keys) : new Map();
  return reviewStatuses(accounts, heads, options.now, options.config.reviews);
}

/** Checks the review cadence and records a review-due notice for each newly overdue review. */
export async function checkReviews(
  store: EvidenceStore,
  options: CheckReviewsOptions,
): Promise<CheckReviewsResult> {
  const accounts = options.accounts ?? (await accountsInStore(store));
  const scoped = { ...options, accounts };
  let reviews = await readReviewStatuses(store, scoped);
  let recorded = 0;
  const transitions: Transition[] = [];
  for (const r of reviews) {
    const notice = reviewDueNotice(r, options.now);
    if (!notice) continue;
    const detail: AttestationDetail = {
      kind: 'review-due',
      controlId: r.controlId,
      dueAt: notice.dueAt,
      cadenceDays: r.cadenceDays,
      ...(r.lastApprovedAt ? { lastApprovedAt: r.lastApprovedAt } : {}),
    };
    const out = await recordAttestation(
      { store, config: options.config, now: () => options.now },
      r.accountId,
      r.subjectKey,
      notice.eventId,
      notice.observedAt,
      detail,
    );
    if (out.status === 'stored') recorded++;
    transitions.push(...out.transitions);
  }
  if (recorded > 0) reviews = await readReviewStatuses(store, scoped);
  return { reviews, recorded, transitions };
}
