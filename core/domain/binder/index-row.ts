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

/** What the evidence index is ordered by: the observation time, then the evidence id. */
export interface IndexOrderKey {
  /** observedAt in milliseconds since the epoch */
  at: number;
  evidenceId: string;
}

/** The order key of a row. */
export function indexOrderKey(row: Pick<IndexRow, 'observedAt' | 'evidenceId'>): IndexOrderKey {
  return { at: Date.parse(row.observedAt), evidenceId: row.evidenceId };
}

/**
 * The evidence index's order, as its heading states it: by observation time (compared as instants,
 * not as text), records observed at the same instant by evidence id, so the order is total and the
 * same on every export.
 */
export function compareIndexKeys(a: IndexOrderKey, b: IndexOrderKey): number {
  if (a.at !== b.at) return a.at - b.at;
  return a.evidenceId < b.evidenceId ? -1 : a.evidenceId > b.evidenceId ? 1 : 0;
}
