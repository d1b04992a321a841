/**
 * The committed state of a subject's chain and the source-event bookkeeping around a commit: what the
 * commit planner (commit-plan.ts) computes and the evidence store persists. Pure data.
 */
import type { NotableEntry, Subject } from '../../evidence-schemas';
import type { PostureState } from './posture';
import type { Transition } from './transitions';

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
   * notable activity in the last commit's records (core/domain/notable.ts): the drift function reads
   * it from the stream as it reads transitions, and announces each entry once
   */
  notable?: NotableEntry[];
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

/** A source event of one subject, with the event's own time (markers are filed by its day). */
export interface SourceEventRef {
  subjectKey: string;
  eventId: string;
  observedAt: string;
}

/** The source events one commit (ending at `sequence`, with the head's tip `tip`) stored for one subject. */
export interface SourceEventMarker {
  subjectKey: string;
  sequence: number;
  /** the record hash the commit's head pointed at: which commit of that sequence it was */
  tip: string;
  events: SourceEventRef[];
}

/** The key of one source event of one subject, as `EvidenceStore.findSourceEvents` returns them. */
export function eventKey(subjectKey: string, eventId: string): string {
  return `${subjectKey}\u0000${eventId}`;
}
