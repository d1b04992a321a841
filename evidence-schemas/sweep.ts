import { z } from 'zod';
import { IsoTimeSchema } from './common';

/**
 * The `detail` of an 'Evidence Sweep Observation' internal event: what the scheduled sweep read from
 * one AWS API about one subject. The envelope carries the account, region, sweep time and a source
 * event id that is deterministic per sweep run. One variant per kind of fact.
 */
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD');
const Names = z.array(z.string().min(1));

/** A configuration item: from Config (BatchGetResourceConfig) or built by the sweep from a service API in Config's shape. */
const ConfigurationItemDetail = z
  .object({
    kind: z.literal('configuration-item'),
    /** the API that produced it, for example config:BatchGetResourceConfig or cloudtrail:DescribeTrails */
    api: z.string().min(1),
    item: z.record(z.string(), z.unknown()),
  })
  .strict();

const RuleEvaluationDetail = z
  .object({
    kind: z.literal('rule-evaluation'),
    configRuleName: z.string().min(1),
    resourceType: z.string().min(1),
    resourceId: z.string().min(1),
    complianceType: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']),
    annotation: z.string().optional(),
    resultRecordedTime: IsoTimeSchema.optional(),
  })
  .strict();

const AccessKeyDetail = z
  .object({
    /** the key id masked to its first four and last four characters */
    id: z.string().min(1),
    status: z.enum(['Active', 'Inactive', 'Expired']),
    createdOn: DaySchema,
    lastUsedOn: DaySchema.optional(),
  })
  .strict();

const IamUserDetail = z
  .object({
    kind: z.literal('iam-user'),
    userName: z.string().min(1),
    arn: z.string().startsWith('arn:'),
    /** IAM's unique id of the user (AIDA…, ListUsers' UserId): how AWS Config rules name the user */
    userId: z.string().min(1).optional(),
    createdOn: DaySchema,
    /** console password enabled; absent when the credential report was unavailable */
    consoleAccess: z.boolean().optional(),
    consoleLastUsedOn: DaySchema.optional(),
    mfaDevices: z.array(
      z.object({ type: z.enum(['virtual', 'hardware', 'u2f']), enabledOn: DaySchema }).strict(),
    ),
    accessKeys: z.array(AccessKeyDetail),
    attachedPolicies: Names,
    inlinePolicies: Names,
    groups: Names,
  })
  .strict();

const IamRootDetail = z
  .object({
    kind: z.literal('iam-root'),
    mfaActive: z.boolean(),
    activeAccessKeys: z.number().int().min(0),
    consoleLastUsedOn: DaySchema.optional(),
  })
  .strict();

const SnapshotUser = z
  .object({
    userName: z.string(),
    arn: z.string(),
    consoleAccess: z.boolean().optional(),
    mfa: z.boolean(),
    activeAccessKeys: z.number().int().min(0),
    attachedPolicies: Names,
    inlinePolicies: Names,
    groups: Names,
    lastActivityOn: DaySchema.optional(),
  })
  .strict();

const SnapshotRole = z
  .object({
    roleName: z.string(),
    arn: z.string(),
    /** principals its trust policy names (accounts, services, federated providers) */
    trustedBy: Names,
    attachedPolicies: Names,
    inlinePolicies: Names,
    lastUsedOn: DaySchema.optional(),
  })
  .strict();

const AccessSnapshotDetail = z
  .object({
    kind: z.literal('access-snapshot'),
    users: z.array(SnapshotUser),
    roles: z.array(SnapshotRole),
    /** parts that could not be read (a collection gap names the API) */
    incomplete: Names,
  })
  .strict();

const RecorderStatusDetail = z
  .object({
    kind: z.literal('recorder-status'),
    name: z.string().min(1),
    /** false when the region has no configuration recorder at all */
    exists: z.boolean(),
    recording: z.boolean(),
    lastStatus: z.string().optional(),
    lastErrorCode: z.string().optional(),
  })
  .strict();

const CollectorDetail = z
  .object({
    kind: z.enum(['collection-gap', 'collection-ok']),
    /** service:Operation, for example s3:GetBucketPolicy */
    api: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, 'api must be service:Operation'),
    /** control ids this API's evidence serves */
    controls: z.array(z.string().min(1)),
    errorCode: z.string().optional(),
    message: z.string().max(300).optional(),
    /** resources the API failed on, when it failed per resource (at most 20) */
    failedResources: z.array(z.string()).max(20).optional(),
  })
  .strict()
  .refine((d) => d.kind === 'collection-ok' || d.errorCode !== undefined, {
    message: 'a collection gap needs an errorCode',
    path: ['errorCode'],
  });

export const SweepDetailSchema = z.discriminatedUnion('kind', [
  ConfigurationItemDetail,
  RuleEvaluationDetail,
  IamUserDetail,
  IamRootDetail,
  AccessSnapshotDetail,
  RecorderStatusDetail,
  CollectorDetail,
]);
export type SweepDetail = z.infer<typeof SweepDetailSchema>;
