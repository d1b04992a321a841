/**
 * Evidence records and the per-subject hash chain. Pure functions: the store only persists what these
 * compute. `checkRecord` re-derives a record's own hashes from its content; `verifyChain` follows the
 * links between records. A verifier runs both.
 *
 * contentHash = SHA-256(JCS(record without evidenceId, recordedAt, integrity)); evidenceId = "ev_" +
 * its first 32 hex digits, so the id is bound to the content too.
 * recordHash  = SHA-256(JCS({contentHash, sequence, previousHash, recordedAt})).
 */
import {
  type ControlAssessment,
  EVIDENCE_SCHEMA_VERSION,
  type EvidenceContent,
  type EvidenceRecord,
  EvidenceRecordSchema,
  GENESIS_HASH,
} from '../../evidence-schemas';
import { canonicalFromMembers, canonicalJson, hashCanonical, sha256Hex } from './hashing';
import type { Observation } from './observation';
import type { SweepFacts } from './sweep-facts';

export { GENESIS_HASH };

export interface PreparedRecord {
  content: EvidenceContent;
  contentHash: string;
  /** hash of the state the record shows (not its time or source); equal state = "unchanged" */
  stateHash: string;
  /** what kind of state this is: one facet per source of truth about a subject */
  facet: string;
}

type ContentBody = Omit<EvidenceContent, 'evidenceId'>;

export function contentHashOf(body: ContentBody): string {
  return hashCanonical(body);
}

function facetOf(obs: Observation): string {
  const f = obs.facts;
  switch (f.type) {
    case 'config-rule-evaluation':
      return `rule:${f.ruleName}`;
    case 'configuration':
    case 'configuration-summary':
      return 'configuration';
    case 'coverage':
      // one coverage state per subject: a re-check of the same state is "unchanged"
      return 'coverage';
    case 'iam-user':
    case 'iam-root':
    case 'access-snapshot':
    case 'config-recorder-status':
    case 'collection':
      return sweepFacet(f);
    case 'attestation':
      return attestationFacet(f) ?? `event:${obs.source.eventId}`;
    default:
      // every call or sign-in is its own event: never "unchanged"
      return `event:${obs.source.eventId}`;
  }
}

/** The facet of the state only the sweep observes: one per kind (a subject has one of each). */
function sweepFacet(f: SweepFacts): string {
  return f.type === 'collection' ? `collection:${f.api}` : f.type;
}

/**
 * The facts that define a subject's state, for the state hash. A rule evaluation's previous verdict
 * is the event's history, not the state: a Config event carries it, the sweep does not, and the same
 * verdict seen both ways must be "unchanged". A sweep fact's `context` (the day, last-use days, error
 * messages) is kept in the record but is not state either.
 */
export function stateFacts(facts: Observation['facts']): unknown {
  if (facts.type === 'config-rule-evaluation') {
    const { previousComplianceType: _previous, ...state } = facts;
    return state;
  }
  if ('context' in facts) {
    const { context: _context, ...state } = facts;
    return state;
  }
  return facts;
}

/**
 * A review's facet names its decision, so the head's `review:approved` facet keeps the time of the
 * latest approved review: the review cadence is computed from heads alone. Every review is still its
 * own record (its facts hold its time, so no two reviews have the same state).
 */
export const APPROVED_REVIEW_FACET = 'review:approved';
function attestationFacet(f: Extract<Observation['facts'], { type: 'attestation' }>): string | undefined {
  if (f.kind === 'access-review' || f.kind === 'log-review') return `review:${f.decision}`;
  return undefined;
}

/** Builds the content of a record and its hashes. Pure and deterministic. */
export function prepareRecord(obs: Observation, controls: ControlAssessment[]): PreparedRecord {
  const body: ContentBody = {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    subject: obs.subject,
    source: obs.source,
    ...(obs.actor ? { actor: obs.actor } : {}),
    controls,
    observedAt: obs.observedAt,
    snapshot: obs.facts,
  };
  // canonical texts of the members, each computed once and shared by the content and state hashes
  const parts = {
    subject: canonicalJson(body.subject),
    controls: canonicalJson(controls),
    snapshot: canonicalJson(obs.facts),
  };
  const contentHash = sha256Hex(
    canonicalFromMembers({
      schemaVersion: canonicalJson(body.schemaVersion),
      subject: parts.subject,
      source: canonicalJson(body.source),
      actor: body.actor ? canonicalJson(body.actor) : undefined,
      controls: parts.controls,
      observedAt: canonicalJson(body.observedAt),
      snapshot: parts.snapshot,
    }),
  );
  const content: EvidenceContent = { ...body, evidenceId: `ev_${contentHash.slice(0, 32)}` };
  const facet = facetOf(obs);
  // an event facet is never compared (every call is its own evidence), so it needs no state hash
  const state = stateFacts(obs.facts);
  const stateHash = facet.startsWith('event:')
    ? contentHash
    : sha256Hex(
        canonicalFromMembers({
          facet: canonicalJson(facet),
          ...parts,
          snapshot: state === obs.facts ? parts.snapshot : canonicalJson(state),
        }),
      );
  return { content, contentHash, stateHash, facet };
}

