/**
 * Turns one inbound event (any supported kind) into observations. Pure: no I/O. Each outcome is an
 * observation, an `ignored` (valid, but bears on no catalogued control) or an `invalid` with a reason
 * naming what is wrong; invalid input is quarantined by the caller, never dropped.
 */
import { z } from 'zod';
import {
  AccountIdSchema,
  type Actor,
  CloudTrailEventBridgeSchema,
  type CloudTrailRecord,
  CloudTrailRecordSchema,
  ConfigComplianceChangeEventSchema,
  ConfigItemChangeEventSchema,
  ConfigItemSchema,
  isInternalDetailType,
  type NormalizedConfigItem,
  type Subject,
} from '../../evidence-schemas';
import { canonicalArn, deriveArn, partitionOf } from './arn';
import { cloudTrailEventNames, evaluatedResourceTypes, managedRuleName } from './catalog';
import { DEFAULT_EPHI_TAGS, ephiScopeOf, tagPairs } from './ephi';
import { field, str } from './facts-access';
import { hashCanonical } from './hashing';
import { parseInternalEvent } from './normalize-internal';
import { type Facts, type Observation, subjectKey } from './observation';
import { type RedactionPolicy, redactionPolicy, redactObject } from './redact';

export type ParseOutcome =
  | { kind: 'observation'; observation: Observation }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

const invalid = (reason: string): ParseOutcome => ({ kind: 'invalid', reason });
const ignored = (reason: string): ParseOutcome => ({ kind: 'ignored', reason });

/** A readable one-line account of what a zod schema rejected. */
export function describeIssues(prefix: string, error: z.ZodError): string {
  const parts = error.issues
    .slice(0, 4)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const more = error.issues.length > 4 ? ` (+${error.issues.length - 4} more)` : '';
  return `${prefix}: ${parts.join('; ')}${more}`;
}

const DEFAULT_POLICY = redactionPolicy();
const RELEVANT_EVENTS = new Set(cloudTrailEventNames());
const RELEVANT_TYPES = evaluatedResourceTypes();

function asRecord(value: unknown): Record<string, unknown> | undefined {
  const r = z.record(z.string(), z.unknown()).safeParse(value);
  return r.success ? r.data : undefined;
}

/**
 * Splits an input document into the events it holds: a JSON array is its elements, a CloudTrail log
 * file is its `Records`, anything else is one event.
 */
export function expandDocument(doc: unknown): unknown[] {
  // iterative, in document order: an array nested thousands deep must not overflow the stack
  const out: unknown[] = [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const d = stack.pop();
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push(d[i]);
      continue;
    }
    const rec = asRecord(d);
    if (rec && Array.isArray(rec.Records) && !('detail-type' in rec)) out.push(...rec.Records);
    else out.push(d);
  }
  return out;
}

/** Deeper than any AWS event or configuration item; deeper input is refused before anything recurses. */
export const MAX_EVENT_DEPTH = 64;

/** Whether a JSON value nests deeper than `max` levels (checked without recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Longest subject key (UTF-8 bytes) an event may have: the key is part of DynamoDB partition keys
 * (2048 bytes at most) and of the posture index's sort key (1024 at most). A longer one is not a real
 * resource; without this check one such event would fail, and keep failing, its whole batch.
 */
export const MAX_SUBJECT_KEY_BYTES = 1000;

/** Parses one event of any supported kind. */
export function parseEvent(raw: unknown, policy: RedactionPolicy = DEFAULT_POLICY): ParseOutcome {
  const outcome = parseAnyEvent(raw, policy);
  if (outcome.kind !== 'observation') return outcome;
  const bytes = Buffer.byteLength(subjectKey(outcome.observation.subject), 'utf8');
  if (bytes > MAX_SUBJECT_KEY_BYTES)
    return invalid(`the resource's identifier is ${bytes} bytes long, more than ${MAX_SUBJECT_KEY_BYTES}`);
  const { facts } = outcome.observation;
  // a rule's name becomes a control id, part of the posture index's keys; AWS allows 128 characters
  if (facts.type === 'config-rule-evaluation' && facts.ruleName.length > MAX_RULE_NAME)
    return invalid(
      `config rule name is ${facts.ruleName.length} characters long, more than ${MAX_RULE_NAME}`,
    );
  return outcome;
}

/** AWS Config's limit on a rule name. */
const MAX_RULE_NAME = 128;

