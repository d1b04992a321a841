import type { EvidenceRecord } from '../../evidence-schemas';
import { checkRecord, type RecordProblem, verifyChain } from '../domain/chain';
import { subjectKey } from '../domain/observation';
import { headPosture, type PostureEntry, postureFromRecords } from '../domain/posture';
import type { ChainHead, EvidenceStore } from '../ports/evidence-store';

export interface StoreProblem extends RecordProblem {
  subjectKey: string;
}

export interface VerifyStoreReport {
  ok: boolean;
  subjects: number;
  records: number;
  postureItems: number;
  problems: StoreProblem[];
  /** records outside every committed chain (a writer lost a commit race or stopped before committing) */
  orphans: { subjectKey: string; evidenceId: string; sequence: number }[];
}

/**
 * Re-hashes every record, walks every chain from its head back to genesis, and checks that every
 * posture item is what the chains say it should be.
 */
export async function verifyStore(store: EvidenceStore): Promise<VerifyStoreReport> {
  const problems: StoreProblem[] = [];
  const orphans: VerifyStoreReport['orphans'] = [];
  const onChains: { record: EvidenceRecord; subjectKey: string }[] = [];
  const headKeys = new Set<string>();
  const heads: ChainHead[] = [];
  let records = 0;
  for await (const head of store.listHeads()) {
    headKeys.add(head.subjectKey);
    heads.push(head);
    if (head.sequence === 0) continue;
    const docs = await store.listChainDocs(head.subjectKey);
    records += docs.length;
    const good: EvidenceRecord[] = [];
    for (const d of docs) {
      const { record, problems: p } = checkRecord(d.doc);
      for (const problem of p)
        problems.push({ subjectKey: head.subjectKey, ...problem, problem: `${d.key}: ${problem.problem}` });
      if (record && p.length === 0) good.push(record);
    }
    const chain = verifyChain(good, { sequence: head.sequence, recordHash: head.recordHash });
    for (const p of chain.problems) problems.push({ subjectKey: head.subjectKey, ...p });
    for (const o of chain.orphans)
      orphans.push({ subjectKey: head.subjectKey, evidenceId: o.evidenceId, sequence: o.integrity.sequence });
    for (const r of chain.path) {
      if (subjectKeyMismatch(head.subjectKey, r)) {
        problems.push({
          subjectKey: head.subjectKey,
          evidenceId: r.evidenceId,
          sequence: r.integrity.sequence,
          problem: 'record belongs to another subject',
        });
      }
      onChains.push({ record: r, subjectKey: head.subjectKey });
    }
  }
  // records whose subject has no head at all: a deleted head hides a whole chain
  const headless = new Set<string>();
  for await (const d of store.scanRecordDocs()) if (!headKeys.has(d.subjectKey)) headless.add(d.subjectKey);
  for (const key of headless)
    problems.push({ subjectKey: key, problem: 'records exist but the chain head is missing' });

  // each head's posture must be what its own chain says, and the index must match the heads
  const expected = postureFromRecords(onChains);
  const fromHeads = new Map<string, PostureEntry>();
  for (const head of heads) {
    for (const p of headPosture(head)) {
      const key = `${p.controlId}\u0000${p.subjectKey}`;
      fromHeads.set(key, p);
      const want = expected.get(key);
      if (!want)
        problems.push({
          subjectKey: p.subjectKey,
          evidenceId: p.evidenceId,
          problem: `posture of ${p.controlId} has no evidence on the chain`,
        });
      else if (!samePosture(want, p)) {
        problems.push({
          subjectKey: p.subjectKey,
          evidenceId: p.evidenceId,
          problem: `posture of ${p.controlId} says ${p.status} (${p.evidenceId}) but the chain says ${want.status} (${want.evidenceId})`,
        });
      }
    }
  }
  for (const [key, want] of expected) {
    if (!fromHeads.has(key))
      problems.push({
        subjectKey: want.subjectKey,
        evidenceId: want.evidenceId,
        problem: `posture of ${want.controlId} is missing from the head`,
      });
  }
  let postureItems = 0;
  const indexed = new Set<string>();
  for await (const p of store.listPostureIndex()) {
    postureItems++;
    const key = `${p.controlId}\u0000${p.subjectKey}`;
    indexed.add(key);
    const head = fromHeads.get(key);
    if (!head || !samePosture(head, p)) {
      problems.push({
        subjectKey: p.subjectKey,
        evidenceId: p.evidenceId,
        problem: `posture index entry of ${p.controlId} disagrees with the chain head`,
      });
    }
  }
  for (const [key, p] of fromHeads) {
    if (!indexed.has(key))
      problems.push({
        subjectKey: p.subjectKey,
        evidenceId: p.evidenceId,
        problem: `posture index entry of ${p.controlId} is missing`,
      });
  }
  return { ok: problems.length === 0, subjects: headKeys.size, records, postureItems, problems, orphans };
}

function samePosture(a: PostureEntry, b: PostureEntry): boolean {
  return a.status === b.status && a.evidenceId === b.evidenceId && a.orderKey === b.orderKey;
}

function subjectKeyMismatch(key: string, r: EvidenceRecord): boolean {
  return subjectKey(r.subject) !== key;
}
