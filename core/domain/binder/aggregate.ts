/**
 * Folds the records of a period into the binder model (model.ts). Pure.
 *
 * It works on a stream of records with bounded memory: `PeriodAggregator` keeps, per (subject,
 * control), the verdict before the period, the latest verdict in it, and the status changes in it;
 * per subject, the records that changed a status (for the drift state machine, see period-drifts.ts)
 * and a bitmap of the chain sequences seen. Never the records themselves. The model is then built by
 * build-model.ts.
 */
import type { EvidenceRecord, NotableEntry, VerdictStatus } from '../../../evidence-schemas';
import type { AggregatePartial } from '../../../evidence-schemas/binder-shard';
import { COVERAGE_CONTROL_TYPE } from '../coverage-facts';
import type { ExceptionView } from '../exceptions';
import type { AliasResolution } from '../iam-identity';
import { notableFor, notableOf, sortNotable } from '../notable';
import { subjectKey as subjectKeyOf } from '../observation';
import { orderKey } from '../posture';
import { buildModel, type SubjectTally } from './build-model';
import { CoverageGapCollector, ephiInventoryOf } from './coverage-sections';
import type {
  BinderModel,
  DriftEntry,
  Exclusion,
  HeadSnapshot,
  ModelMeta,
  PeriodOptions,
  RecordLocator,
  VerdictRef,
} from './model';
import { driftInput, periodDrifts, verdictsOf } from './period-drifts';
import type { PairView } from './period-posture';
import { ProvenanceTally } from './provenance';
import { foldResolvedSubjects } from './resolved-subjects';
import { SequenceSet } from './sequence-set';

/** A pair's tally in the period, with the last status seen (to tell a change from a repeat). */
interface PairAggregate extends Omit<PairView, 'baseline'> {
  lastStatus?: VerdictStatus;
}

interface SubjectAggregate extends SubjectTally {
  subjectKey: string;
  lastOrderKey: string;
  pairs: Map<string, PairAggregate>;
  /** records that changed an in-period status, without their snapshots: the drift machine's input */
  kept: EvidenceRecord[];
  seqs: SequenceSet;
  /** two records of the period claim one sequence: a writer crashed and another committed after it */
  duplicateSequence: boolean;
}

const byOrder = (a: EvidenceRecord, b: EvidenceRecord) =>
  a.observedAt === b.observedAt
    ? a.evidenceId.localeCompare(b.evidenceId)
    : a.observedAt < b.observedAt
      ? -1
      : 1;

/** One verdict of a record, as the model refers to it. */
function verdictRef(record: EvidenceRecord, c: EvidenceRecord['controls'][number]): VerdictRef {
  return {
    status: c.status,
    reason: c.reason,
    observedAt: record.observedAt,
    evidenceId: record.evidenceId,
    recordHash: record.integrity.recordHash,
    sequence: record.integrity.sequence,
  };
}

/** Records of a period a reader was supposed to deliver in observation order per subject, did not. */
export class OutOfOrderRecordError extends Error {
  constructor(
    readonly subjectKey: string,
    options?: { cause?: unknown },
  ) {
    super(`records of ${subjectKey} did not arrive in observation order`, options);
    this.name = 'OutOfOrderRecordError';
  }
}

/**
 * Pass-one state of a binder export. Feed it every verified record of the period (`add`), then settle
 * each subject's baseline (`settle`), then `build` the model.
 */
export class PeriodAggregator {
  readonly from: string;
  readonly to: string;
  private readonly accounts?: Set<string>;
  private readonly heads: Map<string, HeadSnapshot>;
  private readonly subjects = new Map<string, SubjectAggregate>();
  /** for subjects whose chain had to be walked: the committed record hashes */
  private readonly committed = new Map<string, Set<string>>();
  private readonly baselines = new Map<string, Map<string, VerdictRef>>();
  private readonly drifts: DriftEntry[] = [];
  /** notable activity of the period by entry id (few: a finding per notable event, not per record) */
  private readonly notable = new Map<string, NotableEntry>();
  private readonly provenance = new ProvenanceTally();
  private uncommitted = 0;
  private readonly coverage: CoverageGapCollector;
  /** a slice of a sharded export keeps its coverage-check records, for the merge to replay in order */
  private coverageLog?: { subjectKey: string; record: EvidenceRecord }[];

