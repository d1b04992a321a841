/**
 * Human sign-offs as evidence: an 'Evidence Attestation' internal event becomes an observation of a
 * synthetic subject chosen so every lookup is one key, never a scan:
 * - one chain per account per review kind (HIPAA::Review::AccessReview, HIPAA::Review::LogReview),
 *   which also holds the pipeline's review-due notices, so the review control's posture lives there;
 * - one chain per account per addressable specification (HIPAA::Decision::<citation>);
 * - one chain per (control, excepted subject) for exceptions (HIPAA::Exception::<control>), because a
 *   head keeps only the latest verdict per control.
 */
import {
  type Actor,
  type AttestationDetail,
  AttestationDetailSchema,
  type InternalEventEnvelope,
  type Subject,
} from '../../../../evidence-schemas';
import { subjectKey } from '../../observation';
import { describeIssues, type ParseOutcome } from '../outcome';

/** Resource type of an account's access-review chain. */
export const ACCESS_REVIEW_TYPE = 'HIPAA::Review::AccessReview';
/** Resource type of an account's log-review chain. */
export const LOG_REVIEW_TYPE = 'HIPAA::Review::LogReview';
/** Resource type of the per-account access snapshot (who has access to what), recorded by the sweep. */
export const ACCESS_SNAPSHOT_TYPE = 'HIPAA::IAM::AccessSnapshot';
const EXCEPTION_TYPE_PREFIX = 'HIPAA::Exception::';
const DECISION_TYPE_PREFIX = 'HIPAA::Decision::';

const globalSubject = (accountId: string, resourceType: string, resourceId: string): Subject => ({
  accountId,
  region: 'global',
  resourceType,
  resourceId,
});

/** The chain of an account's access reviews (and access-review-due notices). */
export const accessReviewSubject = (accountId: string) =>
  globalSubject(accountId, ACCESS_REVIEW_TYPE, accountId);
/** The chain of an account's log reviews (and log-review-due notices). */
export const logReviewSubject = (accountId: string) => globalSubject(accountId, LOG_REVIEW_TYPE, accountId);
/** The review chain of a review control. */
export const reviewSubject = (accountId: string, controlId: 'access-review' | 'log-review') =>
  controlId === 'access-review' ? accessReviewSubject(accountId) : logReviewSubject(accountId);
/** The subject the sweep records an account's IAM access snapshot on. */
export const accessSnapshotSubject = (accountId: string) =>
  globalSubject(accountId, ACCESS_SNAPSHOT_TYPE, accountId);
/** The chain of exceptions to one control on one subject (by the excepted subject's key). */
export const exceptionSubject = (accountId: string, controlId: string, exceptedKey: string) =>
  globalSubject(accountId, `${EXCEPTION_TYPE_PREFIX}${controlId}`, exceptedKey);
/** The chain of an account's decisions on one addressable implementation specification. */
export const decisionSubject = (accountId: string, citation: string) =>
  globalSubject(accountId, `${DECISION_TYPE_PREFIX}${citation}`, accountId);

/** Subject key of the exception chain for a (control, excepted subject) pair. */
export function exceptionSubjectKey(accountId: string, controlId: string, exceptedKey: string): string {
  return subjectKey(exceptionSubject(accountId, controlId, exceptedKey));
}

function subjectOf(accountId: string, d: AttestationDetail): Subject {
  switch (d.kind) {
    case 'access-review':
      return accessReviewSubject(accountId);
    case 'log-review':
      return logReviewSubject(accountId);
    case 'review-due':
      return reviewSubject(accountId, d.controlId);
    case 'exception':
      return exceptionSubject(accountId, d.controlId, d.subjectKey);
    case 'decision':
      return decisionSubject(accountId, d.citation);
  }
}

/** The person who signed, as the record's actor; a review-due notice is the pipeline's own. */
function actorOf(d: AttestationDetail): Actor | undefined {
  const name =
    d.kind === 'access-review' || d.kind === 'log-review'
      ? d.reviewer
      : d.kind === 'exception'
        ? d.approver
        : d.kind === 'decision'
          ? d.decidedBy
          : undefined;
  return name ? { principalType: 'Person', userName: name } : undefined;
}

/** Normalizes one attestation event; its detail is validated by AttestationDetailSchema. */
export function parseAttestation(e: InternalEventEnvelope): ParseOutcome {
  const parsed = AttestationDetailSchema.safeParse(e.detail);
  if (!parsed.success)
    return { kind: 'invalid', reason: describeIssues('invalid attestation detail', parsed.error) };
  const d = parsed.data;
  if ((d.kind === 'access-review' || d.kind === 'log-review') && d.reviewedAt !== e.time)
    return {
      kind: 'invalid',
      reason: `attestation detail.reviewedAt ${d.reviewedAt} differs from time ${e.time}`,
    };
  const actor = actorOf(d);
  return {
    kind: 'observation',
    observation: {
      subject: subjectOf(e.account, d),
      source: { kind: 'attestation', eventId: e.id, eventTime: e.time, eventName: d.kind },
      ...(actor ? { actor } : {}),
      observedAt: e.time,
      facts: { type: 'attestation', ...d },
    },
  };
}
