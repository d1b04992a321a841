/**
 * Steps 1 and 2 of an export: snapshot the chain heads (only records committed by then are in the
 * binder, so concurrent ingest never makes it inconsistent), then read the period once: verify every
 * record, fold it into per-(resource, control) aggregates and spool its canonical JSON to the work
 * folder. Chains are read whole only where the period's baseline needs it, and for human evidence.
 */
import { join } from 'node:path';
import type { EvidenceRecord } from '../../../evidence-schemas';
import { belongsTo, PeriodAggregator } from '../../domain/binder/aggregate';
import { checkRecordCanonical } from '../../domain/binder/canonical-record';
import { BinderSourceIntegrityError, type SourceProblem } from '../../domain/binder/errors';
import { isHumanEvidenceSubject } from '../../domain/binder/human-evidence';
import type { HeadSnapshot } from '../../domain/binder/model';
import { verifyChain } from '../../domain/chain';
import type { EvidenceReader } from '../../ports/evidence-reader';
import { resolveStoredSubjects } from '../iam-aliases';
import { LineSpool, spoolLine } from './spool';
import type { BinderProgress } from './types';

/** Problems listed in a BinderSourceIntegrityError (the count says how many there were in all). */
const MAX_PROBLEMS = 50;

/** What the one read of the period leaves for the files. */
export interface PeriodRead {
  aggregator: PeriodAggregator;
  /** the period's committed, verified records, in the order read */
  records: LineSpool;
  /** the earliest recordedAt day of the spooled records (a record may be recorded before the period) */
  firstRecordedDay: string | undefined;
  /**
   * records a writer never committed, of days that may have a checkpoint (before today): their leaves
   * are in a signed tree, so the anchors account for them (a crash leaves few)
   */
  leftOut: EvidenceRecord[];
  /** the committed records of every human-evidence chain in scope */
  humanRecords: EvidenceRecord[];
}

/** Every chain head, as it is now: the binder holds records committed by this snapshot only. */
export async function snapshotHeads(
  reader: EvidenceReader,
  progress: (p: BinderProgress) => void,
): Promise<HeadSnapshot[]> {
  const heads: HeadSnapshot[] = [];
  for await (const h of reader.heads()) {
    heads.push({
      subjectKey: h.subjectKey,
      subject: h.subject,
      sequence: h.sequence,
      recordHash: h.recordHash,
      posture: h.posture,
      ...(h.ephi ? { ephi: h.ephi } : {}),
    });
    if (heads.length % 1000 === 0) progress({ phase: 'heads', done: heads.length });
  }
  progress({ phase: 'heads', done: heads.length });
  return heads;
}

/**
 * Reads, verifies, aggregates and spools the period. Throws BinderSourceIntegrityError when any record
 * or chain does not verify.
 */
export async function readPeriod(
  period: { from: string; to: string; accounts?: string[]; generatedAt: string },
  heads: HeadSnapshot[],
  reader: EvidenceReader,
  workDir: string,
  progress: (p: BinderProgress) => void,
): Promise<PeriodRead> {
  const { from, to, accounts, generatedAt } = period;
  // IAM identities stored under their unique id alone are folded into the identity they name
  const resolutions = await resolveStoredSubjects((ids) => reader.iamAliases(ids), heads);
  const aggregator = new PeriodAggregator(
    { from, to, ...(accounts ? { accounts } : {}) },
    heads,
    resolutions,
  );
  const problems: SourceProblem[] = [];
  let problemCount = 0;
  const problem = (p: SourceProblem) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const records = new LineSpool(join(workDir, 'records.lines'));
  let read = 0;
  let firstRecordedDay: string | undefined;
  const leftOut: EvidenceRecord[] = [];
  for await (const d of reader.recordsObservedBetween(from, to)) {
    const checked = verified(d.subjectKey, d.doc, problem);
    const exclusion = checked ? aggregator.add(d.subjectKey, checked.record) : undefined;
    if (checked && exclusion === undefined) {
      await records.write(spoolLine(d.subjectKey, checked.record, checked.canonical));
      const day = checked.record.recordedAt.slice(0, 10);
      if (firstRecordedDay === undefined || day < firstRecordedDay) firstRecordedDay = day;
    } else if (checked && exclusion === 'uncommitted' && checked.record.recordedAt < generatedAt.slice(0, 10))
      leftOut.push(checked.record);
    if (++read % 1000 === 0) progress({ phase: 'aggregate', done: read });
  }
  await records.close();
  progress({ phase: 'aggregate', done: read });
  const humanRecords = await settleChains(aggregator, aggregator.subjectsNeedingChain(), heads, {
    accounts,
    reader,
    problem,
    progress,
  });
  if (problemCount > 0) throw new BinderSourceIntegrityError(problems, problemCount);
  return { aggregator, records, firstRecordedDay, leftOut, humanRecords };
}

/**
 * Settles the subjects in `walk` from their chains (read and verified), and reads every human-evidence
 * chain of the accounts in scope; returns the human records. Problems are reported, not thrown.
 */
export async function settleChains(
  aggregator: PeriodAggregator,
  walk: string[],
  heads: HeadSnapshot[],
  how: {
    accounts: string[] | undefined;
    reader: EvidenceReader;
    problem: (p: SourceProblem) => void;
    progress: (p: BinderProgress) => void;
  },
): Promise<EvidenceRecord[]> {
  const { reader, problem, progress, accounts } = how;
  const headByKey = new Map(heads.map((h) => [h.subjectKey, h]));
  let walked = 0;
  for (const key of walk) {
    const head = headByKey.get(key)!;
    const chain = await verifiedChain(head, reader, problem);
    aggregator.settleFromChain(key, chain);
    progress({ phase: 'chains', done: ++walked, total: walk.length });
  }
  const humanRecords: EvidenceRecord[] = [];
  // an empty list names no account: every account is in scope (as for the aggregator and the anchors)
  const scoped = accounts && accounts.length > 0 ? new Set(accounts) : undefined;
  for (const head of heads) {
    if (!isHumanEvidenceSubject(head.subject)) continue;
    if (scoped && !scoped.has(head.subject.accountId)) continue;
    // few and small chains: read whole
    humanRecords.push(...(await verifiedChain(head, reader, problem)));
  }
  return humanRecords;
}

/** One subject's chain from its head, every record verified; problems are reported, not thrown. */
export async function verifiedChain(
  head: HeadSnapshot,
  reader: EvidenceReader,
  problem: (p: SourceProblem) => void,
): Promise<EvidenceRecord[]> {
  const good: EvidenceRecord[] = [];
  for (const d of await reader.chainDocs(head.subjectKey)) {
    const r = verified(head.subjectKey, d.doc, problem);
    if (r) good.push(r.record);
  }
  const chain = verifyChain(good, { sequence: head.sequence, recordHash: head.recordHash });
  for (const p of chain.problems) problem({ subjectKey: head.subjectKey, ...p });
  return chain.path;
}

/** Re-derives a record's hashes and checks it is stored under its own subject; with its canonical text. */
export function verified(
  subjectKey: string,
  doc: unknown,
  problem: (p: SourceProblem) => void,
): { record: EvidenceRecord; canonical: string } | undefined {
  const { record, problems, canonical } = checkRecordCanonical(doc);
  for (const p of problems) problem({ subjectKey, ...p });
  if (!record || canonical === undefined || problems.length > 0) return undefined;
  if (!belongsTo(subjectKey, record)) {
    problem({
      subjectKey,
      evidenceId: record.evidenceId,
      sequence: record.integrity.sequence,
      problem: 'record belongs to another subject',
    });
    return undefined;
  }
  return { record, canonical };
}
