/**
 * `access-review`: who has access is reviewed and approved periodically. A human sign-off: judged from
 * access-review attestations (evidence-schemas/attestation.ts), each against the access snapshot the
 * sweep records, and from overdue notices (core/domain/reviews.ts). The sweep calls below read that
 * snapshot: who has access to what.
 *
 * Test: test/core/domain/controls/access/access-review.test.ts
 * Fixtures: none on disk; the test builds its attestations with test/fixtures/builders.ts
 */
import { compliant, nonCompliant } from '../../verdict';
import type { Control, Evaluator } from '../control';
import { day, reviewDueNotice } from '../evaluator-kit';

/** An approved review of who has access, against the sweep's access snapshot. */
export const accessReview: Evaluator = (facts) => {
  if (facts.type !== 'attestation') return undefined;
  if (facts.kind === 'review-due' && facts.controlId === 'access-review')
    return reviewDueNotice(facts, 'access review');
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

/** `access-review` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'access-review',
  title: 'Who has access is reviewed and approved periodically',
  family: 'access',
  citations: ['164.308(a)(3)(ii)(B)', '164.308(a)(4)(ii)(C)'],
  configRules: [],
  cloudTrailEvents: [],
  resourceTypes: [],
  sweepCalls: [
    { api: 'iam:ListAttachedUserPolicies', scope: 'users' },
    { api: 'iam:ListUserPolicies', scope: 'users' },
    { api: 'iam:ListGroupsForUser', scope: 'users' },
    { api: 'iam:ListRoles', scope: 'unscoped' },
    { api: 'iam:GetRole', scope: 'roles' },
    { api: 'iam:ListAttachedRolePolicies', scope: 'roles' },
    { api: 'iam:ListRolePolicies', scope: 'roles' },
  ],
  remediation: 'Review who has access in the account and record the approval: evidence attest access-review.',
  evaluate: accessReview,
};
