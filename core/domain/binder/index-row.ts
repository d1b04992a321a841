/** One line of the evidence index (PDF and index.html): enough to find and check a record. */
export interface IndexRow {
  observedAt: string;
  evidenceId: string;
  /** the source kind, and the API call or Config rule when there is one */
  source: string;
  sequence: number;
  recordHash: string;
  /** the subject's ARN, or account/region/type/id */
  subjectKey: string;
  /** the record's file in the binder */
  path: string;
}
