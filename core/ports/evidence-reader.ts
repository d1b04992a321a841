import type { DayLeaf } from '../domain/checkpoint';
import type { IamAlias } from '../domain/iam-identity';
import type { ChainHead, StoredCheckpointDoc, StoredRecordDoc } from './evidence-store';

/** A stored record document found by observation time (not yet trusted: callers verify it). */
export interface PeriodRecordDoc {
  subjectKey: string;
  doc: unknown;
}

/**
 * Read side for exports: streams evidence of a period without scanning the table, and reads chain
 * heads and whole chains where a period's posture needs what happened before it.
 */
export interface EvidenceReader {
  /**
   * Every record observed in [fromIso, toIso] (both inclusive), day by day; within a day, one
   * subject's records come in observation order. Streams: never holds the period in memory.
   */
  recordsObservedBetween(fromIso: string, toIso: string): AsyncIterable<PeriodRecordDoc>;
  /** every chain head */
  heads(): AsyncIterable<ChainHead>;
  /** every record document stored under one subject (its chain, and any uncommitted records) */
  chainDocs(subjectKey: string): Promise<StoredRecordDoc[]>;
  /** the stored aliases of these IAM unique ids (an identity stored under its unique id is shown by name) */
  iamAliases(ids: { accountId: string; uniqueId: string }[]): Promise<IamAlias[]>;
  /** every stored daily checkpoint, in day order (the binder carries those of its period) */
  checkpointDocs(): AsyncIterable<StoredCheckpointDoc>;
  /**
   * the leaves of a day's tree, a batch at a time, in no particular order (the binder proves its
   * records against them); streams: a day can hold millions
   */
  recordLeafBatches(day: string): AsyncIterable<DayLeaf[]>;
}
