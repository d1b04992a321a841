/**
 * The binder model from a settled period (see aggregate.ts): per subject its inventory row, per
 * citation its resources, drifts, chart and share of time compliant, and the totals. Pure.
 */
import type { Subject, VerdictStatus } from '../../../evidence-schemas';
import { CITATIONS, CONTROLS, controlById } from '../catalog';
import type { ExceptionView } from '../exceptions';
import {
  applyException,
  type ControlPosture,
  controlPosture,
  exceptionKey,
  exceptionsInForce,
  unionLength,
} from '../posture-view';
import { subjectKind } from '../subject-kind';
import type { CoverageGapEntry, EphiInventoryRow } from './coverage-sections';
import { MANUAL_SPECIFICATIONS } from './manual-evidence';
import type {
  BinderModel,
  CitationSection,
  DriftEntry,
  EphiExposureRow,
  HeadSnapshot,
  InventoryRow,
  ModelMeta,
  ResourceVerdict,
  VerdictRef,
} from './model';
import {
  bucketCounts,
  chartBuckets,
  compliantShare,
  meanRemediation,
  nonCompliantIntervals,
  type PairView,
  worst,
} from './period-posture';

/** What the period says of one subject: its records and, per control, its verdicts in the period. */
export interface SubjectTally {
  subject: Subject;
  records: number;
  firstObservedAt?: string;
  lastObservedAt?: string;
  pairs: ReadonlyMap<string, Omit<PairView, 'baseline'>>;
}

/** A period once every subject is settled: what the model is built from. */
export interface SettledPeriod {
  from: string;
  to: string;
  /** the accounts asked for, when the binder holds only some */
  accountFilter?: string[];
  heads: ReadonlyMap<string, HeadSnapshot>;
  /** subjects with records in the period */
  subjects: ReadonlyMap<string, SubjectTally>;
  /** per subject, the verdicts from before the period that held at its start */
  baselines: ReadonlyMap<string, ReadonlyMap<string, VerdictRef>>;
  drifts: DriftEntry[];
  uncommitted: number;
  coverageGaps: CoverageGapEntry[];
  ephiInventory: EphiInventoryRow[];
  /** exceptions in force at some moment of the period (the human sign-off chains) */
  exceptions?: readonly ExceptionView[];
}

interface SubjectPair {
  subject: { subjectKey: string; subject: Subject };
  pair: PairView;
  /** the pair's verdict at the end of the period, exceptions applied; none without a verdict */
  verdict?: ResourceVerdict;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The model of a settled period. */
export function buildModel(p: SettledPeriod, meta: ModelMeta): BinderModel {
  const { pairsOf, inventory, unmapped, records, resourceRecords, resourcesWithRecords, ephiExposure } =
    subjectsOf(p);
  const drifts = [...p.drifts].sort((a, b) =>
    a.at === b.at ? a.evidenceId.localeCompare(b.evidenceId) : a.at < b.at ? -1 : 1,
  );
  const chart = chartBuckets(p.from, p.to);
  const gaps = ongoingGaps(p.coverageGaps);
  const citations = Object.entries(CITATIONS).map(([citation, c]) =>
    citationSection(p, { citation, ...c }, pairsOf, drifts, chart, gaps),
  );
  const all = [...pairsOf.values()].flat();
  const verdicts = all.flatMap((x) => (x.verdict ? [x.verdict] : []));
  const accounts = [...new Set(inventory.map((r) => r.subject.accountId))].sort();
  const regions = [...new Set(inventory.map((r) => r.subject.region))].sort();
  return {
    title: meta.title,
    ...(meta.organisation ? { organisation: meta.organisation } : {}),
    period: { from: p.from, to: p.to },
    generatedAt: meta.generatedAt,
    generator: meta.generator,
    scope: { accounts, regions, ...(p.accountFilter ? { accountFilter: p.accountFilter } : {}) },
    counts: {
      records,
      resourceRecords,
      subjects: inventory.length,
      resourcesWithRecords,
      drifts: drifts.length,
      resolved: drifts.filter((d) => d.resolution !== undefined).length,
      uncommitted: p.uncommitted,
    },
    ...optional('meanTimeToRemediateMs', meanRemediation(drifts)),
    ...optional(
      'compliantShare',
      compliantShare(
        all.filter((x) => x.verdict?.kind === 'resource').map((x) => x.pair),
        p.from,
        p.to,
      ),
    ),
    citations,
    controls: controlPostures(pairsOf, gaps),
    excepted: byControlThenSubject(verdicts.filter((v) => v.status === 'EXCEPTED')),
    ephiExposure,
    collection: byControlThenSubject(verdicts.filter((v) => v.kind === 'collection')),
    inventory,
    manual: MANUAL_SPECIFICATIONS,
    coverageGaps: p.coverageGaps,
    ephiInventory: p.ephiInventory,
    unmapped: [...unmapped.entries()]
      .map(([controlId, u]) => ({ controlId, ...u }))
      .sort((a, b) => a.controlId.localeCompare(b.controlId)),
  };
}

const byControlThenSubject = (list: ResourceVerdict[]) =>
  list.sort((a, b) =>
    a.controlId === b.controlId
      ? a.subjectKey.localeCompare(b.subjectKey)
      : a.controlId.localeCompare(b.controlId),
  );

/** Per control, the collection gap still open at the end of the period, in words. */
function ongoingGaps(gaps: readonly CoverageGapEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of gaps)
    if (!g.end && !out.has(g.controlId))
      out.set(g.controlId, `no fresh evidence in ${g.accountId}/${g.region} since ${g.start}: ${g.reason}`);
  return out;
}

