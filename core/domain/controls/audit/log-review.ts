/**
 * `log-review`: audit logs and activity reports are reviewed periodically. A human sign-off: judged
 * from log-review attestations (evidence-schemas/attestation.ts) and overdue notices
 * (core/domain/reviews.ts), not from AWS.
 *
 * Test: test/core/domain/controls/audit/log-review.test.ts
 * Fixtures: none on disk; the test builds its attestations with test/fixtures/builders.ts
 */
import { compliant, nonCompliant } from '../../verdict';
import type { Control, Evaluator } from '../control';
import { day, reviewDueNotice } from '../evaluator-kit';

/** An approved review of audit logs and activity reports. */
export const logReview: Evaluator = (facts) => {
  if (facts.type !== 'attestation') return undefined;
  if (facts.kind === 'review-due' && facts.controlId === 'log-review')
    return reviewDueNotice(facts, 'log review');
  if (facts.kind !== 'log-review') return undefined;
  const scope = facts.scope ? ` of ${facts.scope}` : '';
  const note = facts.note ? `: ${facts.note}` : '';
  return facts.decision === 'approved'
    ? compliant(`log review${scope} by ${facts.reviewer} approved on ${day(facts.reviewedAt)}${note}`)
    : nonCompliant(
        `log review${scope} by ${facts.reviewer} on ${day(facts.reviewedAt)} requires changes${note}`,
      );
};

/** `log-review` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'log-review',
  title: 'Audit logs and activity reports are reviewed periodically',
  family: 'audit',
  citations: ['164.308(a)(1)(ii)(D)', '164.312(b)'],
  configRules: [],
  cloudTrailEvents: [],
  resourceTypes: [],
  sweepCalls: [],
  remediation: 'Review the audit logs and activity reports and record it: evidence attest log-review.',
  evaluate: logReview,
};
