/**
 * The binder model from a settled period (see aggregate.ts): per subject its inventory row, per
 * citation its resources, drifts, chart and share of time compliant, and the totals. Pure.
 */
import type { Subject, VerdictStatus } from '../../../evidence-schemas';
import { CITATIONS, CONTROLS, controlById } from '../catalog';
import { subjectKind } from '../subject-kind';
import type { CoverageGapEntry, EphiInventoryRow } from './coverage-sections';
import { MANUAL_SPECIFICATIONS } from './manual-evidence';
import type {
  BinderModel,
  CitationSection,
  DriftEntry,
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
}

interface SubjectPair {
  subject: { subjectKey: string; subject: Subject };
  pair: PairView;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The model of a settled period. */
export function buildModel(p: SettledPeriod, meta: ModelMeta): BinderModel {
  const { pairsOf, inventory, unmapped, records } = subjectsOf(p);
  const drifts = [...p.drifts].sort((a, b) =>
    a.at === b.at ? a.evidenceId.localeCompare(b.evidenceId) : a.at < b.at ? -1 : 1,
  );
  const chart = chartBuckets(p.from, p.to);
  const citations = Object.entries(CITATIONS).map(([citation, c]) =>
    citationSection(p, { citation, ...c }, pairsOf, drifts, chart),
  );
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
      subjects: inventory.length,
      drifts: drifts.length,
      resolved: drifts.filter((d) => d.resolution !== undefined).length,
      uncommitted: p.uncommitted,
    },
    ...optional('meanTimeToRemediateMs', meanRemediation(drifts)),
    citations,
    inventory,
    manual: MANUAL_SPECIFICATIONS,
    coverageGaps: p.coverageGaps,
    ephiInventory: p.ephiInventory,
    unmapped: [...unmapped.entries()]
      .map(([controlId, u]) => ({ controlId, ...u }))
      .sort((a, b) => a.controlId.localeCompare(b.controlId)),
  };
}

/** Per subject its inventory row and its pairs (grouped by control); controls outside the catalog. */
function subjectsOf(p: SettledPeriod) {
  const pairsOf = new Map<string, SubjectPair[]>();
  const inventory: InventoryRow[] = [];
  const unmapped = new Map<string, { resources: number; records: number }>();
  let records = 0;
  for (const [key, head] of p.heads) {
    const s = p.subjects.get(key);
    const baseline = p.baselines.get(key) ?? new Map<string, VerdictRef>();
    const controlIds = new Set([...baseline.keys(), ...(s?.pairs.keys() ?? [])]);
    if (!s && baseline.size === 0) continue; // nothing in the period and no posture carried into it
    records += s?.records ?? 0;
    const subject = s?.subject ?? head.subject;
    // a sign-off is neither a resource nor a rule outside the catalog: it is attached to its
    // citations (sign-offs.ts); a review chain's verdicts still judge its review control
    const signOff = subjectKind(subject.resourceType) === 'sign-off';
    const statuses: VerdictStatus[] = [];
    for (const controlId of controlIds) {
      const tally = s?.pairs.get(controlId);
      const view: PairView = {
        controlId,
        baseline: baseline.get(controlId),
        latest: tally?.latest,
        changes: tally?.changes ?? [],
        verdicts: tally?.verdicts ?? 0,
        activity: tally?.activity ?? 0,
      };
      const end = view.latest ?? view.baseline;
      if (end) statuses.push(end.status);
      const list = pairsOf.get(controlId);
      const entry = { subject: { subjectKey: key, subject }, pair: view };
      if (list) list.push(entry);
      else pairsOf.set(controlId, [entry]);
      if (!signOff && !controlById(controlId)) {
        const u = unmapped.get(controlId) ?? { resources: 0, records: 0 };
        u.resources++;
        u.records += view.verdicts + view.activity;
        unmapped.set(controlId, u);
      }
    }
    if (signOff) continue;
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
  return { pairsOf, inventory, unmapped, records };
}

/** One citation: its controls' resources at the end of the period, drifts, chart and shares. */
function citationSection(
  p: SettledPeriod,
  meta: { citation: string; title: string; requirement: CitationSection['requirement'] },
  pairsOf: Map<string, SubjectPair[]>,
  drifts: DriftEntry[],
  chart: ReturnType<typeof chartBuckets>,
): CitationSection {
  const controls = CONTROLS.filter((c) => c.citations.includes(meta.citation));
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
  const views = pairs.map((x) => x.pair);
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
    status: worst(resources.map((r) => r.status)),
    resources,
    drifts: citationDrifts,
    records: citationRecords,
    chart: { unit: chart.unit, buckets: chart.buckets.map((b) => bucketCounts(b, views, p.from)) },
    ...optional('compliantShare', compliantShare(views, p.from, p.to)),
    ...optional('meanTimeToRemediateMs', meanRemediation(citationDrifts)),
  };
}