  /**
   * @param resolutions IAM identities stored under their unique id alone, by stored key, and the
   * canonical subject each is folded into when the model is built (core/domain/iam-identity.ts)
   */
  constructor(
    options: PeriodOptions,
    heads: Iterable<HeadSnapshot>,
    private readonly resolutions: ReadonlyMap<string, AliasResolution> = new Map(),
  ) {
    this.from = options.from;
    this.to = options.to;
    this.coverage = new CoverageGapCollector(options.from, options.to);
    if (options.accounts && options.accounts.length > 0) this.accounts = new Set(options.accounts);
    this.heads = new Map();
    for (const h of heads) if (this.accountInScope(h.subject.accountId)) this.heads.set(h.subjectKey, h);
  }

  /**
   * The aggregator of one slice of a sharded export: fed the records of some days of the period,
   * then `partial()` is what the merge `absorb`s. `options` is the whole period's.
   */
  static forSlice(options: PeriodOptions, heads: Iterable<HeadSnapshot>): PeriodAggregator {
    const aggregator = new PeriodAggregator(options, heads);
    aggregator.coverageLog = [];
    return aggregator;
  }

  private accountInScope(accountId: string): boolean {
    return !this.accounts || this.accounts.has(accountId);
  }

  /**
   * Whether a record of the period belongs in the binder: its account is in scope, and it is on its
   * subject's chain as committed when the export began (the head snapshot). Both passes use this,
   * so they see the same records.
   */
  exclusion(subjectKey: string, record: RecordLocator): Exclusion | undefined {
    if (!this.accountInScope(record.subject.accountId)) return 'out-of-scope';
    if (record.observedAt < this.from || record.observedAt > this.to) return 'out-of-scope';
    const head = this.heads.get(subjectKey);
    if (!head || record.integrity.sequence > head.sequence) return 'uncommitted';
    const committed = this.committed.get(subjectKey);
    if (committed && !committed.has(record.integrity.recordHash)) return 'uncommitted';
    return undefined;
  }

  /** Pass one: one verified record of the period, in observation order per subject. */
  add(subjectKey: string, record: EvidenceRecord): Exclusion | undefined {
    const why = this.exclusion(subjectKey, record);
    if (why) {
      if (why === 'uncommitted') this.uncommitted++;
      return why;
    }
    const s = this.subjectOf(subjectKey, record.subject);
    // an IAM identity first seen without its unique id (a CloudTrail call) is named with it once known
    if (record.subject.alias && !s.subject.alias) s.subject = { ...s.subject, alias: record.subject.alias };
    const order = orderKey(record.observedAt, record.evidenceId);
    if (order < s.lastOrderKey) throw new OutOfOrderRecordError(subjectKey);
    s.lastOrderKey = order;
    if (!s.seqs.add(record.integrity.sequence)) s.duplicateSequence = true;
    s.records++;
    s.firstObservedAt ??= record.observedAt;
    s.lastObservedAt = record.observedAt;
    let changed = false;
    for (const c of record.controls) {
      let p = s.pairs.get(c.controlId);
      if (!p) {
        p = { controlId: c.controlId, verdicts: 0, activity: 0, changes: [] };
        s.pairs.set(c.controlId, p);
      }
      if (!c.affectsPosture) {
        p.activity++;
        continue;
      }
      p.verdicts++;
      p.latest = verdictRef(record, c);
      if (p.lastStatus !== c.status) {
        p.changes.push({ at: record.observedAt, status: c.status });
        p.lastStatus = c.status;
        changed = true;
      }
    }
    if (changed) s.kept.push(driftInput(record, s.subject));
    this.coverage.add(subjectKey, record);
    if (this.coverageLog && record.subject.resourceType === COVERAGE_CONTROL_TYPE)
      this.coverageLog.push({ subjectKey, record });
    this.provenance.add(record);
    const notable = notableOf(record, subjectKey);
    if (notable) this.notable.set(notable.id, notable);
    return undefined;
  }

  /** The subject's aggregate, begun empty (named as `subject` names it) when it has none yet. */
  private subjectOf(subjectKey: string, subject: SubjectAggregate['subject']): SubjectAggregate {
    let s = this.subjects.get(subjectKey);
    if (!s) {
      s = {
        subjectKey,
        subject,
        records: 0,
        lastOrderKey: '',
        pairs: new Map(),
        kept: [],
        seqs: new SequenceSet(),
        duplicateSequence: false,
      };
      this.subjects.set(subjectKey, s);
    }
    return s;
  }

