import type { EvidenceRecord } from '../../../evidence-schemas';
import { integrityProblems, parseStoredRecord, type RecordProblem } from '../chain';
import { canonicalFromMembers, canonicalJson, sha256Hex } from '../hashing';

/** Members of a record that its content hash leaves out. */
const OUTSIDE_CONTENT = new Set(['evidenceId', 'recordedAt', 'integrity']);

/**
 * `checkRecord` (core/domain/chain.ts) that also returns the record's RFC 8785 text. The canonical
 * text of each member is computed once and shared by the content hash and the whole record, which
 * halves the canonicalisation an export pays per record. A test holds it to `checkRecord`'s verdicts.
 */
export function checkRecordCanonical(doc: unknown): {
  record?: EvidenceRecord;
  problems: RecordProblem[];
  canonical?: string;
} {
  const parsed = parseStoredRecord(doc);
  if ('problems' in parsed) return parsed;
  const r = parsed.record;
  const members: Record<string, string> = {};
  const body: Record<string, string> = {};
  for (const [name, value] of Object.entries(r)) {
    if (value === undefined) continue;
    const text = canonicalJson(value);
    members[name] = text;
    if (!OUTSIDE_CONTENT.has(name)) body[name] = text;
  }
  const problems = integrityProblems(r, sha256Hex(canonicalFromMembers(body)));
  return { record: r, problems, canonical: canonicalFromMembers(members) };
}
