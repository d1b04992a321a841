/**
 * Chain links across the slices of a sharded export. Pure.
 *
 * A slice holds the records of some days, so a subject's chain is cut at slice boundaries; late
 * events (a higher sequence observed earlier) cut it inside a slice too. Each slice keeps, per subject,
 * the runs of consecutive sequences it holds that link to each other: a run's first record's link back
 * and its last record's hash, a few per subject however many records. The merge lays every slice's
 * runs of a subject side by side and checks each link between consecutive sequences, as the offline
 * verifier does within a binder: record n + 1 must link to record n's hash, and record 1 to genesis.
 * Sequences no slice holds (observed outside the period) are not links of the binder; a record
 * missing from a chain whose baseline needs it is found by the merge's chain read, as in one export.
 */
import { type EvidenceRecord, GENESIS_HASH } from '../../../evidence-schemas';
import type { ChainRun } from '../../../evidence-schemas/binder-shard';
import type { SourceProblem } from './errors';

/** Runs of linked sequences per subject, as one slice's records arrive (in any sequence order). */
export class ChainLinks {
  private readonly subjects = new Map<
    string,
    { byFirst: Map<number, ChainRun>; byLast: Map<number, ChainRun> }
  >();

  /** One committed record of the slice. */
  add(subjectKey: string, record: Pick<EvidenceRecord, 'evidenceId' | 'integrity'>): void {
    let s = this.subjects.get(subjectKey);
    if (!s) {
      s = { byFirst: new Map(), byLast: new Map() };
      this.subjects.set(subjectKey, s);
    }
    const { sequence, previousHash, recordHash } = record.integrity;
    let run: ChainRun = {
      first: sequence,
      firstEvidenceId: record.evidenceId,
      firstPrevious: previousHash,
      last: sequence,
      lastEvidenceId: record.evidenceId,
      lastHash: recordHash,
    };
    // a sequence held twice (an uncommitted record beside the committed one) starts a run of its own:
    // the merge reads that subject's chain, which decides
    if (s.byFirst.has(sequence) || s.byLast.has(sequence)) {
      s.byFirst.set(sequence, run);
      return;
    }
    const before = s.byLast.get(sequence - 1);
    if (before && before.lastHash === previousHash) {
      s.byLast.delete(before.last);
      run = { ...before, last: sequence, lastEvidenceId: record.evidenceId, lastHash: recordHash };
      s.byFirst.set(run.first, run);
    }
    const after = s.byFirst.get(sequence + 1);
    if (after && after.firstPrevious === recordHash) {
      s.byFirst.delete(after.first);
      s.byLast.delete(after.last);
      run = { ...run, last: after.last, lastEvidenceId: after.lastEvidenceId, lastHash: after.lastHash };
    }
    s.byFirst.set(run.first, run);
    s.byLast.set(run.last, run);
  }

  /** Every subject's runs, by first sequence. */
  runs(): { subjectKey: string; runs: ChainRun[] }[] {
    return [...this.subjects].map(([subjectKey, s]) => ({
      subjectKey,
      runs: [...s.byFirst.values()].sort((a, b) => a.first - b.first),
    }));
  }
}

/**
 * The broken links among every slice's runs of one subject (the slices' runs in any order). A subject
 * that holds a sequence twice is not judged here: its chain is read and verified whole.
 */
export function linkProblems(subjectKey: string, runs: ChainRun[]): SourceProblem[] {
  const sorted = [...runs].sort((a, b) => a.first - b.first);
  const problems: SourceProblem[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const run = sorted[i]!;
    if (run.first === 1 && run.firstPrevious !== GENESIS_HASH)
      problems.push({
        subjectKey,
        evidenceId: run.firstEvidenceId,
        sequence: 1,
        problem: 'first record does not start from the genesis hash',
      });
    const prev = sorted[i - 1];
    if (prev && prev.last + 1 === run.first && prev.lastHash !== run.firstPrevious)
      problems.push({
        subjectKey,
        evidenceId: run.firstEvidenceId,
        sequence: run.first,
        problem: `record ${run.first} (${run.firstEvidenceId}) does not link to record ${prev.last} (${prev.lastEvidenceId})`,
      });
  }
  return problems;
}