  /**
   * What the records fed so far leave (a slice of a sharded export), serialisable: per subject its
   * tallies, pairs, status-changing records and sequence bitmap; the notable activity, provenance and
   * coverage-check records. Bounded by resources and status changes, like the aggregator itself.
   */
  partial(): AggregatePartial {
    return {
      subjects: [...this.subjects.values()].map((s) => ({
        subjectKey: s.subjectKey,
        subject: s.subject,
        records: s.records,
        ...(s.firstObservedAt ? { firstObservedAt: s.firstObservedAt } : {}),
        ...(s.lastObservedAt ? { lastObservedAt: s.lastObservedAt } : {}),
        lastOrderKey: s.lastOrderKey,
        pairs: [...s.pairs.values()].map((p) => ({
          controlId: p.controlId,
          verdicts: p.verdicts,
          activity: p.activity,
          ...(p.latest ? { latest: p.latest } : {}),
          changes: p.changes,
          ...(p.lastStatus ? { lastStatus: p.lastStatus } : {}),
        })),
        kept: s.kept,
        seqs: s.seqs.toBase64(),
        ...(s.seqs.beyondBitmap().length ? { seqsBeyond: s.seqs.beyondBitmap() } : {}),
        duplicateSequence: s.duplicateSequence,
      })),
      uncommitted: this.uncommitted,
      notable: [...this.notable.values()],
      provenance: this.provenance.state(),
      coverage: this.coverageLog ?? [],
    };
  }

  /**
   * Folds in the partial state of the next slice of the period (slices in day order, each absorbed
   * once): the result is what feeding this aggregator the slice's records would have left. A status
   * change a slice saw only because it began without the earlier slices is dropped here, and a
   * sequence two slices both hold marks the subject as claiming it twice (its chain is then read).
   */
  absorb(partial: AggregatePartial): void {
    for (const ps of partial.subjects) {
      const into = this.subjectOf(ps.subjectKey, ps.subject);
      // the records that changed a status given every earlier slice (a slice's first verdict of a
      // control is a change to it, not necessarily to the period), each with the subject as feeding
      // them in order would have named it (only an alias is ever added to it)
      const running = new Map<string, VerdictStatus | undefined>(
        [...into.pairs.values()].map((p) => [p.controlId, p.lastStatus]),
      );
      for (const r of ps.kept) {
        if (r.subject.alias && !into.subject.alias)
          into.subject = { ...into.subject, alias: r.subject.alias };
        let changed = false;
        for (const c of r.controls) {
          if (!c.affectsPosture || running.get(c.controlId) === c.status) continue;
          running.set(c.controlId, c.status);
          changed = true;
        }
        if (changed) into.kept.push({ ...r, subject: into.subject });
      }
      if (ps.subject.alias && !into.subject.alias)
        into.subject = { ...into.subject, alias: ps.subject.alias };
      if (!into.seqs.addAll(ps.seqs, ps.seqsBeyond) || ps.duplicateSequence) into.duplicateSequence = true;
      into.records += ps.records;
      into.firstObservedAt ??= ps.firstObservedAt;
      if (ps.lastObservedAt) into.lastObservedAt = ps.lastObservedAt;
      if (ps.lastOrderKey < into.lastOrderKey) throw new OutOfOrderRecordError(ps.subjectKey);
      into.lastOrderKey = ps.lastOrderKey;
      for (const pp of ps.pairs) {
        let p = into.pairs.get(pp.controlId);
        if (!p) {
          p = { controlId: pp.controlId, verdicts: 0, activity: 0, changes: [] };
          into.pairs.set(pp.controlId, p);
        }
        p.verdicts += pp.verdicts;
        p.activity += pp.activity;
        if (pp.latest) p.latest = pp.latest;
        for (const c of pp.changes) {
          if (c.status === p.lastStatus) continue;
          p.changes.push(c);
          p.lastStatus = c.status;
        }
      }
    }
    this.uncommitted += partial.uncommitted;
    for (const n of partial.notable) this.notable.set(n.id, n);
    this.provenance.absorb(partial.provenance);
    for (const c of partial.coverage) this.coverage.add(c.subjectKey, c.record);
  }

  /**
   * Subjects whose baseline (their verdicts before the period) or committed records cannot be told
   * from pass one and the head alone, so their chain must be read: a sequence claimed twice, or a
   * chain that does not lie wholly inside the period while its latest verdicts do not all predate it.
   */
  subjectsNeedingChain(): string[] {
    const out: string[] = [];
    for (const [key, head] of this.heads) {
      const s = this.subjects.get(key);
      if (s?.duplicateSequence) out.push(key);
      else if (s && s.seqs.size === head.sequence) continue;
      else if (Object.values(head.posture).some((p) => p.observedAt >= this.from)) out.push(key);
    }
    return out;
  }