function parseAnyEvent(raw: unknown, policy: RedactionPolicy): ParseOutcome {
  const rec = asRecord(raw);
  // redaction, hashing and serialization all recurse: refuse hostile nesting here, with a reason
  if (rec && nestsDeeperThan(rec, MAX_EVENT_DEPTH))
    return invalid(`event nests deeper than ${MAX_EVENT_DEPTH} levels`);
  if (!rec)
    return invalid(
      `expected a JSON object, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`,
    );
  const detailType = rec['detail-type'];
  if (typeof detailType === 'string') {
    switch (detailType) {
      case 'Config Rules Compliance Change':
        return fromComplianceChange(rec);
      case 'Config Configuration Item Change':
        return fromConfigItemChange(rec, policy);
      case 'AWS API Call via CloudTrail':
      case 'AWS Console Sign In via CloudTrail': {
        const parsed = CloudTrailEventBridgeSchema.safeParse(rec);
        if (!parsed.success) return invalid(describeIssues(`invalid ${detailType} event`, parsed.error));
        return fromCloudTrail(parsed.data.detail, policy);
      }
      case 'AWS Insight via CloudTrail':
        return ignored('CloudTrail Insights event (an anomaly summary, not an API call)');
      default:
        if (isInternalDetailType(detailType)) return parseInternalEvent(rec, policy);
        return invalid(`unsupported EventBridge detail-type "${detailType.slice(0, 80)}"`);
    }
  }
  if (rec.eventType === 'AwsCloudTrailInsight')
    return ignored('CloudTrail Insights event (an anomaly summary, not an API call)');
  if ('eventName' in rec && 'eventSource' in rec && 'eventTime' in rec) {
    const parsed = CloudTrailRecordSchema.safeParse(rec);
    if (!parsed.success) return invalid(describeIssues('invalid CloudTrail record', parsed.error));
    return fromCloudTrail(parsed.data, policy);
  }
  if ('configurationItemCaptureTime' in rec && 'resourceType' in rec) {
    const parsed = ConfigItemSchema.safeParse(rec);
    if (!parsed.success) return invalid(describeIssues('invalid configuration item', parsed.error));
    return fromConfigItem(parsed.data, 'config-item', policy);
  }
  return invalid(
    'unrecognised event: not an EventBridge event (detail-type), a CloudTrail record (eventName, eventSource, eventTime) or a configuration item',
  );
}

function fromComplianceChange(rec: Record<string, unknown>): ParseOutcome {
  const parsed = ConfigComplianceChangeEventSchema.safeParse(rec);
  if (!parsed.success)
    return invalid(describeIssues('invalid Config Rules Compliance Change event', parsed.error));
  const e = parsed.data;
  const d = e.detail;
  const result = d.newEvaluationResult;
  const observedAt =
    result.evaluationResultIdentifier?.orderingTimestamp ??
    result.resultRecordedTime ??
    d.notificationCreationTime ??
    e.time;
  const subject = makeSubject(d.awsAccountId, d.awsRegion, d.resourceType, d.resourceId);
  const facts: Facts = {
    type: 'config-rule-evaluation',
    ruleName: d.configRuleName,
    managedRuleName: managedRuleName(d.configRuleName),
    complianceType: result.complianceType,
    ...(d.oldEvaluationResult ? { previousComplianceType: d.oldEvaluationResult.complianceType } : {}),
    ...(result.annotation ? { annotation: result.annotation } : {}),
  };
  return {
    kind: 'observation',
    observation: {
      subject,
      source: {
        kind: 'config-compliance-change',
        eventId: `config-eval:${d.configRuleName}:${d.resourceType}:${d.resourceId}:${observedAt}`,
        eventTime: e.time,
        configRuleName: d.configRuleName,
      },
      observedAt,
      facts,
    },
  };
}

function fromConfigItemChange(rec: Record<string, unknown>, policy: RedactionPolicy): ParseOutcome {
  const parsed = ConfigItemChangeEventSchema.safeParse(rec);
  if (!parsed.success)
    return invalid(describeIssues('invalid Config Configuration Item Change event', parsed.error));
  const d = parsed.data.detail;
  if (d.messageType === 'ConfigurationItemChangeNotification') {
    return fromConfigItem(d.configurationItem, 'config-item-change', policy);
  }
  const s = d.configurationItemSummary;
  if (!RELEVANT_TYPES.has(s.resourceType)) return ignored(`no control evaluates ${s.resourceType}`);
  return {
    kind: 'observation',
    observation: {
      subject: makeSubject(s.accountId, s.region, s.resourceType, s.resourceId, s.arn),
      source: {
        kind: 'config-item-oversized',
        eventId: configItemEventId(s),
        eventTime: parsed.data.time,
      },
      observedAt: s.captureTime,
      facts: {
        type: 'configuration-summary',
        resourceType: s.resourceType,
        status: s.status ?? 'OK',
        ...(d.s3DeliverySummary?.s3BucketLocation
          ? { s3BucketLocation: d.s3DeliverySummary.s3BucketLocation }
          : {}),
      },
    },
  };
}

