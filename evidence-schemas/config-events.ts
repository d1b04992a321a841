import { z } from 'zod';
import { AccountIdSchema, RegionSchema, TimestampSchema } from './common';
import { ConfigItemSchema, ConfigItemSummarySchema } from './config-item';
import { EventBridgeEnvelopeShape } from './eventbridge';

export const ComplianceTypeSchema = z.enum([
  'COMPLIANT',
  'NON_COMPLIANT',
  'NOT_APPLICABLE',
  'INSUFFICIENT_DATA',
]);

const EvaluationResultSchema = z
  .object({
    evaluationResultIdentifier: z
      .object({
        evaluationResultQualifier: z
          .object({ configRuleName: z.string(), resourceType: z.string(), resourceId: z.string() })
          .loose()
          .optional(),
        orderingTimestamp: TimestampSchema.optional(),
      })
      .loose()
      .optional(),
    complianceType: ComplianceTypeSchema,
    resultRecordedTime: TimestampSchema.optional(),
    configRuleInvokedTime: TimestampSchema.optional(),
    annotation: z.string().nullish(),
  })
  .loose();

/** `detail` of an EventBridge `Config Rules Compliance Change` event. */
export const ComplianceChangeDetailSchema = z
  .object({
    resourceId: z.string().min(1),
    resourceType: z.string().min(1),
    awsRegion: RegionSchema,
    awsAccountId: AccountIdSchema,
    configRuleName: z.string().min(1),
    configRuleARN: z.string().optional(),
    messageType: z.literal('ComplianceChangeNotification').optional(),
    newEvaluationResult: EvaluationResultSchema,
    // absent on a rule's first evaluation of a resource
    oldEvaluationResult: EvaluationResultSchema.nullish(),
    notificationCreationTime: TimestampSchema.optional(),
  })
  .loose();

export const ConfigComplianceChangeEventSchema = z
  .object({
    ...EventBridgeEnvelopeShape,
    'detail-type': z.literal('Config Rules Compliance Change'),
    source: z.literal('aws.config'),
    detail: ComplianceChangeDetailSchema,
  })
  .loose();
export type ConfigComplianceChangeEvent = z.infer<typeof ConfigComplianceChangeEventSchema>;

const ConfigurationItemDiffSchema = z
  .object({
    changeType: z.string().optional(),
    changedProperties: z.record(z.string(), z.unknown()).optional(),
  })
  .loose()
  .nullish();

export const ConfigItemChangeDetailSchema = z.discriminatedUnion('messageType', [
  z
    .object({
      messageType: z.literal('ConfigurationItemChangeNotification'),
      configurationItem: ConfigItemSchema,
      configurationItemDiff: ConfigurationItemDiffSchema,
      notificationCreationTime: TimestampSchema.optional(),
    })
    .loose(),
  z
    .object({
      messageType: z.literal('OversizedConfigurationItemChangeNotification'),
      configurationItemSummary: ConfigItemSummarySchema,
      s3DeliverySummary: z.object({ s3BucketLocation: z.string().nullish() }).loose().nullish(),
      notificationCreationTime: TimestampSchema.optional(),
    })
    .loose(),
]);

export const ConfigItemChangeEventSchema = z
  .object({
    ...EventBridgeEnvelopeShape,
    'detail-type': z.literal('Config Configuration Item Change'),
    source: z.literal('aws.config'),
    detail: ConfigItemChangeDetailSchema,
  })
  .loose();
export type ConfigItemChangeEvent = z.infer<typeof ConfigItemChangeEventSchema>;