  /**
   * Settles a subject from its committed chain (verified by the caller): the records before the
   * period give its baseline and drift history; when the period claimed a sequence twice, its
   * in-period aggregate is rebuilt from the committed records only.
   */
  settleFromChain(subjectKey: string, path: EvidenceRecord[]): void {
    const sorted = [...path].sort(byOrder);
    const s = this.subjects.get(subjectKey);
    if (s?.duplicateSequence) {
      this.committed.set(subjectKey, new Set(path.map((r) => r.integrity.recordHash)));
      const before = this.uncommitted;
      this.subjects.delete(subjectKey);
      // the committed records are added again below: forget what the orphans may have flagged
      for (const [id, n] of this.notable) if (n.subjectKey === subjectKey) this.notable.delete(id);
      for (const r of sorted)
        if (r.observedAt >= this.from && r.observedAt <= this.to) this.add(subjectKey, r);
      // pass one counted this subject's records as they came; count the orphans it had included
      this.uncommitted = before + Math.max(0, s.records - (this.subjects.get(subjectKey)?.records ?? 0));
    }
    const baseline = new Map<string, VerdictRef>();
    const pre: EvidenceRecord[] = [];
    const last = new Map<string, VerdictStatus>();
    for (const r of sorted) {
      if (r.observedAt >= this.from) break;
      let changed = false;
      for (const c of verdictsOf(r)) {
        baseline.set(c.controlId, verdictRef(r, c));
        if (last.get(c.controlId) !== c.status) {
          last.set(c.controlId, c.status);
          changed = true;
        }
      }
      if (changed) pre.push(driftInput(r, r.subject));
    }
    this.baselines.set(subjectKey, baseline);
    this.collectDrift(subjectKey, pre);
  }

  /** Settles every subject that `subjectsNeedingChain` did not name, from its head. */
  settleRest(): void {
    for (const [key, head] of this.heads) {
      if (this.baselines.has(key)) continue;
      const s = this.subjects.get(key);
      const baseline = new Map<string, VerdictRef>();
      // the chain lies wholly in the period (no baseline), or every latest verdict predates it
      if (!s || s.seqs.size !== head.sequence) {
        for (const [controlId, p] of Object.entries(head.posture)) {
          if (p.observedAt < this.from)
            baseline.set(controlId, {
              status: p.status,
              reason: p.reason,
              observedAt: p.observedAt,
              evidenceId: p.evidenceId,
            });
        }
      }
      this.baselines.set(key, baseline);
      this.collectDrift(key, []);
    }
  }

  private collectDrift(subjectKey: string, pre: EvidenceRecord[]): void {
    const s = this.subjects.get(subjectKey);
    if (!s || s.kept.length === 0) return;
    // one by one: push(...) fails past about 120,000 arguments
    for (const drift of periodDrifts(subjectKey, [...pre, ...s.kept], this.from)) this.drifts.push(drift);
    // memory: the records were only needed for the drift machine
    s.kept = [];
  }

  /**
   * The model, once every subject is settled. `exceptions` (from the human sign-off chains) make a
   * NON_COMPLIANT verdict EXCEPTED while one is in force.
   */
  build(meta: ModelMeta, options: { exceptions?: readonly ExceptionView[] } = {}): BinderModel {
    const quiet = [...this.heads]
      .filter(([key]) => !this.subjects.has(key))
      .map(([key, head]) => ({
        subjectKey: key,
        subject: head.subject,
        verdicts: (this.baselines.get(key) ?? new Map<string, VerdictRef>()).entries(),
      }));
    const settled = foldResolvedSubjects(
      {
        from: this.from,
        to: this.to,
        ...(this.accounts ? { accountFilter: [...this.accounts].sort() } : {}),
        heads: this.heads,
        subjects: this.subjects,
        baselines: this.baselines,
        drifts: this.drifts,
        uncommitted: this.uncommitted,
        coverageGaps: this.coverage.gaps(quiet),
        ephiInventory: ephiInventoryOf(this.heads.values()),
        ...(options.exceptions ? { exceptions: options.exceptions } : {}),
      },
      this.resolutions,
    );
    return {
      ...withNotable(buildModel(settled, meta), sortNotable(this.notable.values())),
      provenance: this.provenance.summary(),
    };
  }
}

/** The model with its notable activity: all of it, and on each citation what bears on it. */
function withNotable(model: BinderModel, notable: NotableEntry[]): BinderModel {
  return {
    ...model,
    notable,
    citations: model.citations.map((c) => ({ ...c, notable: notableFor(c.citation, notable) })),
  };
}

/** Whether a record's stored subject key is the one its content names. */
export function belongsTo(subjectKey: string, record: EvidenceRecord): boolean {
  return subjectKeyOf(record.subject) === subjectKey;
}
