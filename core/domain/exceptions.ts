/**
 * An exception (accepted risk) as status, the binder model and the binder's renderers all read it: one
 * shape for the fact an exception attestation records. Types only.
 */

/**
 * An exception to one control on one subject, as recorded: its NON_COMPLIANT verdict is an accepted
 * risk until the exception expires.
 */
export interface ExceptionView {
  /** the account whose exception chain holds it (the excepted subject's account) */
  accountId: string;
  controlId: string;
  /** the excepted subject */
  subjectKey: string;
  reason: string;
  approver: string;
  grantedAt: string;
  expiresAt: string;
  evidenceId: string;
}

/** Where an exception stands at a moment (a binder: the end of its period). */
export type ExceptionState = 'active' | 'expired';
