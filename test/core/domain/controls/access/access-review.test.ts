import { control } from '../../../../../core/domain/controls/access/access-review';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'access review approved against a snapshot',
    observation: fromFacts({
      type: 'attestation',
      kind: 'access-review',
      reviewer: 'Dana',
      decision: 'approved',
      reviewedAt: '2026-10-01T00:00:00.000Z',
      snapshot: { evidenceId: `ev_${'0'.repeat(32)}`, observedAt: '2026-09-30T00:00:00.000Z' },
    }),
    status: 'COMPLIANT',
  },
  {
    name: 'access review overdue',
    observation: fromFacts({
      type: 'attestation',
      kind: 'review-due',
      controlId: 'access-review',
      dueAt: '2026-10-01T00:00:00.000Z',
      cadenceDays: 90,
    }),
    status: 'NON_COMPLIANT',
  },
]);