/** Each control of the catalog, then each Config rule outside it with verdicts: its posture at the end. */
function controlPostures(pairsOf: Map<string, SubjectPair[]>, gaps: Map<string, string>): ControlPosture[] {
  const ids = [...CONTROLS.map((c) => c.id), ...[...pairsOf.keys()].filter((id) => !controlById(id)).sort()];
  return ids.map((id) =>
    controlPosture(
      id,
      (pairsOf.get(id) ?? []).flatMap((x) => (x.verdict ? [x.verdict] : [])),
      gaps.get(id),
    ),
  );
}

/** A pair's verdict at the end of the period, with the exception in force then, if any. */
function endVerdict(
  subject: SubjectPair['subject'],
  pair: PairView,
  inForceAtEnd: Map<string, ExceptionView>,
): ResourceVerdict | undefined {
  const end = pair.latest ?? pair.baseline;
  if (!end) return undefined;
  const applied = applyException(
    end.status,
    inForceAtEnd.get(exceptionKey(pair.controlId, subject.subjectKey)),
  );
  return {
    ...end,
    ...applied,
    subjectKey: subject.subjectKey,
    subject: subject.subject,
    controlId: pair.controlId,
    kind: subjectKind(subject.subject.resourceType),
    inPeriod: pair.latest !== undefined,
  };
}

