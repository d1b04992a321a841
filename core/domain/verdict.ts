import type { VerdictStatus } from '../../evidence-schemas';

/** What one evaluator concludes about one observation. */
export interface Verdict {
  status: VerdictStatus;
  reason: string;
  /** false when the evidence shows activity but not a state (defaults to true) */
  affectsPosture?: boolean;
}

export const compliant = (reason: string): Verdict => ({ status: 'COMPLIANT', reason });
export const nonCompliant = (reason: string): Verdict => ({ status: 'NON_COMPLIANT', reason });
export const notApplicable = (reason: string): Verdict => ({ status: 'NOT_APPLICABLE', reason });
/** Evidence of an action that does not by itself establish compliance either way. */
export const activity = (reason: string): Verdict => ({
  status: 'NOT_APPLICABLE',
  reason,
  affectsPosture: false,
});
