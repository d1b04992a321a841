import type { EvidenceRecord, Subject } from '../../evidence-schemas';
import type { PostureEntry } from '../domain/posture';

/** The committed state of one subject's chain. */
export interface ChainHead {
  subjectKey: string;
  subject: Subject;
  sequence: number;
  recordHash: string;
  lastObservedAt: string;
  /** latest state hash and time per facet, for "unchanged" detection */
  facets: Record<string, { stateHash: string; observedAt: string }>;
  /** source event ids of the last commit: their markers and posture may still be in flight */
  lastBatch: string[];
}

export interface QuarantineItem {
  id: string;
  recordedAt: string;
  reason: string;
  origin: string;
  index: number;
  raw: string;
}

export interface StoredQuarantineItem extends QuarantineItem {
  rawSha256: string;
  truncated: boolean;
}

/** One stored record document, as it is in the store (not yet trusted). */
export interface StoredRecordDoc {
  subjectKey: string;
  key: string;
  doc: unknown;
}

/**
 * Where evidence lives. One adapter (DynamoDB, any endpoint) implements it for Lambda, the CLI and the
 * embedded store alike.
 */
export interface EvidenceStore {
  getHeads(subjectKeys: string[]): Promise<Map<string, ChainHead>>;
  /** which of these (subjectKey, sourceEventId) pairs already have a committed record */
  findSourceEvents(pairs: { subjectKey: string; eventId: string }[]): Promise<Set<string>>;
  /** writes records under content-addressed keys (never overwrites another record) */
  putRecords(subjectKey: string, records: EvidenceRecord[]): Promise<void>;
  deleteRecords(subjectKey: string, records: EvidenceRecord[]): Promise<void>;
  /** moves the head; throws ChainConflictError when the head is no longer at `expectedSequence` */
  commitHead(next: ChainHead, expectedSequence: number | undefined): Promise<void>;
  /** applies each entry unless the stored posture is already newer (by orderKey) */
  applyPosture(entries: PostureEntry[]): Promise<void>;
  markSourceEvents(pairs: { subjectKey: string; eventId: string; evidenceId: string }[]): Promise<void>;
  quarantine(items: QuarantineItem[]): Promise<void>;

  listHeads(): AsyncIterable<ChainHead>;
  listPosture(): AsyncIterable<PostureEntry>;
  listChainDocs(subjectKey: string): Promise<StoredRecordDoc[]>;
  scanRecordDocs(): AsyncIterable<StoredRecordDoc>;
  listQuarantine(): AsyncIterable<StoredQuarantineItem>;
}

export function eventKey(subjectKey: string, eventId: string): string {
  return `${subjectKey}\u0000${eventId}`;
}
