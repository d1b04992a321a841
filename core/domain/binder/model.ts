/**
 * The binder model: what a period's evidence says, organised by HIPAA Security Rule citation. Pure.
 *
 * It is built from a stream of records with bounded memory: `PeriodAggregator` keeps, per
 * (subject, control), the verdict before the period, the latest verdict in it, and the status changes
 * in it; per subject, the records that changed a status (for the drift state machine) and a bitmap of
 * the chain sequences seen. Never the records themselves.
 */
import type { EvidenceRecord, Subject, VerdictStatus } from '../../../evidence-schemas';
import type { HeadEphiScope } from '../../ports/evidence-store';
import { CITATIONS, CONTROLS, type Control, controlById } from '../catalog';
import { type DriftEvent, driftTimeline } from '../drift';
import { subjectKey as subjectKeyOf } from '../observation';
import { orderKey } from '../posture';
import {
  CoverageGapCollector,
  type CoverageGapEntry,
  type EphiInventoryRow,
  ephiInventoryOf,
} from './coverage-sections';
import type { HumanEvidence } from './human-evidence';
import { MANUAL_SPECIFICATIONS, type ManualSpecification } from './manual-evidence';

export type CitationStatus = VerdictStatus | 'NO_EVIDENCE';

/** One verdict of one control on one subject. */
export interface VerdictRef {
  status: VerdictStatus;
  reason: string;
  observedAt: string;
  evidenceId: string;
  /** the record hash and chain sequence, when the record is known (always for records of the period) */
  recordHash?: string;
  sequence?: number;
}

/** What the aggregator needs of a chain head: the committed tip and the latest verdicts. */
export interface HeadSnapshot {
  subjectKey: string;
  subject: Subject;
  sequence: number;
  /** the tip's record hash */
  recordHash: string;
  posture: Record<string, { status: VerdictStatus; reason: string; observedAt: string; evidenceId: string }>;
  /** the subject's ePHI scope (the ePHI inventory section) */
  ephi?: HeadEphiScope;
}

interface PairAggregate {
  controlId: string;
  baseline?: VerdictRef;
  latest?: VerdictRef;
  lastStatus?: VerdictStatus;
  verdicts: number;
  /** records that bear on the control without moving posture (failed attempts, activity) */
  activity: number;
  /** status changes in the period, in observation order; the first verdict of the period is one */
  changes: { at: string; status: VerdictStatus }[];
}

/** Chain sequence numbers seen, as a growable bitmap (one bit per sequence). */
class SequenceSet {
  private bits = new Uint8Array(8);
  size = 0;

  /** false when the sequence was already there */
  add(seq: number): boolean {
    const byte = seq >>> 3;
    if (byte >= this.bits.length) {
      const next = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      next.set(this.bits);
      this.bits = next;
    }
    const mask = 1 << (seq & 7);
    if ((this.bits[byte]! & mask) !== 0) return false;
    this.bits[byte] = this.bits[byte]! | mask;
    this.size++;
    return true;
  }
}

interface SubjectAggregate {
  subjectKey: string;
  subject: Subject;
  records: number;
  firstObservedAt?: string;
  lastObservedAt?: string;
  lastOrderKey: string;
  pairs: Map<string, PairAggregate>;
  /** records that changed an in-period status, without their snapshots: the drift machine's input */
  kept: EvidenceRecord[];
  seqs: SequenceSet;
  /** two records of the period claim one sequence: a writer crashed and another committed after it */
  duplicateSequence: boolean;
}

/** What the aggregator needs of a record to decide whether it is in the binder. */
export interface RecordLocator {
  observedAt: string;
  subject: { accountId: string };
  integrity: { sequence: number; recordHash: string };
}

/** Why the aggregator leaves a record out of the binder. */
export type Exclusion = 'out-of-scope' | 'uncommitted';

/** A drift with who did it and how it ended, for a section of the binder. */
export interface DriftEntry {
  subjectKey: string;
  subject: Subject;
  controlId: string;
  state: DriftEvent['state'];
  from: DriftEvent['from'];
  at: string;
  reason: string;
  actor?: string;
  evidenceId: string;
  recordHash?: string;
  sequence?: number;
  resolvedAt?: string;
  resolvedBy?: string;
  resolvedEvidenceId?: string;
  resolvedRecordHash?: string;
  resolvedSequence?: number;
  timeToRemediateMs?: number;
}

/** A resource's verdict on one control at the end of the period. */
export interface ResourceVerdict extends VerdictRef {
  subjectKey: string;
  subject: Subject;
  controlId: string;
  /** false when the verdict was made before the period and still held */
  inPeriod: boolean;
}

