/**
 * Evaluators for human sign-off evidence. Reviews are judged like any other control (approved ->
 * COMPLIANT, changes required or overdue -> NON_COMPLIANT). Exceptions, decisions on addressable
 * specifications and uploaded documents are recorded against the control or citation they concern but
 * never move posture: an exception changes how a verdict is shown (EXCEPTED until expiry), not the
 * verdict itself.
 */
import type { ControlAssessment } from '../../evidence-schemas';
import type { Facts } from './observation';
import { compliant, nonCompliant, type Verdict } from './verdict';

type Evaluator = (facts: Facts) => Verdict | undefined;

const day = (iso: string) => iso.slice(0, 10);

function dueNotice(facts: Extract<Facts, { type: 'attestation' }>, label: string): Verdict {
  if (facts.kind !== 'review-due') throw new TypeError('not a review-due notice');
  const last = facts.lastApprovedAt
    ? `last approved ${day(facts.lastApprovedAt)}`
    : 'no approved review on record';
  return nonCompliant(
    `${label} overdue since ${day(facts.dueAt)}: ${last} (required every ${facts.cadenceDays} days)`,
  );
}

/** access-review: an approved review of who has access, against the sweep's access snapshot. */
export const accessReview: Evaluator = (facts) => {
  if (facts.type !== 'attestation') return undefined;
  if (facts.kind === 'review-due' && facts.controlId === 'access-review')
    return dueNotice(facts, 'access review');
  if (facts.kind !== 'access-review') return undefined;
  const against = facts.snapshot
    ? `against snapshot ${facts.snapshot.evidenceId}`
    : 'with no access snapshot on record';
  const note = facts.note ? `: ${facts.note}` : '';
  return facts.decision === 'approved'
    ? compliant(`access review by ${facts.reviewer} approved on ${day(facts.reviewedAt)} ${against}${note}`)
    : nonCompliant(
        `access review by ${facts.reviewer} on ${day(facts.reviewedAt)} requires changes ${against}${note}`,
      );
};

/** log-review: an approved review of audit logs and activity reports. */
export const logReview: Evaluator = (facts) => {
  if (facts.type !== 'attestation') return undefined;
  if (facts.kind === 'review-due' && facts.controlId === 'log-review') return dueNotice(facts, 'log review');
  if (facts.kind !== 'log-review') return undefined;
  const scope = facts.scope ? ` of ${facts.scope}` : '';
  const note = facts.note ? `: ${facts.note}` : '';
  return facts.decision === 'approved'
    ? compliant(`log review${scope} by ${facts.reviewer} approved on ${day(facts.reviewedAt)}${note}`)
    : nonCompliant(
        `log review${scope} by ${facts.reviewer} on ${day(facts.reviewedAt)} requires changes${note}`,
      );
};

/**
 * The record-only assessment of an exception, a decision or an upload: it names what it concerns
 * (control and citations) and never moves posture. Undefined for other facts.
 */
export function recordOnlyAssessment(
  facts: Facts,
  control: (id: string) => { citations: string[] } | undefined,
  citationsOf: (ids: string[]) => ControlAssessment['citations'],
): ControlAssessment | undefined {
  const record = (controlId: string, citations: string[], reason: string): ControlAssessment => ({
    controlId,
    citations: citationsOf(citations),
    status: 'NOT_APPLICABLE',
    reason,
    affectsPosture: false,
  });
  if (facts.type === 'attestation' && facts.kind === 'exception') {
    return record(
      facts.controlId,
      control(facts.controlId)?.citations ?? [],
      `exception approved by ${facts.approver} until ${facts.expiresAt}: ${facts.reason}`,
    );
  }
  if (facts.type === 'attestation' && facts.kind === 'decision') {
    return {
      ...record(
        `decision:${facts.citation}`,
        [],
        `addressable specification ${facts.citation}: ${facts.decision}: ${facts.reason}`,
      ),
      citations: [{ citation: facts.citation, requirement: 'addressable' }],
    };
  }
  if (facts.type === 'manual-upload') {
    const c = control(facts.target);
    return record(
      c ? facts.target : `manual:${facts.target}`,
      c ? c.citations : [facts.target],
      `document ${facts.fileName} (${facts.bytes} bytes, sha256 ${facts.sha256})${facts.title ? `: ${facts.title}` : ''}`,
    );
  }
  return undefined;
}
