/**
 * AWS Config's EventBridge events: 'Config Rules Compliance Change' (a rule's verdict on a resource)
 * and 'Config Configuration Item Change' (a full item, or the summary Config sends when the item is
 * too large to deliver).
 */
import { ConfigComplianceChangeEventSchema, ConfigItemChangeEventSchema } from '../../../evidence-schemas';
import { managedRuleName } from '../catalog';
import type { Facts } from '../observation';
import type { RedactionPolicy } from '../redact';
import { configItemEventId, fromConfigItem, ignoredItem, RELEVANT_TYPES } from './config-item';
import { describeIssues, invalid, type ParseOutcome } from './outcome';
import { makeSubject } from './subject';

/** Observation of a rule's new verdict, dated by the evaluation itself rather than by delivery. */
export function fromComplianceChange(rec: Record<string, unknown>): ParseOutcome {
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

/** Observation of a changed item: its full configuration, or only its summary when it was oversized. */
export function fromConfigItemChange(rec: Record<string, unknown>, policy: RedactionPolicy): ParseOutcome {
  const parsed = ConfigItemChangeEventSchema.safeParse(rec);
  if (!parsed.success)
    return invalid(describeIssues('invalid Config Configuration Item Change event', parsed.error));
  const d = parsed.data.detail;
  if (d.messageType === 'ConfigurationItemChangeNotification') {
    return fromConfigItem(d.configurationItem, 'config-item-change', policy);
  }
  const s = d.configurationItemSummary;
  if (!RELEVANT_TYPES.has(s.resourceType)) return ignoredItem(s);
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