export interface ChartBucket {
  start: string;
  end: string;
  /** (resource, control) pairs non-compliant at any moment of the bucket */
  nonCompliant: number;
  /** pairs compliant throughout the bucket */
  compliant: number;
  /** pairs not applicable (and never non-compliant) in the bucket */
  notApplicable: number;
}

export interface CitationSection {
  citation: string;
  title: string;
  requirement: 'required' | 'addressable';
  controls: Pick<Control, 'id' | 'title' | 'configRules' | 'cloudTrailEvents' | 'resourceTypes'>[];
  /** at the end of the period */
  status: CitationStatus;
  resources: ResourceVerdict[];
  drifts: DriftEntry[];
  /** records of the period that bear on the citation's controls */
  records: number;
  chart: { unit: 'day' | 'week' | 'month'; buckets: ChartBucket[] };
  /** share of evidenced resource-time that was compliant, 0..1; undefined without evidence */
  compliantShare?: number;
  meanTimeToRemediateMs?: number;
}

export interface InventoryRow {
  subjectKey: string;
  subject: Subject;
  records: number;
  firstObservedAt?: string;
  lastObservedAt?: string;
  controls: string[];
  status: CitationStatus;
}

export interface BinderModel {
  title: string;
  organisation?: string;
  period: { from: string; to: string };
  generatedAt: string;
  generator: { name: string; version: string };
  scope: { accounts: string[]; regions: string[]; accountFilter?: string[] };
  counts: {
    records: number;
    subjects: number;
    drifts: number;
    resolved: number;
    /** records of the period left out: written after the export began or never committed */
    uncommitted: number;
  };
  meanTimeToRemediateMs?: number;
  citations: CitationSection[];
  inventory: InventoryRow[];
  manual: readonly ManualSpecification[];
  /** coverage gaps in the period: controls whose evidence stopped (see coverage-sections.ts) */
  coverageGaps: CoverageGapEntry[];
  /** resources tagged in scope for ePHI, from the heads */
  ephiInventory: EphiInventoryRow[];
  /** human sign-off: reviews, overdue reviews, exceptions, decisions, uploaded documents */
  human?: HumanEvidence;
  /** AWS Config rules with verdicts that the catalog does not map to a citation */
  unmapped: { controlId: string; resources: number; records: number }[];
}

export interface PeriodOptions {
  from: string;
  to: string;
  /** only these accounts (12 digits); all when absent */
  accounts?: string[];
}

const byOrder = (a: EvidenceRecord, b: EvidenceRecord) =>
  a.observedAt === b.observedAt
    ? a.evidenceId.localeCompare(b.evidenceId)
    : a.observedAt < b.observedAt
      ? -1
      : 1;

const NO_CITATIONS: EvidenceRecord['controls'][number]['citations'] = [];
const NO_SNAPSHOT: EvidenceRecord['snapshot'] = {};
/** Stands in for the source, which the drift machine never reads. */
const NO_SOURCE: EvidenceRecord['source'] = {
  kind: 'sweep',
  eventId: '-',
  eventTime: '1970-01-01T00:00:00.000Z',
};

/**
 * What the drift machine reads of a record (its posture verdicts, time, id, actor and record hash),
 * sharing the subject object the aggregate already holds: a few hundred bytes, not the record.
 */
function slim(record: EvidenceRecord, subject: Subject): EvidenceRecord {
  return {
    schemaVersion: record.schemaVersion,
    evidenceId: record.evidenceId,
    subject,
    source: NO_SOURCE,
    ...(record.actor
      ? {
          actor: {
            principalType: record.actor.principalType,
            ...(record.actor.principalArn ? { principalArn: record.actor.principalArn } : {}),
          },
        }
      : {}),
    controls: verdictsOf(record).map((c) => ({
      controlId: c.controlId,
      citations: NO_CITATIONS,
      status: c.status,
      reason: c.reason,
      affectsPosture: true,
    })),
    observedAt: record.observedAt,
    snapshot: NO_SNAPSHOT,
    recordedAt: record.recordedAt,
    integrity: record.integrity,
  };
}