function configItemEventId(ci: NormalizedConfigItem): string {
  return `config-ci:${ci.resourceType}:${ci.resourceId}:${ci.stateId ?? ci.captureTime}`;
}

const DELETED_STATUSES = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

/** Observation from a full configuration item (from an event, the Config API or a history file). */
export function fromConfigItem(
  ci: NormalizedConfigItem,
  kind: 'config-item-change' | 'config-item' | 'sweep',
  policy: RedactionPolicy = DEFAULT_POLICY,
): ParseOutcome {
  if (!RELEVANT_TYPES.has(ci.resourceType)) return ignored(`no control evaluates ${ci.resourceType}`);
  const status = ci.status ?? 'OK';
  const facts: Facts = {
    type: 'configuration',
    resourceType: ci.resourceType,
    status,
    deleted: DELETED_STATUSES.has(status),
    configuration: redactObject(ci.configuration, policy),
    supplementaryConfiguration: redactObject(ci.supplementaryConfiguration, policy),
    // tag values can be anything a customer typed, PHI included: keep only the keys
    tagKeys: Object.keys(ci.tags).sort(),
  };
  // scope is decided here, from the raw tags before they are dropped; only the outcome is kept
  const ephi = ephiScopeOf(
    tagPairs(ci.tags, ci.supplementaryConfiguration),
    policy.ephiTags ?? DEFAULT_EPHI_TAGS,
  );
  if (ephi && facts.type === 'configuration') facts.ephi = ephi;
  return {
    kind: 'observation',
    observation: {
      subject: makeSubject(ci.accountId, ci.region, ci.resourceType, ci.resourceId, ci.arn),
      source: { kind, eventId: configItemEventId(ci), eventTime: ci.captureTime },
      observedAt: ci.captureTime,
      facts,
    },
  };
}

export function makeSubject(
  accountId: string,
  region: string,
  resourceType: string,
  resourceId: string,
  arn?: string,
): Subject {
  const resolved = arn ? canonicalArn(arn) : deriveArn(resourceType, resourceId, accountId, region);
  return { accountId, region, resourceType, resourceId, ...(resolved ? { arn: resolved } : {}) };
}

function actorOf(r: CloudTrailRecord): Actor {
  const u = r.userIdentity;
  const mfa = u?.sessionContext?.attributes?.mfaAuthenticated;
  return {
    principalType: u?.type ?? 'Unknown',
    ...(u?.arn ? { principalArn: u.arn } : {}),
    ...(u?.accountId ? { accountId: u.accountId } : {}),
    ...(u?.userName ? { userName: u.userName } : {}),
    ...(u?.invokedBy ? { invokedBy: u.invokedBy } : {}),
    ...(r.sourceIPAddress ? { sourceIpAddress: r.sourceIPAddress } : {}),
    ...(mfa !== undefined ? { mfaAuthenticated: mfa === true || mfa === 'true' } : {}),
  };
}

/** The resource a CloudTrail call acts on, from its request (or response) parameters. */
function cloudTrailSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  const req = r.requestParameters ?? {};
  const res = r.responseElements ?? {};
  const region = r.awsRegion;
  const p = partitionOf(region);
  const userTarget = (): Subject | undefined => {
    const userName = str(field(req, 'userName'));
    if (userName)
      return makeSubject(
        account,
        'global',
        'AWS::IAM::User',
        userName,
        `arn:${p}:iam::${account}:user/${userName}`,
      );
    return callerSubject(r, account);
  };
  switch (r.eventName) {
    case 'StopLogging':
    case 'StartLogging':
    case 'DeleteTrail':
    case 'UpdateTrail':
    case 'CreateTrail': {
      const name = str(field(res, 'trailARN')) ?? str(field(req, 'name'));
      if (!name) return undefined;
      if (name.startsWith('arn:'))
        return makeSubject(account, region, 'AWS::CloudTrail::Trail', name.split('/').pop() ?? name, name);
      return makeSubject(account, region, 'AWS::CloudTrail::Trail', name);
    }
    case 'StopConfigurationRecorder':
    case 'StartConfigurationRecorder':
    case 'DeleteConfigurationRecorder': {
      const name = str(field(req, 'configurationRecorderName'));
      return name ? makeSubject(account, region, 'AWS::Config::ConfigurationRecorder', name) : undefined;
    }
    case 'PutRetentionPolicy':
    case 'DeleteRetentionPolicy':
    case 'AssociateKmsKey':
    case 'DisassociateKmsKey': {
      const name = str(field(req, 'logGroupName'));
      return name ? makeSubject(account, region, 'AWS::Logs::LogGroup', name) : undefined;
    }
    case 'PutBucketEncryption':
    case 'DeleteBucketEncryption':
    case 'PutBucketPolicy':
    case 'DeleteBucketPolicy': {
      const name = str(field(req, 'bucketName'));
      return name ? makeSubject(account, region, 'AWS::S3::Bucket', name) : undefined;
    }
    case 'EnableKeyRotation':
    case 'DisableKeyRotation': {
      const keyId = str(field(req, 'keyId'));
      if (!keyId) return undefined;
      const id = keyId.startsWith('arn:') ? (keyId.split('/').pop() ?? keyId) : keyId;
      return makeSubject(account, region, 'AWS::KMS::Key', id);
    }
    case 'CreateAccessKey':
    case 'UpdateAccessKey':
    case 'DeleteAccessKey':
    case 'EnableMFADevice':
    case 'DeactivateMFADevice':
    case 'DeleteVirtualMFADevice':
    case 'CreateLoginProfile':
      return userTarget();
    default:
      return undefined;
  }
}

