import { type EvidenceRecord, EvidenceRecordSchema } from '../../evidence-schemas';
import { type RecordProblem, recordHashOf } from '../domain/chain';
import { canonicalFromMembers, canonicalJson, sha256Hex } from '../domain/hashing';

/** Members of a record that its content hash leaves out. */
const OUTSIDE_CONTENT = new Set(['evidenceId', 'recordedAt', 'integrity']);

/**
 * `checkRecord` (lambdas/domain/chain.ts) that also returns the record's RFC 8785 text. The canonical
 * text of each member is computed once and shared by the content hash and the whole record, which
 * halves the canonicalisation an export pays per record. A test holds it to `checkRecord`'s verdicts.
 */
export function checkRecordCanonical(doc: unknown): {
  record?: EvidenceRecord;
  problems: RecordProblem[];
  canonical?: string;
} {
  const parsed = EvidenceRecordSchema.safeParse(doc);
  if (!parsed.success) {
    return {
      problems: [
        { problem: `record does not match the evidence schema: ${parsed.error.issues[0]?.message ?? ''}` },
      ],
    };
  }
  const r = parsed.data;
  const members: Record<string, string> = {};
  const body: Record<string, string> = {};
  for (const [name, value] of Object.entries(r)) {
    if (value === undefined) continue;
    const text = canonicalJson(value);
    members[name] = text;
    if (!OUTSIDE_CONTENT.has(name)) body[name] = text;
  }
  const contentHash = sha256Hex(canonicalFromMembers(body));
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
  return { record: r, problems, canonical: canonicalFromMembers(members) };
}