/** The posture-affecting verdicts of a record. */
function verdictsOf(record: EvidenceRecord) {
  return record.controls.filter((c) => c.affectsPosture);
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
  private uncommitted = 0;
  private readonly coverage: CoverageGapCollector;

  constructor(options: PeriodOptions, heads: Iterable<HeadSnapshot>) {
    this.from = options.from;
    this.to = options.to;
    this.coverage = new CoverageGapCollector(options.from, options.to);
    if (options.accounts && options.accounts.length > 0) this.accounts = new Set(options.accounts);
    this.heads = new Map();
    for (const h of heads) if (this.accountInScope(h.subject.accountId)) this.heads.set(h.subjectKey, h);
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
    let s = this.subjects.get(subjectKey);
    if (!s) {
      s = {
        subjectKey,
        subject: record.subject,
        records: 0,
        lastOrderKey: '',
        pairs: new Map(),
        kept: [],
        seqs: new SequenceSet(),
        duplicateSequence: false,
      };
      this.subjects.set(subjectKey, s);
    }
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
      p.latest = {
        status: c.status,
        reason: c.reason,
        observedAt: record.observedAt,
        evidenceId: record.evidenceId,
        recordHash: record.integrity.recordHash,
        sequence: record.integrity.sequence,
      };
      if (p.lastStatus !== c.status) {
        p.changes.push({ at: record.observedAt, status: c.status });
        p.lastStatus = c.status;
        changed = true;
      }
    }
    if (changed) s.kept.push(slim(record, s.subject));
    this.coverage.add(subjectKey, record);
    return undefined;
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
        baseline.set(c.controlId, {
          status: c.status,
          reason: c.reason,
          observedAt: r.observedAt,
          evidenceId: r.evidenceId,
          recordHash: r.integrity.recordHash,
          sequence: r.integrity.sequence,
        });
        if (last.get(c.controlId) !== c.status) {
          last.set(c.controlId, c.status);
          changed = true;
        }
      }
      if (changed) pre.push(slim(r, r.subject));
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
    const kept = s?.kept ?? [];
    if (kept.length === 0) return;
    const hashes = new Map<string, { recordHash: string; sequence: number }>();
    for (const r of [...pre, ...kept])
      hashes.set(r.evidenceId, { recordHash: r.integrity.recordHash, sequence: r.integrity.sequence });
    const events = driftTimeline([...pre, ...kept].map((record) => ({ record, subjectKey })));
    const open = new Map<string, DriftEntry>();
    for (const e of events) {
      if (e.at < this.from) {
        if (e.kind === 'drift') open.set(e.controlId, entryOf(e, hashes));
        else open.delete(e.controlId);
        continue;
      }
      if (e.kind === 'drift') {
        const entry = entryOf(e, hashes);
        this.drifts.push(entry);
        open.set(e.controlId, entry);
      } else {
        const entry = open.get(e.controlId);
        open.delete(e.controlId);
        if (!entry) continue;
        entry.resolvedAt = e.at;
        if (e.actor) entry.resolvedBy = e.actor;
        entry.resolvedEvidenceId = e.evidenceId;
        const h = hashes.get(e.evidenceId);
        if (h) {
          entry.resolvedRecordHash = h.recordHash;
          entry.resolvedSequence = h.sequence;
        }
        if (e.timeToRemediateMs !== undefined) entry.timeToRemediateMs = e.timeToRemediateMs;
        // a drift that began before the period is listed once it is resolved in the period
        if (entry.at < this.from) this.drifts.push(entry);
      }
    }
    // memory: the records were only needed for the drift machine
    if (s) s.kept = [];
  }

  /** The model, once every subject is settled. */
  build(meta: {
    title: string;
    organisation?: string;
    generatedAt: string;
    generator: { name: string; version: string };
  }): BinderModel {
    const period = { from: this.from, to: this.to };
    const chart = chartBuckets(this.from, this.to);
    const pairsOf = new Map<string, { subject: SubjectView; pair: PairView }[]>();
    const inventory: InventoryRow[] = [];
    const unmapped = new Map<string, { resources: number; records: number }>();
    let records = 0;
    for (const [key, head] of this.heads) {
      const s = this.subjects.get(key);
      const baseline = this.baselines.get(key) ?? new Map<string, VerdictRef>();
      const controlIds = new Set([...baseline.keys(), ...(s?.pairs.keys() ?? [])]);
      if (!s && baseline.size === 0) continue; // nothing in the period and no posture carried into it
      records += s?.records ?? 0;
      const subject = s?.subject ?? head.subject;
      const statuses: VerdictStatus[] = [];
      for (const controlId of controlIds) {
        const p = s?.pairs.get(controlId);
        const view: PairView = {
          controlId,
          baseline: baseline.get(controlId),
          latest: p?.latest,
          changes: p?.changes ?? [],
          verdicts: p?.verdicts ?? 0,
          activity: p?.activity ?? 0,
        };
        const end = view.latest ?? view.baseline;
        if (end) statuses.push(end.status);
        const list = pairsOf.get(controlId);
        const entry = { subject: { subjectKey: key, subject }, pair: view };
        if (list) list.push(entry);
        else pairsOf.set(controlId, [entry]);
        if (!controlById(controlId)) {
          const u = unmapped.get(controlId) ?? { resources: 0, records: 0 };
          u.resources++;
          u.records += view.verdicts + view.activity;
          unmapped.set(controlId, u);
        }
      }
      inventory.push({
        subjectKey: key,
        subject,
        records: s?.records ?? 0,
        ...(s?.firstObservedAt ? { firstObservedAt: s.firstObservedAt } : {}),
        ...(s?.lastObservedAt ? { lastObservedAt: s.lastObservedAt } : {}),
        controls: [...controlIds].sort(),
        status: worst(statuses),
      });
    }
    inventory.sort((a, b) => a.subjectKey.localeCompare(b.subjectKey));

    const drifts = [...this.drifts].sort((a, b) =>
      a.at === b.at ? a.evidenceId.localeCompare(b.evidenceId) : a.at < b.at ? -1 : 1,
    );
    const citations: CitationSection[] = Object.entries(CITATIONS).map(([citation, meta]) => {
      const controls = CONTROLS.filter((c) => c.citations.includes(citation));
      const ids = new Set(controls.map((c) => c.id));
      const pairs = controls.flatMap((c) => pairsOf.get(c.id) ?? []);
      const resources: ResourceVerdict[] = [];
      let citationRecords = 0;
      for (const { subject, pair } of pairs) {
        citationRecords += pair.verdicts + pair.activity;
        const end = pair.latest ?? pair.baseline;
        if (!end) continue;
        resources.push({
          ...end,
          subjectKey: subject.subjectKey,
          subject: subject.subject,
          controlId: pair.controlId,
          inPeriod: pair.latest !== undefined,
        });
      }
      resources.sort((a, b) =>
        a.controlId === b.controlId
          ? a.subjectKey.localeCompare(b.subjectKey)
          : a.controlId.localeCompare(b.controlId),
      );
      const citationDrifts = drifts.filter((d) => ids.has(d.controlId));
      return {
        citation,
        title: meta.title,
        requirement: meta.requirement,
        controls: controls.map((c) => ({
          id: c.id,
          title: c.title,
          configRules: c.configRules,
          cloudTrailEvents: c.cloudTrailEvents,
          resourceTypes: c.resourceTypes,
        })),
        status: worst(resources.map((r) => r.status)),
        resources,
        drifts: citationDrifts,
        records: citationRecords,
        chart: {
          unit: chart.unit,
          buckets: chart.buckets.map((b) =>
            bucketCounts(
              b,
              pairs.map((p) => p.pair),
              this.from,
            ),
          ),
        },
        ...optional(
          'compliantShare',
          compliantShare(
            pairs.map((p) => p.pair),
            this.from,
            this.to,
          ),
        ),
        ...optional('meanTimeToRemediateMs', meanRemediation(citationDrifts)),
      };
    });
    const accounts = [...new Set(inventory.map((r) => r.subject.accountId))].sort();
    const regions = [...new Set(inventory.map((r) => r.subject.region))].sort();
    return {
      title: meta.title,
      ...(meta.organisation ? { organisation: meta.organisation } : {}),
      period,
      generatedAt: meta.generatedAt,
      generator: meta.generator,
      scope: { accounts, regions, ...(this.accounts ? { accountFilter: [...this.accounts].sort() } : {}) },
      counts: {
        records,
        subjects: inventory.length,
        drifts: drifts.length,
        resolved: drifts.filter((d) => d.resolvedAt !== undefined).length,
        uncommitted: this.uncommitted,
      },
      ...optional('meanTimeToRemediateMs', meanRemediation(drifts)),
      citations,
      inventory,
      manual: MANUAL_SPECIFICATIONS,
      ...this.coverageSections(),
      unmapped: [...unmapped.entries()]
        .map(([controlId, u]) => ({ controlId, ...u }))
        .sort((a, b) => a.controlId.localeCompare(b.controlId)),
    };
  }

  /** The coverage-gap and ePHI-inventory parts of the model. */
  private coverageSections(): Pick<BinderModel, 'coverageGaps' | 'ephiInventory'> {
    const quiet = [...this.heads]
      .filter(([key]) => !this.subjects.has(key))
      .map(([key, head]) => ({
        subjectKey: key,
        subject: head.subject,
        verdicts: (this.baselines.get(key) ?? new Map<string, VerdictRef>()).entries(),
      }));
    return { coverageGaps: this.coverage.gaps(quiet), ephiInventory: ephiInventoryOf(this.heads.values()) };
  }
}