/** Per subject its inventory row and its pairs (grouped by control); controls outside the catalog. */
function subjectsOf(p: SettledPeriod) {
  const pairsOf = new Map<string, SubjectPair[]>();
  const inventory: InventoryRow[] = [];
  const ephiExposure: EphiExposureRow[] = [];
  const unmapped = new Map<string, { resources: number; records: number }>();
  const exceptions = new Map<string, ExceptionView[]>();
  for (const x of p.exceptions ?? []) {
    const key = exceptionKey(x.controlId, x.subjectKey);
    exceptions.set(key, [...(exceptions.get(key) ?? []), x]);
  }
  const inForceAtEnd = exceptionsInForce(p.exceptions ?? [], p.to);
  let records = 0;
  let resourceRecords = 0;
  let resourcesWithRecords = 0;
  for (const [key, head] of p.heads) {
    const s = p.subjects.get(key);
    const baseline = p.baselines.get(key) ?? new Map<string, VerdictRef>();
    const controlIds = new Set([...baseline.keys(), ...(s?.pairs.keys() ?? [])]);
    if (!s && baseline.size === 0) continue; // nothing in the period and no posture carried into it
    records += s?.records ?? 0;
    const subject = s?.subject ?? head.subject;
    const isResource = subjectKind(subject.resourceType) === 'resource';
    if (isResource) resourceRecords += s?.records ?? 0;
    if (isResource && (s?.records ?? 0) > 0) resourcesWithRecords++;
    const statuses: VerdictStatus[] = [];
    const views: PairView[] = [];
    for (const controlId of controlIds) {
      const tally = s?.pairs.get(controlId);
      const view: PairView = {
        controlId,
        baseline: baseline.get(controlId),
        latest: tally?.latest,
        changes: tally?.changes ?? [],
        verdicts: tally?.verdicts ?? 0,
        activity: tally?.activity ?? 0,
        exceptions: exceptions.get(exceptionKey(controlId, key)) ?? [],
      };
      views.push(view);
      const end = view.latest ?? view.baseline;
      if (end) statuses.push(end.status);
      const entry: SubjectPair = { subject: { subjectKey: key, subject }, pair: view };
      const verdict = endVerdict(entry.subject, view, inForceAtEnd);
      if (verdict) entry.verdict = verdict;
      const list = pairsOf.get(controlId);
      if (list) list.push(entry);
      else pairsOf.set(controlId, [entry]);
      if (!controlById(controlId) && isResource) {
        const u = unmapped.get(controlId) ?? { resources: 0, records: 0 };
        u.resources++;
        u.records += view.verdicts + view.activity;
        unmapped.set(controlId, u);
      }
    }
    if (head.ephi?.inScope) {
      const exposure = ephiExposureOf({ subjectKey: key, subject }, views, p.from, p.to);
      if (exposure) ephiExposure.push(exposure);
    }
    // collection health and sign-offs are not resources: they have sections of their own
    if (!isResource) continue;
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
  ephiExposure.sort(
    (a, b) => b.nonCompliantMs - a.nonCompliantMs || a.subjectKey.localeCompare(b.subjectKey),
  );
  return { pairsOf, inventory, unmapped, records, resourceRecords, resourcesWithRecords, ephiExposure };
}

/** How long an ePHI resource was NON_COMPLIANT on any control in the period; undefined when never. */
function ephiExposureOf(
  s: { subjectKey: string; subject: Subject },
  views: PairView[],
  from: string,
  to: string,
): EphiExposureRow | undefined {
  const controls: string[] = [];
  const intervals = views.flatMap((v) => {
    const list = nonCompliantIntervals(v, from, to);
    if (list.length > 0) controls.push(v.controlId);
    return list;
  });
  if (intervals.length === 0) return undefined;
  const end = Date.parse(to) + 1;
  return {
    ...s,
    nonCompliantMs: unionLength(intervals),
    controls: controls.sort(),
    ongoing: intervals.some((i) => i.end === end),
  };
}

/** One citation: its controls' verdicts at the end of the period, drifts, chart and shares. */
function citationSection(
  p: SettledPeriod,
  meta: { citation: string; title: string; requirement: CitationSection['requirement'] },
  pairsOf: Map<string, SubjectPair[]>,
  drifts: DriftEntry[],
  chart: ReturnType<typeof chartBuckets>,
  gaps: Map<string, string>,
): CitationSection {
  const controls = CONTROLS.filter((c) => c.citations.includes(meta.citation));
  const ids = new Set(controls.map((c) => c.id));
  const pairs = controls.flatMap((c) => pairsOf.get(c.id) ?? []);
  let citationRecords = 0;
  const verdicts: ResourceVerdict[] = [];
  for (const { pair, verdict } of pairs) {
    citationRecords += pair.verdicts + pair.activity;
    if (verdict) verdicts.push(verdict);
  }
  byControlThenSubject(verdicts);
  const citationDrifts = drifts.filter((d) => ids.has(d.controlId));
  // only AWS resources are charted and weigh in the share of time compliant
  const views = pairs.filter((x) => x.verdict?.kind === 'resource').map((x) => x.pair);
  const gap = controls.map((c) => gaps.get(c.id)).find((g) => g !== undefined);
  return {
    citation: meta.citation,
    title: meta.title,
    requirement: meta.requirement,
    controls: controls.map((c) => ({
      id: c.id,
      title: c.title,
      configRules: c.configRules,
      cloudTrailEvents: c.cloudTrailEvents,
      resourceTypes: c.resourceTypes,
    })),
    status: citationStatus(verdicts),
    ...(gap ? { gap } : {}),
    resources: verdicts.filter((v) => v.kind === 'resource'),
    collection: verdicts.filter((v) => v.kind === 'collection'),
    signOffVerdicts: verdicts.filter((v) => v.kind === 'sign-off'),
    drifts: citationDrifts,
    records: citationRecords,
    chart: { unit: chart.unit, buckets: chart.buckets.map((b) => bucketCounts(b, views, p.from)) },
    ...optional('compliantShare', compliantShare(views, p.from, p.to)),
    ...optional('meanTimeToRemediateMs', meanRemediation(citationDrifts)),
  };
}

/**
 * A citation's status: the worst verdict on its resources and sign-offs. Healthy collectors alone are
 * not evidence that a safeguard is in place (they say the sweep could look, not that it found anything),
 * so with nothing else the citation has NO_EVIDENCE; a failing collector still makes it NON_COMPLIANT.
 */
export function citationStatus(verdicts: readonly Pick<ResourceVerdict, 'kind' | 'status'>[]) {
  const evidence = verdicts.filter((v) => v.kind !== 'collection');
  if (evidence.length > 0) return worst(verdicts.map((v) => v.status));
  const failing = verdicts.filter((v) => v.status !== 'COMPLIANT');
  return failing.length > 0 ? worst(failing.map((v) => v.status)) : worst([]);
}
