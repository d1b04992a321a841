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
  /** posture transitions made by the last commit (the drift function reads them from the stream) */
  transitions?: Transition[];
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
