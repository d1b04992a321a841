/**
 * Normalizer for 'Evidence Coverage Check' internal events: one control's coverage state in one account
 * and region becomes an observation of the subject HIPAA::Coverage::Control/<controlId> there.
 */
import { CoverageCheckDetailSchema, type InternalEventEnvelope } from '../../../../evidence-schemas';
import { controlById } from '../../catalog';
import { COVERAGE_CONTROL_TYPE, type CoverageFacts } from '../../coverage-facts';
import { describeIssues, type ParseOutcome } from '../outcome';
import { makeSubject } from '../subject';

/** Normalizes one coverage-check event; its detail is validated by CoverageCheckDetailSchema. */
export function parseCoverageEvent(e: InternalEventEnvelope): ParseOutcome {
  const parsed = CoverageCheckDetailSchema.safeParse(e.detail);
  if (!parsed.success)
    return {
      kind: 'invalid',
      reason: describeIssues('invalid Evidence Coverage Check detail', parsed.error),
    };
  const d = parsed.data;
  if (!controlById(d.controlId))
    return {
      kind: 'invalid',
      reason: `invalid Evidence Coverage Check detail: controlId: unknown control "${d.controlId.slice(0, 80)}"`,
    };
  const { accountId, region, ...rest } = d;
  const facts: CoverageFacts = { type: 'coverage', ...rest };
  return {
    kind: 'observation',
    observation: {
      subject: makeSubject(accountId, region, COVERAGE_CONTROL_TYPE, d.controlId),
      source: { kind: 'coverage-check', eventId: e.id, eventTime: e.time },
      observedAt: e.time,
      facts,
    },
  };
}
