/**
 * Where signed tree heads and daily checkpoints are kept beyond the reach of the evidence table's
 * writers: deployed, an S3 bucket under Object Lock (COMPLIANCE); locally, a directory outside the data
 * directory. Write-once: an anchor, once written, is never replaced.
 */
export interface AnchorStore {
  /** a human-readable location, for messages (a path or an s3:// URL) */
  readonly location: string;
  /**
   * Writes `body` under `name` unless something is there already. `written` when this call wrote it,
   * `same` when identical bytes were there, `different` when other bytes were (never overwritten).
   */
  putOnce(name: string, body: string): Promise<'written' | 'same' | 'different'>;
  /** the anchor's body, or undefined when there is none */
  get(name: string): Promise<string | undefined>;
  /**
   * The names under `prefix` (a folder, ending in `/`), in ascending order; with `startAfter`, only
   * the names after it (a signer reads the newest anchors without listing six years of them).
   */
  list(prefix: string, startAfter?: string): Promise<string[]>;
}

/** Names of anchors: zero-padded so that name order is sequence and day order. */
export const ANCHOR_NAMES = {
  treeHead: (sequence: number) => `tree-heads/${String(sequence).padStart(12, '0')}.json`,
  treeHeadPrefix: 'tree-heads/',
  checkpoint: (day: string) => `checkpoints/${day}.json`,
  checkpointPrefix: 'checkpoints/',
} as const;
