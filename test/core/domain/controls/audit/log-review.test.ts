import { control } from '../../../../../core/domain/controls/audit/log-review';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'log review approved',
    observation: fromFacts({
      type: 'attestation',
      kind: 'log-review',
      reviewer: 'Sam',
      decision: 'approved',
      reviewedAt: '2026-10-01T00:00:00.000Z',
    }),
    status: 'COMPLIANT',
  },
  {
    name: 'log review requires changes',
    observation: fromFacts({
      type: 'attestation',
      kind: 'log-review',
      reviewer: 'Sam',
      decision: 'changes-required',
      reviewedAt: '2026-10-01T00:00:00.000Z',
    }),
    status: 'NON_COMPLIANT',
  },
]);
