/**
 * Reads of human sign-off evidence, shared by attest, status and the binder. Every lookup is by
 * subject key (one head or one small chain), never a scan.
 */
import type { EvidenceRecord } from '../../evidence-schemas';
import { checkRecord } from '../domain/chain';
import type { ExceptionView } from '../domain/exceptions';
import { exceptionSubjectKey } from '../domain/normalize/internal/attestation';
import type { EvidenceStore } from '../ports/evidence-store';

/** The committed, self-verifying records of one chain, oldest first (empty when there is no chain). */
export async function committedChain(store: EvidenceStore, key: string): Promise<EvidenceRecord[]> {
  const head = (await store.getHeads([key])).get(key);
  if (!head) return [];
  const out: EvidenceRecord[] = [];
  for (const d of await store.listChainDocs(key)) {
    const { record, problems } = checkRecord(d.doc);
    // a record above the head's sequence was written by a writer that lost a race: not committed
    if (record && problems.length === 0 && record.integrity.sequence <= head.sequence) out.push(record);
  }
  return out.sort((a, b) => a.integrity.sequence - b.integrity.sequence);
}

/** The exceptions a record holds (none unless it is an exception attestation). */
export function exceptionOf(record: EvidenceRecord): ExceptionView | undefined {
  const s = record.snapshot;
  if (record.source.kind !== 'attestation' || s.type !== 'attestation' || s.kind !== 'exception')
    return undefined;
  const text = (k: string) => (typeof s[k] === 'string' ? s[k] : '');
  return {
    accountId: record.subject.accountId,
    controlId: text('controlId'),
    subjectKey: text('subjectKey'),
    reason: text('reason'),
    approver: text('approver'),
    grantedAt: record.observedAt,
    expiresAt: text('expiresAt'),
    evidenceId: record.evidenceId,
  };
}

/** Active at `now`: granted at or before it, and not yet expired (expiry itself ends it). */
export function isActive(e: ExceptionView, now: Date): boolean {
  const t = now.getTime();
  return Date.parse(e.grantedAt) <= t && t < Date.parse(e.expiresAt);
}

/**
 * The active exception (the latest granted) for each (control, subject) asked about, keyed
 * `controlId + NUL + subjectKey`. One batch of head reads, then one chain read per pair that has one.
 */
export async function activeExceptions(
  store: EvidenceStore,
  pairs: { accountId: string; controlId: string; subjectKey: string }[],
  now: Date,
): Promise<Map<string, ExceptionView>> {
  const out = new Map<string, ExceptionView>();
  if (pairs.length === 0) return out;
  const keyed = pairs.map((p) => ({
    ...p,
    key: exceptionSubjectKey(p.accountId, p.controlId, p.subjectKey),
  }));
  const heads = await store.getHeads(keyed.map((p) => p.key));
  for (const p of keyed) {
    if (!heads.has(p.key)) continue;
    const active = (await committedChain(store, p.key))
      .map(exceptionOf)
      .filter((e): e is ExceptionView => e !== undefined && isActive(e, now))
      .sort((a, b) => (a.grantedAt < b.grantedAt ? 1 : -1));
    if (active[0]) out.set(`${p.controlId}\u0000${p.subjectKey}`, active[0]);
  }
  return out;
}
