/**
 * The binder model: what a period's evidence says, organised by HIPAA Security Rule citation. Types
 * only; `PeriodAggregator` (aggregate.ts) folds the records of a period into it, and the renderers
 * (core/adapters/binder) draw it.
 */
import type { NotableEntry, Subject, VerdictStatus } from '../../../evidence-schemas';
import type { HeadEphiScope } from '../../ports/evidence-store';
import type { Control } from '../catalog';
import type { DriftEvent } from '../drift';
import type { CoverageGapEntry, EphiInventoryRow } from './coverage-sections';
import type { HumanEvidence } from './human-evidence';
import type { ManualSpecification } from './manual-evidence';

/** A citation's status at the end of the period; NO_EVIDENCE when nothing bears on it. */
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

/** A resource's verdict on one control at the end of the period. */
export interface ResourceVerdict extends VerdictRef {
  subjectKey: string;
  subject: Subject;
  controlId: string;
  /** false when the verdict was made before the period and still held */
  inPeriod: boolean;
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
}

/** What the binder says of one HIPAA Security Rule citation. */
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
  /**
   * notable activity of the period that bears on this citation (core/domain/notable.ts), oldest
   * first: findings to review, not posture
   */
  notable?: NotableEntry[];
}

/** One resource evidenced in the period (or whose verdicts from before it still held). */
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
  /** every notable event of the period, oldest first (each citation section lists its own) */
  notable?: NotableEntry[];
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