/** The identity that made a call or signed in. */
function callerSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  const u = r.userIdentity;
  if (u?.type === 'Root') return makeSubject(account, 'global', 'AWS::::Account', account);
  if (u?.type === 'IAMUser') {
    const name = u.userName ?? u.arn?.split('/').pop();
    if (!name) return undefined;
    // a failed sign-in carries no arn: derive it, so the user's successes and failures share a chain
    const arn = u.arn ?? `arn:${partitionOf(r.awsRegion)}:iam::${account}:user/${name}`;
    return makeSubject(account, 'global', 'AWS::IAM::User', name, arn);
  }
  return undefined;
}

/** The record's own eventID, or for first-format records without one, a hash of the record itself. */
function cloudTrailEventId(r: CloudTrailRecord): string {
  return r.eventID ?? `cloudtrail-sha256:${hashCanonical(r)}`;
}

function fromCloudTrail(r: CloudTrailRecord, policy: RedactionPolicy): ParseOutcome {
  const account = r.recipientAccountId ?? AccountIdSchema.parse(r.userIdentity?.accountId);
  const actor = actorOf(r);
  const base = {
    eventId: cloudTrailEventId(r),
    eventTime: r.eventTime,
    eventName: r.eventName,
    eventSource: r.eventSource,
    ...(r.errorCode ? { errorCode: r.errorCode } : {}),
  };
  if (r.eventName === 'ConsoleLogin') {
    const subject = callerSubject(r, account);
    if (!subject)
      return ignored(
        `console sign-in by a ${r.userIdentity?.type ?? 'unknown'} identity bears on no control`,
      );
    const result = str(field(r.responseElements, 'ConsoleLogin')) ?? (r.errorCode ? 'Failure' : 'Unknown');
    const mfa = str(field(r.additionalEventData, 'MFAUsed'));
    return {
      kind: 'observation',
      observation: {
        subject,
        source: { kind: 'cloudtrail-console-sign-in', ...base },
        actor,
        observedAt: r.eventTime,
        facts: {
          type: 'console-sign-in',
          eventName: r.eventName,
          result,
          ...(mfa ? { mfaUsed: mfa === 'Yes' } : {}),
          identityType: r.userIdentity?.type ?? 'Unknown',
          ...(r.errorCode ? { errorCode: r.errorCode } : {}),
        },
      },
    };
  }
  if (!RELEVANT_EVENTS.has(r.eventName))
    return ignored(`CloudTrail event ${r.eventName} bears on no control`);
  const subject = cloudTrailSubject(r, account);
  if (!subject) {
    // a relevant call whose target we cannot name is still evidence: keep it, with the reason
    return invalid(`CloudTrail ${r.eventName} names no resource in requestParameters; kept for review`);
  }
  return {
    kind: 'observation',
    observation: {
      subject,
      source: { kind: 'cloudtrail-api-call', ...base },
      actor,
      observedAt: r.eventTime,
      facts: {
        type: 'api-call',
        callerType: r.userIdentity?.type ?? 'Unknown',
        eventSource: r.eventSource,
        eventName: r.eventName,
        ...(r.errorCode ? { errorCode: r.errorCode } : {}),
        requestParameters: redactObject(r.requestParameters ?? {}, policy),
        responseElements: redactObject(r.responseElements ?? {}, policy),
      },
    },
  };
}
