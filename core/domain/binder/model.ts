/**
 * The binder model: what a period's evidence says, organised by HIPAA Security Rule citation. Types
 * only; `PeriodAggregator` (aggregate.ts) folds the records of a period into it, and the renderers
 * (core/adapters/binder) draw it.
 */

import type { NotableEntry, Subject, VerdictStatus } from '../../../evidence-schemas';
import type { HeadEphiScope } from '../../ports/evidence-store';
import type { Control } from '../catalog';
import type { DriftEvent } from '../drift';
import type { ControlPosture, ControlStatus, ExceptionRef, ViewStatus } from '../posture-view';
import type { SubjectKind } from '../subject-kind';
import type { CoverageGapEntry, EphiInventoryRow } from './coverage-sections';
import type { HumanEvidence } from './human-evidence';
import type { ManualSpecification } from './manual-evidence';
import type { ProvenanceSummary } from './provenance';
import type { SignOffEntry } from './sign-offs';

/**
 * A citation's status at the end of the period; NO_EVIDENCE when nothing bears on it, EXCEPTED when
 * every NON_COMPLIANT verdict is under an exception in force (posture-view.ts).
 */
export type CitationStatus = ControlStatus;

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
  /** the latest verdict per control (a head does not keep the verdicts' record hashes) */
  posture: Record<string, Omit<VerdictRef, 'recordHash' | 'sequence'>>;
  /** the subject's ePHI scope (the ePHI inventory section) */
  ephi?: HeadEphiScope;
}

/** What the aggregator needs of a record to decide whether it is in the binder. */
export interface RecordLocator {
  observedAt: string;
  subject: { accountId: string };
  integrity: { sequence: number; recordHash: string };
}

/** Why the aggregator leaves a record out of the binder. */
export type Exclusion = 'out-of-scope' | 'uncommitted';

/**
 * A drift the binder lists: the transition that opened it, whole as the drift machine made it (who,
 * when, which record with its hash and sequence), and the transition that resolved it, if one did by
 * the end of the period.
 */
export interface DriftEntry extends DriftEvent {
  resolution?: DriftEvent;
}

/** A subject's verdict on one control at the end of the period. */
export interface ResourceVerdict extends Omit<VerdictRef, 'status'> {
  /** the verdict; EXCEPTED when NON_COMPLIANT under an exception in force at the end of the period */
  status: ViewStatus;
  subjectKey: string;
  subject: Subject;
  controlId: string;
  /** an AWS resource, collection health (sweep collector, coverage check) or a sign-off */
  kind: SubjectKind;
  /** false when the verdict was made before the period and still held */
  inPeriod: boolean;
  /** the exception that makes it EXCEPTED */
  exception?: ExceptionRef;
}

/** One bar of a citation's posture chart. */
export interface ChartBucket {
  start: string;
  end: string;
  /** (resource, control) pairs non-compliant at any moment of the bucket */
  nonCompliant: number;
  /** pairs compliant throughout the bucket */
  compliant: number;
  /** pairs not applicable (and never non-compliant) in the bucket */
  notApplicable: number;
  /** pairs non-compliant in the bucket under an exception in force during it (not in `nonCompliant`) */
  excepted: number;
}

/** What the binder says of one HIPAA Security Rule citation. */
export interface CitationSection {
  citation: string;
  title: string;
  requirement: 'required' | 'addressable';
  controls: Pick<Control, 'id' | 'title' | 'configRules' | 'cloudTrailEvents' | 'resourceTypes'>[];
  /** at the end of the period, from every verdict (resources, collection health, sign-offs) */
  status: CitationStatus;
  /** an ongoing collection gap of one of its controls at the end of the period, in words */
  gap?: string;
  /** verdicts on AWS resources (the only ones counted as resources, charted and in the share) */
  resources: ResourceVerdict[];
  /** verdicts on collection health: the sweep's collectors, the coverage check */
  collection: ResourceVerdict[];
  /** verdicts on sign-off subjects (reviews, review-due notices, exceptions, decisions, documents) */
  signOffVerdicts: ResourceVerdict[];
  drifts: DriftEntry[];
  /** records of the period that bear on the citation's controls */
  records: number;
  chart: { unit: 'day' | 'week' | 'month'; buckets: ChartBucket[] };
  /** share of evidenced resource-time that was compliant, 0..1; undefined without evidence */
  compliantShare?: number;
  meanTimeToRemediateMs?: number;
  /** the decisions, documents, exceptions and reviews that answer this citation (sign-offs.ts) */
  signOffs?: SignOffEntry[];
  /**
   * notable activity of the period that bears on this citation (core/domain/notable.ts), oldest
   * first: findings to review, not posture
   */
  notable?: NotableEntry[];
}

