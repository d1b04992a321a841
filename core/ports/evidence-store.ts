import type { Checkpoint, EvidenceRecord } from '../../evidence-schemas';
import type { ChainHead, SourceEventMarker, SourceEventRef } from '../domain/chain-head';
import type { DayLeaf } from '../domain/checkpoint';
import type { IamAlias } from '../domain/iam-identity';

// the head and marker model lives in the domain (the commit planner computes it); re-exported here
// because every store caller speaks it
export * from '../domain/chain-head';

export interface QuarantineItem {
  id: string;
  recordedAt: string;
  reason: string;
  origin: string;
  index: number;
  raw: string;
}

/** open: still waiting for a fix; resolved: a redrive turned it into evidence (or a harmless outcome) */
export type QuarantineState = 'open' | 'resolved';

/** What a successful redrive of a quarantined input made of it (the ingest status of the input). */
export type RedriveOutcome = 'stored' | 'duplicate' | 'unchanged' | 'ignored';

export interface StoredQuarantineItem extends QuarantineItem {
  rawSha256: string;
  /** size of the input as it arrived, in bytes (`raw` holds less when `truncated`) */
  bytes: number;
  truncated: boolean;
  state: QuarantineState;
  /** redrives tried so far */
  attempts: number;
  lastAttemptAt?: string;
  /** the reason given when the input arrived, once a redrive has replaced `reason` */
  firstReason?: string;
  resolvedAt?: string;
  outcome?: RedriveOutcome;
  /** evidence records the resolving redrive appended */
  evidenceIds?: string[];
}

/**
 * A redrive's verdict on one quarantined item (found by its `id` and `recordedAt`). The item is updated
 * in place, never deleted: it is the evidence of what arrived.
 */
export type QuarantineUpdate = {
  id: string;
  recordedAt: string;
  /** the attempt count the item had when it was read; the update applies only if it still has it */
  expectedAttempts: number;
  attemptedAt: string;
} & (
  | { state: 'open'; reason: string }
  | { state: 'resolved'; outcome: RedriveOutcome; evidenceIds: string[] }
);

/** A source-event marker as stored: which commit (sequence, start of its tip) stored which events. */
export interface StoredMarker {
  sequence: number;
  /** the first 16 hex digits of the commit's tip; absent on markers written before 2026-12-07 */
  tip?: string;
  eventIds: string[];
}

/** One stored record document, as it is in the store (not yet trusted). */
export interface StoredRecordDoc {
  subjectKey: string;
  key: string;
  doc: unknown;
}

/** One stored checkpoint document, as it is in the store (not yet trusted). */
export interface StoredCheckpointDoc {
  day: string;
  doc: unknown;
}

/**
 * Where evidence lives. One adapter (DynamoDB, any endpoint) implements it for Lambda, the CLI and the
 * embedded store alike.
 */
export interface EvidenceStore {
  getHeads(subjectKeys: string[]): Promise<Map<string, ChainHead>>;
  /** which of these source events already have a committed record (as `eventKey` strings) */
  findSourceEvents(refs: SourceEventRef[]): Promise<Set<string>>;
  /** writes records under content-addressed keys (a record never overwrites another) */
  putRecords(records: { subjectKey: string; record: EvidenceRecord }[]): Promise<void>;
  deleteRecords(records: { subjectKey: string; record: EvidenceRecord }[]): Promise<void>;
  /** moves the head; throws ChainConflictError when the head is no longer at `expectedSequence` */
  commitHead(next: ChainHead, expectedSequence: number | undefined): Promise<void>;
  /** records which source events a commit stored: one marker per (subject, event day, commit) */
  markSourceEvents(commits: SourceEventMarker[]): Promise<void>;
  /** every marker of one subject: the source events each commit stored */
  listSourceEventMarkers(subjectKey: string): Promise<StoredMarker[]>;
  quarantine(items: QuarantineItem[]): Promise<void>;
  /**
   * Records a redrive on a quarantined item: one more attempt, and either a new reason (still open) or
   * its resolution. Returns false, changing nothing, when the item is missing, already resolved or was
   * redriven by someone else since it was read.
   */
  updateQuarantine(update: QuarantineUpdate): Promise<boolean>;

  /** the stored aliases of these IAM unique ids (see core/domain/iam-identity.ts) */
  getIamAliases(ids: { accountId: string; uniqueId: string }[]): Promise<IamAlias[]>;
  /** stores aliases learnt from sources that named an IAM identity by its unique id and its ARN */
  putIamAliases(aliases: IamAlias[], learntAt: string): Promise<void>;

  listHeads(): AsyncIterable<ChainHead>;
  listChainDocs(subjectKey: string): Promise<StoredRecordDoc[]>;
  scanRecordDocs(): AsyncIterable<StoredRecordDoc>;
  listQuarantine(): AsyncIterable<StoredQuarantineItem>;

  // --- daily checkpoints (integrity anchors) ---
  /** stores a day's checkpoint once: false when the day already has one (it is never replaced) */
  putCheckpoint(checkpoint: Checkpoint): Promise<boolean>;
  /** every stored checkpoint, in day order */
  listCheckpointDocs(): AsyncIterable<StoredCheckpointDoc>;
  /**
   * the leaves of every record recorded on a UTC day (YYYY-MM-DD), a page at a time, in no particular
   * order (a backfill day holds millions)
   */
  recordLeafBatches(day: string): AsyncIterable<DayLeaf[]>;
  /** the UTC day of the earliest recordedAt of any stored record; undefined when there is none */
  firstRecordedDay(): Promise<string | undefined>;
}