interface SubjectView {
  subjectKey: string;
  subject: Subject;
}

interface PairView {
  controlId: string;
  baseline?: VerdictRef;
  latest?: VerdictRef;
  changes: { at: string; status: VerdictStatus }[];
  verdicts: number;
  activity: number;
}

function entryOf(e: DriftEvent, hashes: Map<string, { recordHash: string; sequence: number }>): DriftEntry {
  const h = hashes.get(e.evidenceId);
  return {
    subjectKey: e.subjectKey,
    subject: e.subject,
    controlId: e.controlId,
    state: e.state,
    from: e.from,
    at: e.at,
    reason: e.reason,
    ...(e.actor ? { actor: e.actor } : {}),
    evidenceId: e.evidenceId,
    ...(h ? { recordHash: h.recordHash, sequence: h.sequence } : {}),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The worst status among verdicts: any non-compliant resource makes the whole non-compliant. */
export function worst(statuses: VerdictStatus[]): CitationStatus {
  if (statuses.length === 0) return 'NO_EVIDENCE';
  if (statuses.includes('NON_COMPLIANT')) return 'NON_COMPLIANT';
  if (statuses.includes('COMPLIANT')) return 'COMPLIANT';
  return 'NOT_APPLICABLE';
}

function meanRemediation(drifts: DriftEntry[]): number | undefined {
  const times = drifts.flatMap((d) => (d.timeToRemediateMs === undefined ? [] : [d.timeToRemediateMs]));
  return times.length === 0 ? undefined : times.reduce((a, b) => a + b, 0) / times.length;
}

/** Buckets for the posture chart: days up to 62 days, weeks up to 26 weeks, months beyond. */
export function chartBuckets(
  from: string,
  to: string,
): { unit: 'day' | 'week' | 'month'; buckets: { start: string; end: string }[] } {
  const start = Date.parse(from);
  const end = Date.parse(to) + 1;
  const days = (end - start) / 86_400_000;
  const unit = days <= 62 ? 'day' : days <= 26 * 7 ? 'week' : 'month';
  const buckets: { start: string; end: string }[] = [];
  let t = start;
  while (t < end) {
    let next: number;
    if (unit === 'month') {
      const d = new Date(t);
      next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    } else {
      next = t + (unit === 'day' ? 1 : 7) * 86_400_000;
    }
    next = Math.min(next, end);
    buckets.push({ start: new Date(t).toISOString(), end: new Date(next).toISOString() });
    t = next;
  }
  return { unit, buckets };
}

/** A pair's status at the start of the period, then its changes: a step function over time. */
function steps(pair: PairView, from: string): { at: string; status: VerdictStatus | undefined }[] {
  return [{ at: from, status: pair.baseline?.status }, ...pair.changes];
}

function bucketCounts(bucket: { start: string; end: string }, pairs: PairView[], from: string): ChartBucket {
  const out: ChartBucket = { ...bucket, nonCompliant: 0, compliant: 0, notApplicable: 0 };
  for (const pair of pairs) {
    const seen = new Set<VerdictStatus>();
    let current: VerdictStatus | undefined;
    for (const step of steps(pair, from)) {
      if (step.at < bucket.start) current = step.status;
      else if (step.at < bucket.end) {
        if (step.status) seen.add(step.status);
      } else break;
    }
    if (current) seen.add(current);
    if (seen.has('NON_COMPLIANT')) out.nonCompliant++;
    else if (seen.has('COMPLIANT')) out.compliant++;
    else if (seen.has('NOT_APPLICABLE')) out.notApplicable++;
  }
  return out;
}

/** Time compliant over time compliant or not, summed over pairs, across the period. */
function compliantShare(pairs: PairView[], from: string, to: string): number | undefined {
  let good = 0;
  let bad = 0;
  const end = Date.parse(to) + 1;
  for (const pair of pairs) {
    const s = steps(pair, from);
    for (let i = 0; i < s.length; i++) {
      const start = Date.parse(s[i]!.at);
      const stop = i + 1 < s.length ? Date.parse(s[i + 1]!.at) : end;
      if (s[i]!.status === 'COMPLIANT') good += stop - start;
      else if (s[i]!.status === 'NON_COMPLIANT') bad += stop - start;
    }
  }
  return good + bad === 0 ? undefined : good / (good + bad);
}

/** Whether a record's stored subject key is the one its content names. */
export function belongsTo(subjectKey: string, record: EvidenceRecord): boolean {
  return subjectKeyOf(record.subject) === subjectKey;
}