/** An ePHI resource out of compliance at some moment of the period, and for how long in all. */
export interface EphiExposureRow {
  subjectKey: string;
  subject: Subject;
  /** total time NON_COMPLIANT on at least one control in the period (excepted time included) */
  nonCompliantMs: number;
  /** the controls it was NON_COMPLIANT on */
  controls: string[];
  /** still NON_COMPLIANT (or excepted) at the end of the period */
  ongoing: boolean;
}

/** One AWS resource evidenced in the period (or whose verdicts from before it still held). */
export interface InventoryRow {
  subjectKey: string;
  subject: Subject;
  records: number;
  firstObservedAt?: string;
  lastObservedAt?: string;
  controls: string[];
  status: CitationStatus;
}

/** Everything the binder's renderers draw, but the evidence index (streamed apart). */
export interface BinderModel {
  title: string;
  organisation?: string;
  period: { from: string; to: string };
  generatedAt: string;
  generator: { name: string; version: string };
  scope: { accounts: string[]; regions: string[]; accountFilter?: string[] };
  counts: {
    records: number;
    /** the records about resources (the rest are collection health and sign-offs) */
    resourceRecords: number;
    /** resources (inventory rows): collection health and sign-offs are not counted */
    subjects: number;
    /** of those, the resources with records in the period (the rest carry their posture into it) */
    resourcesWithRecords: number;
    drifts: number;
    resolved: number;
    /** records of the period left out: written after the export began or never committed */
    uncommitted: number;
  };
  meanTimeToRemediateMs?: number;
  /** share of evidenced resource-time compliant over the period, 0..1, across every citation */
  compliantShare?: number;
  citations: CitationSection[];
  /** per control of the catalog (and Config rules outside it), its posture at the end of the period */
  controls: ControlPosture[];
  /** NON_COMPLIANT verdicts under an exception in force at the end of the period */
  excepted: ResourceVerdict[];
  /** ePHI-scoped resources NON_COMPLIANT at some moment of the period, longest first */
  ephiExposure: EphiExposureRow[];
  /** collection health at the end of the period: the sweep's collectors and the coverage check */
  collection: ResourceVerdict[];
  /** AWS resources only (collection health and sign-offs have sections of their own) */
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
  /** every notable event of the period, oldest first (each citation section lists its own) */
  notable?: NotableEntry[];
  /** where the period's records came from, and what vouches for those imported from CloudTrail archives */
  provenance?: ProvenanceSummary;
}

/** The period and the accounts a binder covers. */
export interface PeriodOptions {
  from: string;
  to: string;
  /** only these accounts (12 digits); all when absent */
  accounts?: string[];
}

/** The title, organisation and generator a model is built with (what the records do not say). */
export interface ModelMeta {
  title: string;
  organisation?: string;
  generatedAt: string;
  generator: { name: string; version: string };
}

/** `n` and the noun, plural unless n is 1: "1 drift", "3 drifts". */
export const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The period's evidence in words, e.g. "133 evidence records: 98 about 21 resources, 35 on collection
 * health and sign-offs": every record is counted, and only resources are called resources. When some
 * resources have no record in the period (their posture carried into it), it says how many do:
 * "8 evidence records: 8 about 3 of the 29 resources, ...".
 */
export function evidenceCountText(counts: BinderModel['counts']): string {
  const other = counts.records - counts.resourceRecords;
  const resources = counted(counts.subjects, 'resource');
  const about =
    counts.resourcesWithRecords === counts.subjects
      ? resources
      : `${counts.resourcesWithRecords} of the ${resources}`;
  return (
    `${counted(counts.records, 'evidence record')}: ${counts.resourceRecords} about ${about}` +
    (other > 0 ? `, ${other} on collection health and sign-offs` : '')
  );
}
