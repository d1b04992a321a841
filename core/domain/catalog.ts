import type { Citation, ControlAssessment } from '../../evidence-schemas';
import { type CoverageFacts, coverageReason } from './coverage-facts';
import * as ev from './evaluators';
import type { Observation } from './observation';
import * as review from './review-evaluators';
import type { CollectionFacts } from './sweep-facts';
import type { Verdict } from './verdict';

/** A HIPAA Security Rule citation this catalog uses, with its title as in 45 CFR Part 164. */
export const CITATIONS: Record<string, { title: string; requirement: Citation['requirement'] }> = {
  '164.308(a)(1)(ii)(D)': { title: 'Information system activity review', requirement: 'required' },
  '164.308(a)(3)(ii)(B)': { title: 'Workforce clearance procedure', requirement: 'addressable' },
  '164.308(a)(4)(ii)(C)': { title: 'Access establishment and modification', requirement: 'addressable' },
  '164.312(a)(1)': { title: 'Access control', requirement: 'required' },
  '164.312(a)(2)(iv)': { title: 'Encryption and decryption', requirement: 'addressable' },
  '164.312(b)': { title: 'Audit controls', requirement: 'required' },
  '164.312(d)': { title: 'Person or entity authentication', requirement: 'required' },
  '164.312(e)(1)': { title: 'Transmission security', requirement: 'required' },
  '164.312(e)(2)(ii)': { title: 'Encryption (transmission)', requirement: 'addressable' },
  '164.316(b)(2)(i)': { title: 'Documentation time limit (retain six years)', requirement: 'required' },
};

export const CONTROL_FAMILIES = [
  'encryption-at-rest',
  'transmission',
  'audit',
  'retention',
  'access',
] as const;

export interface Control {
  id: string;
  title: string;
  family: (typeof CONTROL_FAMILIES)[number];
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
  evaluate: ev.Evaluator;
}

/** A daily sweep re-observes every control; two hours of slack absorb a late or slow run. */
export const DAILY_FRESHNESS_HOURS = 26;

