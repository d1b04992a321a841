/**
 * What a documented decision on an addressable implementation specification (45 CFR 164.306(d)(3))
 * says about that specification, in one place: the record's verdict is made from it when the decision
 * is recorded, and the binder reads it again from the decision itself, so records written before the
 * verdict was made truthful (every decision stored as NOT_APPLICABLE) read the same as new ones.
 */
import type { AttestationDetail, VerdictStatus } from '../../evidence-schemas';

/** The three outcomes 164.306(d)(3) allows. */
export type SpecDecision = Extract<AttestationDetail, { kind: 'decision' }>['decision'];

/**
 * The status a decision gives its specification: implemented, or met by an equivalent alternative
 * measure, is COMPLIANT (the specification is met by the stated means); a specification documented as
 * not reasonable and appropriate is NOT_APPLICABLE.
 */
export function decisionStatus(decision: SpecDecision): VerdictStatus {
  return decision === 'not-reasonable' ? 'NOT_APPLICABLE' : 'COMPLIANT';
}

/** The decision in words an investigator reads, e.g. "met by an equivalent alternative measure". */
export function decisionWords(decision: SpecDecision): string {
  switch (decision) {
    case 'implemented':
      return 'implemented as specified';
    case 'alternative':
      return 'met by an equivalent alternative measure';
    case 'not-reasonable':
      return 'not reasonable and appropriate (reason documented)';
  }
}
