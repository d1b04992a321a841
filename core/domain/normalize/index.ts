/**
 * Turns one inbound event (any supported kind) into observations. Pure: no I/O. Each outcome is an
 * observation, an `ignored` (valid, but bears on no catalogued control) or an `invalid` with a reason
 * naming what is wrong; invalid input is quarantined by the caller, never dropped.
 *
 * This module is the dispatcher at the top of the normalizers: it recognises an event's kind and hands
 * it to the module for that kind (config-events, cloudtrail, internal/), which build on the shared
 * leaves (outcome, subject, config-item, document, policy). Imports only point down, never back here.
 */
import {
  CLOUDTRAIL_INSIGHT_DETAIL_TYPE,
  CLOUDTRAIL_RECORD_DETAIL_TYPES,
  CloudTrailEventBridgeSchema,
  CloudTrailInsightEventBridgeSchema,
  CloudTrailInsightRecordSchema,
  CloudTrailRecordSchema,
  ConfigItemSchema,
  isInternalDetailType,
} from '../../../evidence-schemas';
import { subjectKey } from '../observation';
import type { RedactionPolicy } from '../redact';
import { fromCloudTrail, fromCloudTrailInsight } from './cloudtrail';
import { fromComplianceChange, fromConfigItemChange } from './config-events';
import { fromConfigItem } from './config-item';
import { asRecord, MAX_EVENT_DEPTH, nestsDeeperThan } from './document';
import { parseInternalEvent } from './internal';
import { describeIssues, invalid, type ParseOutcome } from './outcome';
import { DEFAULT_POLICY } from './policy';

export { fromConfigItem } from './config-item';
export { expandDocument, MAX_EVENT_DEPTH, nestsDeeperThan } from './document';
export { describeIssues, type ParseOutcome } from './outcome';
export { makeSubject } from './subject';

/**
 * Longest subject key (UTF-8 bytes) an event may have: the key is part of DynamoDB partition keys
 * (2048 bytes at most, with their prefix). A longer one is not a real
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
  // a rule's name becomes a control id in records and heads; AWS allows 128 characters
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
    if (isCloudTrailRecordDetailType(detailType)) {
      // API calls, sign-ins, service events and console actions: one record, judged by its event name
      const parsed = CloudTrailEventBridgeSchema.safeParse(rec);
      if (!parsed.success) return invalid(describeIssues(`invalid ${detailType} event`, parsed.error));
      return fromCloudTrail(parsed.data.detail, policy);
    }
    switch (detailType) {
      case 'Config Rules Compliance Change':
        return fromComplianceChange(rec);
      case 'Config Configuration Item Change':
        return fromConfigItemChange(rec, policy);
      case CLOUDTRAIL_INSIGHT_DETAIL_TYPE: {
        const parsed = CloudTrailInsightEventBridgeSchema.safeParse(rec);
        if (!parsed.success) return invalid(describeIssues(`invalid ${detailType} event`, parsed.error));
        return fromCloudTrailInsight(parsed.data.detail);
      }
      default:
        if (isInternalDetailType(detailType)) return parseInternalEvent(rec, policy);
        return invalid(`unsupported EventBridge detail-type "${detailType.slice(0, 80)}"`);
    }
  }
  // Insights records keep their event name inside insightDetails; some also carry a call's fields
  if (rec.eventType === 'AwsCloudTrailInsight') {
    const parsed = CloudTrailInsightRecordSchema.safeParse(rec);
    if (!parsed.success) return invalid(describeIssues('invalid CloudTrail Insights record', parsed.error));
    return fromCloudTrailInsight(parsed.data);
  }
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

const RECORD_DETAIL_TYPES: ReadonlySet<string> = new Set(CLOUDTRAIL_RECORD_DETAIL_TYPES);

function isCloudTrailRecordDetailType(t: string): t is (typeof CLOUDTRAIL_RECORD_DETAIL_TYPES)[number] {
  return RECORD_DETAIL_TYPES.has(t);
}
