import { z } from 'zod';
import { AccountIdSchema, RegionSchema, TimestampSchema } from './common';
import { EventBridgeEnvelopeShape } from './eventbridge';

export const UserIdentitySchema = z
  .object({
    type: z.string().optional(),
    principalId: z.string().optional(),
    arn: z.string().optional(),
    // not always an account: unauthenticated S3 requests carry "ANONYMOUS_PRINCIPAL"
    accountId: z.string().optional(),
    userName: z.string().optional(),
    invokedBy: z.string().optional(),
    sessionContext: z
      .object({
        sessionIssuer: z
          .object({ type: z.string().optional(), arn: z.string().optional() })
          .loose()
          .optional(),
        attributes: z
          .object({ mfaAuthenticated: z.union([z.string(), z.boolean()]).optional() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

const ObjectOrNull = z.record(z.string(), z.unknown()).nullish();

/**
 * One CloudTrail record, as in a log file's `Records` array and as the `detail` of an EventBridge
 * event of one of {@link CLOUDTRAIL_RECORD_DETAIL_TYPES}. Service events (`eventType` AwsServiceEvent,
 * made by AWS itself, e.g. a scheduled key rotation) often have no sourceIPAddress and an identity
 * without a type; console actions (AwsConsoleAction) have the shape of an API call.
 */
export const CloudTrailRecordSchema = z
  .object({
    eventVersion: z.string().optional(),
    userIdentity: UserIdentitySchema.optional(),
    eventTime: TimestampSchema,
    eventSource: z.string().min(1),
    eventName: z.string().min(1),
    awsRegion: RegionSchema,
    sourceIPAddress: z.string().optional(),
    userAgent: z.string().optional(),
    errorCode: z.string().optional(),
    errorMessage: z.string().optional(),
    requestParameters: ObjectOrNull,
    responseElements: ObjectOrNull,
    additionalEventData: ObjectOrNull,
    requestID: z.string().optional(),
    // records of CloudTrail's first log format (eventVersion 1.0) have no eventID: see normalize.ts
    eventID: z.string().min(1, 'CloudTrail eventID is empty').optional(),
    eventType: z.string().optional(),
    readOnly: z.boolean().optional(),
    recipientAccountId: AccountIdSchema.optional(),
  })
  .loose()
  .refine((r) => r.recipientAccountId ?? AccountIdSchema.safeParse(r.userIdentity?.accountId).success, {
    message: 'CloudTrail record names no account (neither recipientAccountId nor userIdentity.accountId)',
  });
export type CloudTrailRecord = z.infer<typeof CloudTrailRecordSchema>;

/** EventBridge detail-types whose `detail` is one CloudTrail record ({@link CloudTrailRecordSchema}). */
export const CLOUDTRAIL_RECORD_DETAIL_TYPES = [
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  'AWS Service Event via CloudTrail',
  'AWS Console Action via CloudTrail',
] as const;

export const CloudTrailEventBridgeSchema = z
  .object({
    ...EventBridgeEnvelopeShape,
    'detail-type': z.enum(CLOUDTRAIL_RECORD_DETAIL_TYPES),
    detail: CloudTrailRecordSchema,
  })
  .loose();
export type CloudTrailEventBridgeEvent = z.infer<typeof CloudTrailEventBridgeSchema>;

/** The EventBridge detail-type of a CloudTrail Insights event. */
export const CLOUDTRAIL_INSIGHT_DETAIL_TYPE = 'AWS Insight via CloudTrail';

/**
 * A CloudTrail Insights record: a summary of unusual API call or error rates, not a call. Its event
 * name and source sit inside `insightDetails`, so it is not a {@link CloudTrailRecordSchema}. Only what
 * names the anomaly is checked (each field only when present): the pipeline keeps none of them.
 */
export const CloudTrailInsightRecordSchema = z
  .object({
    eventType: z.literal('AwsCloudTrailInsight').optional(),
    eventCategory: z.literal('Insight').optional(),
    eventTime: TimestampSchema.optional(),
    awsRegion: RegionSchema.optional(),
    recipientAccountId: AccountIdSchema.optional(),
    insightDetails: z
      .object({
        state: z.string().optional(),
        eventSource: z.string().optional(),
        eventName: z.string().optional(),
        insightType: z.string().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type CloudTrailInsightRecord = z.infer<typeof CloudTrailInsightRecordSchema>;

/** An EventBridge `AWS Insight via CloudTrail` event. */
export const CloudTrailInsightEventBridgeSchema = z
  .object({
    ...EventBridgeEnvelopeShape,
    'detail-type': z.literal(CLOUDTRAIL_INSIGHT_DETAIL_TYPE),
    detail: CloudTrailInsightRecordSchema,
  })
  .loose();

/** A CloudTrail log file as delivered to S3. Records are validated one by one by the parser. */
export const CloudTrailLogFileSchema = z.object({ Records: z.array(z.unknown()) }).loose();
