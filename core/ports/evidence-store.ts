import type { Checkpoint, EvidenceRecord, Subject } from '../../evidence-schemas';
import type { DayLeaf } from '../domain/checkpoint';
import type { PostureEntry, PostureState } from '../domain/posture';
import type { Transition } from '../domain/transitions';

/**
 * The committed state of one subject's chain. It is written with one conditional update per commit,
 * so the chain tip and the subject's posture always move together.
 */
export interface ChainHead {
  subjectKey: string;
  subject: Subject;
  sequence: number;
  recordHash: string;
  lastObservedAt: string;
  /** latest state hash and time per facet, for "unchanged" detection */
  facets: Record<string, { stateHash: string; observedAt: string }>;
  /** latest verdict per control (by event time): the authoritative posture of this subject */
  posture: Record<string, PostureState>;
  /** source event ids of the last commit: their markers may still be in flight */
  lastBatch: string[];
  /**
   * the days (YYYY-MM-DD, by event time) of the last commit's events, so the next commit can write that
   * commit's markers again: a crash between a commit and its markers must not let a later redelivery
   * store the same event twice once the head has moved on (absent on heads written before)
   */
  lastBatchDays?: string[];
  /** posture transitions made by the last commit (the drift function reads them from the stream) */
  transitions?: Transition[];
  /**
   * ePHI scope from the subject's latest configuration observation: in the inventory when its tags
   * matched a scope rule (only the matching key is kept), since when it has been in (or out of) scope.
   * Absent when no configuration of the subject was ever observed.
   */
  ephi?: HeadEphiScope;
}

/** A head's ePHI scope (see ChainHead.ephi). */
export interface HeadEphiScope {
  inScope: boolean;
  since: string;
  /** the event time of the configuration item that last decided the scope (absent on older heads) */
  decidedAt?: string;
  matchedTagKey?: string;
}

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

/** A source event of one subject, with the event's own time (markers are filed by its day). */
export interface SourceEventRef {
  subjectKey: string;
  eventId: string;
  observedAt: string;
}

/** The source events one commit (ending at `sequence`) stored for one subject. */
export interface SourceEventMarker {
  subjectKey: string;
  sequence: number;
  events: SourceEventRef[];
}

/** An entry of the posture-by-control index, stamped with the head sequence it was derived from. */
export interface PostureIndexEntry extends PostureEntry {
  headSequence: number;
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
  /** writes entries of the posture-by-control index (derived from heads; heads are authoritative) */
  putPostureIndex(entries: PostureIndexEntry[]): Promise<void>;
  /** records which source events a commit stored: one marker per (subject, event day, commit) */
  markSourceEvents(commits: SourceEventMarker[]): Promise<void>;
  quarantine(items: QuarantineItem[]): Promise<void>;
  /**
   * Records a redrive on a quarantined item: one more attempt, and either a new reason (still open) or
   * its resolution. Returns false, changing nothing, when the item is missing, already resolved or was
   * redriven by someone else since it was read.
   */
  updateQuarantine(update: QuarantineUpdate): Promise<boolean>;

  listHeads(): AsyncIterable<ChainHead>;
  /** the posture-by-control index: one control's shards, or all of it */
  listPostureIndex(controlId?: string): AsyncIterable<PostureIndexEntry>;
  listChainDocs(subjectKey: string): Promise<StoredRecordDoc[]>;
  scanRecordDocs(): AsyncIterable<StoredRecordDoc>;
  listQuarantine(): AsyncIterable<StoredQuarantineItem>;

  // --- daily checkpoints (integrity anchors) ---
  /** stores a day's checkpoint once: false when the day already has one (it is never replaced) */
  putCheckpoint(checkpoint: Checkpoint): Promise<boolean>;
  /** every stored checkpoint, in day order */
  listCheckpointDocs(): AsyncIterable<StoredCheckpointDoc>;
  /** the leaves of every record recorded on a UTC day (YYYY-MM-DD), in no particular order */
  recordLeavesOn(day: string): Promise<DayLeaf[]>;
  /** the UTC day of the earliest recordedAt of any stored record; undefined when there is none */
  firstRecordedDay(): Promise<string | undefined>;
}

export function eventKey(subjectKey: string, eventId: string): string {
  return `${subjectKey}\u0000${eventId}`;
}
