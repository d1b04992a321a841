import type { TreeHead } from '../../evidence-schemas';
import type { LogEntry } from '../domain/tree-head';

/** A stored tree head as read back, before it is parsed. */
export interface StoredTreeHeadDoc {
  sequence: number;
  doc: unknown;
}

/** The evidence log as the store keeps it: its entries by stamp time, and its signed tree heads. */
export interface TreeHeadStore {
  /**
   * every log entry (record or quarantined input) stamped at or after `from` and before `to`, in log
   * order (compareEntries: stamp time, then leaf input), read a page at a time
   */
  logEntries(from: string | undefined, to: string): AsyncIterable<LogEntry>;
  /** stores a head unless one with its sequence exists; false when one does (nothing is replaced) */
  putTreeHead(head: TreeHead): Promise<boolean>;
  /** the stored head with the highest sequence, unparsed; undefined when there is none */
  lastTreeHeadDoc(): Promise<StoredTreeHeadDoc | undefined>;
  /** the stored head of `sequence`, unparsed */
  treeHeadDoc(sequence: number): Promise<StoredTreeHeadDoc | undefined>;
  /** every stored head, in sequence order, unparsed */
  listTreeHeadDocs(): AsyncIterable<StoredTreeHeadDoc>;
}
