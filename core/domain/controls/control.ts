/**
 * What a control is: the shape every file under core/domain/controls/<family>/ exports as `control`.
 * A control is one pure evaluator plus the metadata that says what evidences it (Config rules,
 * CloudTrail events, resource types, the sweep calls that read it) and which HIPAA citations it serves.
 */
import type { Facts } from '../observation';
import type { Verdict } from '../verdict';

/**
 * Judges the facts of one observation: a verdict, or undefined when the facts do not bear on the
 * control. Config rule evaluations are mapped to controls by the catalog, not by evaluators.
 */
export type Evaluator = (facts: Facts) => Verdict | undefined;

/** Families of controls; a control file lives in the folder named by its family. */
export const CONTROL_FAMILIES = [
  'encryption-at-rest',
  'transmission',
  'audit',
  'retention',
  'access',
  'public-exposure',
  'contingency',
  'integrity',
  'threat-detection',
] as const;

export type ControlFamily = (typeof CONTROL_FAMILIES)[number];

/**
 * How far the sweep role's IAM statement for an action can be scoped (lib/scheduled-evidence.ts turns
 * each class into resource ARNs): `unscoped` for actions without resource-level permissions (Resource
 * "*"), otherwise the kind of resource the action is authorized on.
 */
export const SWEEP_SCOPES = [
  'unscoped',
  'configRules',
  'trails',
  'users',
  'roles',
  'logGroups',
  'keys',
  'buckets',
  'functions',
  'dbSnapshots',
  // databases (RDS, Redshift, ElastiCache)
  'redshiftClusters',
  // stores read one by one: EFS file systems, SNS topics, SQS queues, Kinesis streams, EKS clusters
  'efsFileSystems',
  'snsTopics',
  'sqsQueues',
  'kinesisStreams',
  'eksClusters',
  // search and machine learning (OpenSearch, SageMaker)
  'opensearchDomains',
  'sagemakerResources',
  // network edge: REST APIs and their stages (apigateway:GET on any other path reads API keys)
  'restApis',
  // storage: DynamoDB tables and AWS Backup plans of the swept region
  'tables',
  'backupPlans',
  'backupVaults',
  // threat detection: this region's GuardDuty detector and Security Hub
  'detectors',
  'hubs',
  // identity: customer managed IAM policies
  'policies',
] as const;

export type SweepScope = (typeof SWEEP_SCOPES)[number];

/** One API call of the scheduled sweep (core/adapters/sweep), as a control or collector declares it. */
export interface SweepCall {
  /** service:Operation as the SDK names the operation; the collectors log their calls by it */
  api: string;
  /** The IAM action authorizing the call, when IAM names it differently from the operation */
  iamAction?: string;
  /** The resource class the sweep role's statement for this action is scoped to */
  scope: SweepScope;
}

export interface Control {
  id: string;
  title: string;
  family: ControlFamily;
  /** Citation ids of the catalog's CITATIONS table (which says whether each is required or addressable) */
  citations: string[];
  /** AWS Config managed rules (names as in the HIPAA conformance pack) whose verdicts are this control's */
  configRules: string[];
  /** CloudTrail event names that bear on this control */
  cloudTrailEvents: string[];
  /** Resource types whose configuration items this control evaluates */
  resourceTypes: string[];
  /**
   * How often fresh evidence of this control is expected, in hours. Longer without any in an account and
   * region where it has had evidence is a coverage gap (core/domain/coverage.ts). The daily sweep
   * re-observes every control, so the default is one day plus two hours of slack for a late run.
   * Absent for human sign-offs: they have their own cadence (overdue reviews, core/domain/reviews.ts).
   */
  freshnessHours?: number;
  /**
   * The sweep calls that serve this control alone or with a few others, beyond those every control of
   * its kind gets from core/domain/controls/sweep-calls.ts (Config rule results for controls with
   * configRules, the reads of its resource types). A failed call leaves the controls it serves
   * unevidenced; the calls are also the sweep role's IAM policy.
   */
  sweepCalls: SweepCall[];
  /**
   * Prowler check ids that test the same safeguard, for teams mapping their Prowler findings onto this
   * catalog. Absent (no mapping yet) until the catalog names them; `evidence controls` lists them.
   */
  prowlerChecks?: readonly string[];
  /**
   * The fix, in one line an on-call engineer can act on (Slack and the binder print it beside a
   * non-compliant verdict), e.g. "Turn on default encryption (SSE-KMS) on the bucket".
   */
  remediation?: string;
  /**
   * True when the evaluator measures a time (a certificate's days left) to the observation's day: the
   * configuration items of its resource types then carry `context.asOf` (core/domain/normalize/config-item.ts),
   * so the verdict never depends on the wall clock.
   */
  measuresTime?: boolean;
  /**
   * The evaluator. The catalog calls it only for configuration items of its `resourceTypes` and
   * CloudTrail calls and sign-ins named in its `cloudTrailEvents` (and for every other kind of facts),
   * so those lists must name everything it judges (test/core/domain/catalog-index.test.ts checks).
   */
  evaluate: Evaluator;
}

/** A daily sweep re-observes every control; two hours of slack absorb a late or slow run. */
export const DAILY_FRESHNESS_HOURS = 26;