export const CONTROLS: readonly Control[] = [
  {
    id: 's3-bucket-encryption',
    title: 'S3 buckets encrypt objects at rest by default',
    family: 'encryption-at-rest',
    citations: ['164.312(a)(2)(iv)'],
    configRules: ['s3-bucket-server-side-encryption-enabled', 's3-default-encryption-kms'],
    cloudTrailEvents: ['PutBucketEncryption', 'DeleteBucketEncryption'],
    resourceTypes: ['AWS::S3::Bucket'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.s3BucketEncryption,
  },
  {
    id: 'ebs-volume-encryption',
    title: 'EBS volumes are encrypted',
    family: 'encryption-at-rest',
    citations: ['164.312(a)(2)(iv)'],
    configRules: ['encrypted-volumes', 'ec2-ebs-encryption-by-default'],
    cloudTrailEvents: [],
    resourceTypes: ['AWS::EC2::Volume'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.ebsVolumeEncryption,
  },
  {
    id: 'rds-storage-encryption',
    title: 'RDS DB instance storage is encrypted',
    family: 'encryption-at-rest',
    citations: ['164.312(a)(2)(iv)'],
    configRules: ['rds-storage-encrypted', 'rds-snapshot-encrypted'],
    cloudTrailEvents: [],
    resourceTypes: ['AWS::RDS::DBInstance'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.rdsStorageEncryption,
  },
  {
    id: 'dynamodb-table-encryption',
    title: 'DynamoDB tables are encrypted at rest',
    family: 'encryption-at-rest',
    citations: ['164.312(a)(2)(iv)'],
    configRules: ['dynamodb-table-encrypted-kms', 'dynamodb-table-encryption-enabled'],
    cloudTrailEvents: [],
    resourceTypes: ['AWS::DynamoDB::Table'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.dynamodbTableEncryption,
  },
  {
    id: 'log-group-encryption',
    title: 'CloudWatch log groups are encrypted with KMS',
    family: 'encryption-at-rest',
    citations: ['164.312(a)(2)(iv)'],
    configRules: ['cloudwatch-log-group-encrypted'],
    cloudTrailEvents: ['AssociateKmsKey', 'DisassociateKmsKey'],
    resourceTypes: ['AWS::Logs::LogGroup'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.logGroupEncryption,
  },
  {
    id: 'cloudtrail-encryption',
    title: 'CloudTrail logs are encrypted with KMS',
    family: 'encryption-at-rest',
    citations: ['164.312(a)(2)(iv)'],
    configRules: ['cloud-trail-encryption-enabled'],
    cloudTrailEvents: ['CreateTrail', 'UpdateTrail'],
    resourceTypes: ['AWS::CloudTrail::Trail'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.cloudTrailEncryption,
  },
  {
    id: 'kms-key-rotation',
    title: 'KMS customer managed keys rotate automatically',
    family: 'encryption-at-rest',
    citations: ['164.312(a)(2)(iv)'],
    configRules: ['cmk-backing-key-rotation-enabled'],
    cloudTrailEvents: ['EnableKeyRotation', 'DisableKeyRotation'],
    resourceTypes: ['AWS::KMS::Key'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.kmsKeyRotation,
  },
  {
    id: 's3-bucket-tls',
    title: 'S3 bucket policies deny requests without TLS',
    family: 'transmission',
    citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
    configRules: ['s3-bucket-ssl-requests-only'],
    cloudTrailEvents: ['PutBucketPolicy', 'DeleteBucketPolicy'],
    resourceTypes: ['AWS::S3::Bucket'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.s3BucketTls,
  },
  {
    id: 'cloudtrail-logging',
    title: 'CloudTrail trails are logging',
    family: 'audit',
    citations: ['164.312(b)'],
    configRules: ['cloudtrail-enabled', 'cloud-trail-enabled', 'cloudtrail-security-trail-enabled'],
    cloudTrailEvents: ['StopLogging', 'StartLogging', 'DeleteTrail', 'CreateTrail'],
    resourceTypes: ['AWS::CloudTrail::Trail'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.cloudTrailLogging,
  },
  {
    id: 'cloudtrail-multi-region',
    title: 'CloudTrail records every region',
    family: 'audit',
    citations: ['164.312(b)'],
    configRules: ['multi-region-cloudtrail-enabled', 'multi-region-cloud-trail-enabled'],
    cloudTrailEvents: ['CreateTrail', 'UpdateTrail'],
    resourceTypes: ['AWS::CloudTrail::Trail'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.cloudTrailMultiRegion,
  },
  {
    id: 'cloudtrail-log-validation',
    title: 'CloudTrail log file integrity validation is on',
    family: 'audit',
    citations: ['164.312(b)'],
    configRules: ['cloud-trail-log-file-validation-enabled'],
    cloudTrailEvents: ['CreateTrail', 'UpdateTrail'],
    resourceTypes: ['AWS::CloudTrail::Trail'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.cloudTrailLogValidation,
  },
  {
    id: 'config-recorder',
    title: 'AWS Config keeps recording configuration changes',
    family: 'audit',
    citations: ['164.312(b)'],
    configRules: [],
    cloudTrailEvents: [
      'StopConfigurationRecorder',
      'StartConfigurationRecorder',
      'DeleteConfigurationRecorder',
    ],
    resourceTypes: [],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.configRecorder,
  },
  {
    id: 'log-retention',
    title: 'Log groups keep events for six years or more',
    family: 'retention',
    citations: ['164.316(b)(2)(i)'],
    configRules: ['cw-loggroup-retention-period-check'],
    cloudTrailEvents: ['PutRetentionPolicy', 'DeleteRetentionPolicy'],
    resourceTypes: ['AWS::Logs::LogGroup'],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.logRetention,
  },
  {
    id: 'root-account-use',
    title: 'The root user is not used and has no access keys',
    family: 'access',
    citations: ['164.312(a)(1)', '164.308(a)(3)(ii)(B)'],
    configRules: [
      'root-account-mfa-enabled',
      'root-account-hardware-mfa-enabled',
      'iam-root-access-key-check',
    ],
    cloudTrailEvents: ['ConsoleLogin', 'CreateAccessKey'],
    resourceTypes: [],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.rootAccountUse,
  },
  {
    id: 'iam-user-mfa',
    title: 'IAM users authenticate with MFA',
    family: 'access',
    citations: ['164.312(d)', '164.312(a)(1)'],
    configRules: ['iam-user-mfa-enabled', 'mfa-enabled-for-iam-console-access'],
    cloudTrailEvents: [
      'ConsoleLogin',
      'EnableMFADevice',
      'DeactivateMFADevice',
      'DeleteVirtualMFADevice',
      'CreateLoginProfile',
    ],
    resourceTypes: [],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.iamUserMfa,
  },
  {
    id: 'iam-access-keys',
    title: 'IAM access keys are rotated and unused credentials removed',
    family: 'access',
    citations: ['164.308(a)(4)(ii)(C)', '164.308(a)(3)(ii)(B)'],
    configRules: ['access-keys-rotated', 'iam-user-unused-credentials-check'],
    cloudTrailEvents: ['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey'],
    resourceTypes: [],
    freshnessHours: DAILY_FRESHNESS_HOURS,
    evaluate: ev.iamAccessKeys,
  },
  // human sign-offs (evidence-schemas/attestation.ts): judged from attestations, not from AWS
  {
    id: 'access-review',
    title: 'Who has access is reviewed and approved periodically',
    family: 'access',
    citations: ['164.308(a)(3)(ii)(B)', '164.308(a)(4)(ii)(C)'],
    configRules: [],
    cloudTrailEvents: [],
    resourceTypes: [],
    evaluate: review.accessReview,
  },
  {
    id: 'log-review',
    title: 'Audit logs and activity reports are reviewed periodically',
    family: 'audit',
    citations: ['164.308(a)(1)(ii)(D)', '164.312(b)'],
    configRules: [],
    cloudTrailEvents: [],
    resourceTypes: [],
    evaluate: review.logReview,
  },
];

const BY_ID = new Map(CONTROLS.map((c) => [c.id, c]));

export function controlById(id: string): Control | undefined {
  return BY_ID.get(id);
}

/** Every CloudTrail event name the catalog evaluates: what the EventBridge rule forwards. */
export function cloudTrailEventNames(): string[] {
  return [...new Set(CONTROLS.flatMap((c) => c.cloudTrailEvents))].sort();
}

/** Resource types whose configuration items are evidence. */
export function evaluatedResourceTypes(): Set<string> {
  return new Set(CONTROLS.flatMap((c) => c.resourceTypes));
}

export function citationsOf(ids: string[]): Citation[] {
  return ids.map((citation) => ({ citation, requirement: CITATIONS[citation]?.requirement ?? 'required' }));
}

/**
 * The managed-rule name behind a deployed rule name. Conformance packs deploy `<name>-conformance-pack-<id>`,
 * Security Hub deploys `securityhub-<name>-<suffix>`, and source identifiers are UPPER_SNAKE.
 */
export function managedRuleName(ruleName: string): string {
  let name = ruleName.trim();
  name = name.replace(/-conformance-pack-[a-z0-9]+$/i, '');
  const hub = /^securityhub-(.+)-[a-z0-9]{6,8}$/i.exec(name);
  if (hub?.[1]) name = hub[1];
  if (/^[A-Z0-9_]+$/.test(name)) name = name.toLowerCase().replace(/_/g, '-');
  return name.toLowerCase();
}

/** User mapping for custom rules: deployed or managed rule name -> control id. */
export type RuleMappings = Record<string, string>;

const RULE_TO_CONTROLS = new Map<string, string[]>();
for (const c of CONTROLS) {
  for (const r of c.configRules) RULE_TO_CONTROLS.set(r, [...(RULE_TO_CONTROLS.get(r) ?? []), c.id]);
}

/** Controls a Config rule's verdict belongs to; empty when the rule is not mapped. */
export function controlsForRule(ruleName: string, mappings: RuleMappings = {}): string[] {
  const custom = mappings[ruleName] ?? mappings[managedRuleName(ruleName)];
  if (custom) return [custom];
  return RULE_TO_CONTROLS.get(managedRuleName(ruleName)) ?? [];
}

function assessment(controlId: string, citations: string[], v: Verdict): ControlAssessment {
  return {
    controlId,
    citations: citationsOf(citations),
    status: v.status,
    reason: v.reason,
    affectsPosture: v.affectsPosture ?? true,
  };
}

/**
 * A sweep collector's health: an API that failed leaves the controls it serves unevidenced, so each is
 * NON_COMPLIANT on the collector's subject until the API works again (COMPLIANT resolves it).
 */
function assessCollection(f: CollectionFacts): ControlAssessment[] {
  const failedOn = f.failedResources?.length ? ` on ${f.failedResources.join(', ')}` : '';
  const verdict: Verdict =
    f.status === 'gap'
      ? {
          status: 'NON_COMPLIANT',
          reason: `collection gap: ${f.api} failed (${f.errorCode ?? 'error'})${failedOn}; this control is not evidenced by the sweep`,
        }
      : { status: 'COMPLIANT', reason: `collector ${f.api} read its evidence` };
  return f.controls.map((id) => assessment(id, controlById(id)?.citations ?? [], verdict));
}

/**
 * Judges one observation against the whole catalog. A failed call (errorCode) is evidence of an
 * attempt only: its assessments never move posture.
 */
export function assess(obs: Observation, mappings: RuleMappings = {}): ControlAssessment[] {
  const f = obs.facts;
  if (f.type === 'config-rule-evaluation') {
    const ids = controlsForRule(f.ruleName, mappings);
    const insufficient = f.complianceType === 'INSUFFICIENT_DATA';
    const verdict: Verdict = {
      status: f.complianceType === 'INSUFFICIENT_DATA' ? 'NOT_APPLICABLE' : f.complianceType,
      reason: `AWS Config rule ${f.ruleName}: ${f.complianceType}${f.annotation ? ` (${f.annotation})` : ''}`,
      ...(insufficient ? { affectsPosture: false } : {}),
    };
    if (ids.length === 0) return [assessment(`config-rule:${f.managedRuleName}`, [], verdict)];
    return ids.map((id) => assessment(id, controlById(id)?.citations ?? [], verdict));
  }
  if (f.type === 'coverage') return [coverageAssessment(f)];
  if (f.type === 'collection') return assessCollection(f);
  if (f.type === 'configuration' && f.deleted) {
    return CONTROLS.filter((c) => c.resourceTypes.includes(f.resourceType)).map((c) =>
      assessment(c.id, c.citations, {
        status: 'NOT_APPLICABLE',
        reason: `resource ${f.status}: no longer in scope`,
      }),
    );
  }
  const recordOnly = review.recordOnlyAssessment(f, controlById, citationsOf);
  if (recordOnly) return [recordOnly];
  const failed = (f.type === 'api-call' || f.type === 'console-sign-in') && f.errorCode !== undefined;
  const out: ControlAssessment[] = [];
  for (const c of CONTROLS) {
    const v = c.evaluate(f);
    if (!v) continue;
    const a = assessment(c.id, c.citations, v);
    if (failed) {
      a.affectsPosture = false;
      a.reason = `attempt failed (${f.errorCode}): ${a.reason}`;
    }
    out.push(a);
  }
  return out;
}

/** A coverage check judges the one control it reports on: a gap is NON_COMPLIANT for that control. */
function coverageAssessment(f: CoverageFacts): ControlAssessment {
  const status = f.state === 'gap' ? 'NON_COMPLIANT' : f.state === 'fresh' ? 'COMPLIANT' : 'NOT_APPLICABLE';
  return assessment(f.controlId, controlById(f.controlId)?.citations ?? [], {
    status,
    reason: coverageReason(f),
  });
}
