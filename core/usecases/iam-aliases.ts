/**
 * The read side of IAM identity resolution (core/domain/iam-identity.ts): which stored subjects are IAM
 * identities known by their unique id alone, and, from the aliases stored since, the canonical subject
 * each folds into. Status and the binder call it, so records stored before their alias was known are
 * shown under the identity's name like the rest.
 */

import type { EvidenceRecord, Subject } from '../../evidence-schemas';
import { type AliasResolution, aliasResolutions, type IamAlias, unresolvedIds } from '../domain/iam-identity';

/** Looks aliases up by (account, unique id): `EvidenceStore.getIamAliases` or `EvidenceReader.iamAliases`. */
export type AliasLookup = (ids: { accountId: string; uniqueId: string }[]) => Promise<IamAlias[]>;

/** Per stored subject key, the canonical subject of each unresolved IAM identity whose alias is stored. */
export async function resolveStoredSubjects(
  lookup: AliasLookup,
  subjects: readonly { subjectKey: string; subject: Subject }[],
): Promise<Map<string, AliasResolution>> {
  const ids = unresolvedIds(subjects.map((s) => s.subject));
  if (ids.length === 0) return new Map();
  return aliasResolutions(subjects, await lookup(ids));
}

/**
 * Records with every IAM identity stored under its unique id alone moved under the identity's name
 * (the record itself unchanged but for its subject), so a timeline replays one person's evidence as one
 * chain of verdicts whichever id each source used.
 */
export async function withResolvedSubjects(
  lookup: AliasLookup,
  records: readonly { record: EvidenceRecord; subjectKey: string }[],
): Promise<{ record: EvidenceRecord; subjectKey: string }[]> {
  const resolutions = await resolveStoredSubjects(
    lookup,
    records.map((r) => ({ subjectKey: r.subjectKey, subject: r.record.subject })),
  );
  if (resolutions.size === 0) return [...records];
  return records.map((r) => {
    const to = resolutions.get(r.subjectKey);
    return to ? { subjectKey: to.subjectKey, record: { ...r.record, subject: to.subject } } : r;
  });
}