export function recordHashOf(
  contentHash: string,
  sequence: number,
  previousHash: string,
  recordedAt: string,
): string {
  return hashCanonical({ contentHash, sequence, previousHash, recordedAt });
}

/** Links prepared content into the chain after `previous` (undefined for the first record). */
export function linkRecord(
  prepared: PreparedRecord,
  previous: { sequence: number; recordHash: string } | undefined,
  recordedAt: string,
): EvidenceRecord {
  const sequence = (previous?.sequence ?? 0) + 1;
  const previousHash = previous?.recordHash ?? GENESIS_HASH;
  return {
    ...prepared.content,
    recordedAt,
    integrity: {
      algorithm: 'SHA-256',
      canonicalization: 'RFC8785',
      contentHash: prepared.contentHash,
      sequence,
      previousHash,
      recordHash: recordHashOf(prepared.contentHash, sequence, previousHash, recordedAt),
    },
  };
}

export interface RecordProblem {
  evidenceId?: string;
  sequence?: number;
  problem: string;
}

/** Parses a stored document as an evidence record, or says why it is not one. */
export function parseStoredRecord(doc: unknown): { record: EvidenceRecord } | { problems: RecordProblem[] } {
  const parsed = EvidenceRecordSchema.safeParse(doc);
  if (parsed.success) return { record: parsed.data };
  return {
    problems: [
      { problem: `record does not match the evidence schema: ${parsed.error.issues[0]?.message ?? ''}` },
    ],
  };
}

/** Re-derives a stored record's hashes from its own content; lists every mismatch. */
export function checkRecord(doc: unknown): { record?: EvidenceRecord; problems: RecordProblem[] } {
  const parsed = parseStoredRecord(doc);
  if ('problems' in parsed) return parsed;
  const r = parsed.record;
  const { evidenceId: _id, recordedAt: _at, integrity: _i, ...body } = r;
  return { record: r, problems: integrityProblems(r, contentHashOf(body)) };
}

/** Compares a record's stored id and hashes with its content hash, recomputed by the caller. */
export function integrityProblems(r: EvidenceRecord, contentHash: string): RecordProblem[] {
  const { integrity, evidenceId, recordedAt } = r;
  const at = { evidenceId, sequence: integrity.sequence };
  const problems: RecordProblem[] = [];
  if (contentHash !== integrity.contentHash)
    problems.push({ ...at, problem: 'content hash does not match the content' });
  if (evidenceId !== `ev_${contentHash.slice(0, 32)}`)
    problems.push({ ...at, problem: 'evidence id does not match the content' });
  const recordHash = recordHashOf(
    integrity.contentHash,
    integrity.sequence,
    integrity.previousHash,
    recordedAt,
  );
  if (recordHash !== integrity.recordHash) problems.push({ ...at, problem: 'record hash does not match' });
  return problems;
}

/**
 * Walks one subject's chain from its committed tip back to genesis. `records` may contain orphans
 * (records a writer prepared but lost the commit race for, or left by a crash before commit): they
 * are not on the path from the tip and are reported separately, not as breaks.
 */
export function verifyChain(
  records: EvidenceRecord[],
  tip: { sequence: number; recordHash: string },
): { path: EvidenceRecord[]; orphans: EvidenceRecord[]; problems: RecordProblem[] } {
  const byHash = new Map(records.map((r) => [r.integrity.recordHash, r]));
  const problems: RecordProblem[] = [];
  const path: EvidenceRecord[] = [];
  let expectedHash = tip.recordHash;
  for (let seq = tip.sequence; seq >= 1; seq--) {
    const r = byHash.get(expectedHash);
    if (!r) {
      problems.push({
        sequence: seq,
        problem: `record ${seq} (hash ${expectedHash.slice(0, 12)}…) is missing from the chain`,
      });
      break;
    }
    if (r.integrity.sequence !== seq) {
      problems.push({
        evidenceId: r.evidenceId,
        sequence: seq,
        problem: `record at position ${seq} claims sequence ${r.integrity.sequence}`,
      });
      break;
    }
    path.push(r);
    expectedHash = r.integrity.previousHash;
    if (seq === 1 && expectedHash !== GENESIS_HASH) {
      problems.push({
        evidenceId: r.evidenceId,
        sequence: 1,
        problem: 'first record does not start from the genesis hash',
      });
    }
  }
  path.reverse();
  const onPath = new Set(path.map((r) => r.integrity.recordHash));
  const orphans = records.filter((r) => !onPath.has(r.integrity.recordHash));
  return { path, orphans, problems };
}
