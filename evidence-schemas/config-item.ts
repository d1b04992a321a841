import { z } from 'zod';
import { AccountIdSchema, decodeJsonString, RegionSchema, TimestampSchema } from './common';

const TagsSchema = z
  .union([
    z.record(z.string(), z.unknown()),
    z.array(
      z.union([
        z.object({ key: z.string(), value: z.unknown() }).loose(),
        z.object({ Key: z.string(), Value: z.unknown() }).loose(),
      ]),
    ),
  ])
  .nullish()
  .transform((tags): Record<string, string> => {
    const out: Record<string, string> = {};
    if (!tags) return out;
    if (Array.isArray(tags)) {
      for (const t of tags) {
        if ('key' in t && typeof t.key === 'string') out[t.key] = String(t.value ?? '');
        else if ('Key' in t && typeof t.Key === 'string') out[t.Key] = String(t.Value ?? '');
      }
      return out;
    }
    for (const [k, v] of Object.entries(tags)) out[k] = String(v ?? '');
    return out;
  });

/**
 * The fields of a configuration item that a summary (oversized notification) also carries.
 * AWS spells some fields two ways: EventBridge/SNS use `awsAccountId` and `ARN`, the Config API and
 * history files use `accountId` and `arn`. Both are accepted.
 */
const ConfigItemCoreShape = {
  awsAccountId: AccountIdSchema.optional(),
  accountId: AccountIdSchema.optional(),
  ARN: z.string().nullish(),
  arn: z.string().nullish(),
  awsRegion: RegionSchema,
  resourceType: z.string().regex(/^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/, 'not an AWS resource type'),
  resourceId: z.string().min(1, 'resourceId is empty'),
  resourceName: z.string().nullish(),
  configurationItemCaptureTime: TimestampSchema,
  configurationItemStatus: z.string().nullish(),
  configurationStateId: z.union([z.string(), z.number()]).nullish(),
};

export interface NormalizedConfigItem {
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn?: string;
  captureTime: string;
  status?: string;
  stateId?: string;
  configuration: Record<string, unknown>;
  supplementaryConfiguration: Record<string, unknown>;
  tags: Record<string, string>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An object field that AWS may deliver as an object or as JSON text; anything else reads as empty. */
function record(value: unknown): Record<string, unknown> {
  const decoded = decodeJsonString(value);
  return isPlainObject(decoded) ? decoded : {};
}

function withAccount<T extends { awsAccountId?: string; accountId?: string }>(
  value: T,
  ctx: z.RefinementCtx,
): string {
  const account = value.awsAccountId ?? value.accountId;
  if (!account) {
    ctx.addIssue({ code: 'custom', message: 'configuration item has neither awsAccountId nor accountId' });
    return z.NEVER;
  }
  return account;
}

/** A configuration item summary, as in an oversized-change notification. */
export const ConfigItemSummarySchema = z
  .object(ConfigItemCoreShape)
  .loose()
  .transform((ci, ctx): NormalizedConfigItem => {
    const accountId = withAccount(ci, ctx);
    return {
      accountId,
      region: ci.awsRegion,
      resourceType: ci.resourceType,
      resourceId: ci.resourceId,
      ...(ci.resourceName ? { resourceName: ci.resourceName } : {}),
      ...((ci.ARN ?? ci.arn) ? { arn: (ci.ARN ?? ci.arn) as string } : {}),
      captureTime: ci.configurationItemCaptureTime,
      ...(ci.configurationItemStatus ? { status: ci.configurationItemStatus } : {}),
      ...(ci.configurationStateId != null ? { stateId: String(ci.configurationStateId) } : {}),
      configuration: {},
      supplementaryConfiguration: {},
      tags: {},
    };
  });

/**
 * A full configuration item. `configuration` may be an object or a JSON string (Config API), and each
 * supplementary configuration value may itself be JSON-encoded (S3 bucket policies and ACLs are).
 */
export const ConfigItemSchema = z
  .object({
    ...ConfigItemCoreShape,
    configuration: z.unknown().optional(),
    supplementaryConfiguration: z.unknown().optional(),
    tags: z.unknown().optional(),
  })
  .loose()
  .transform((ci, ctx): NormalizedConfigItem => {
    const accountId = withAccount(ci, ctx);
    const supplementary: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record(ci.supplementaryConfiguration))) {
      supplementary[k] = decodeJsonString(v);
    }
    const tags = TagsSchema.safeParse(ci.tags);
    const arn = ci.ARN ?? ci.arn ?? undefined;
    return {
      accountId,
      region: ci.awsRegion,
      resourceType: ci.resourceType,
      resourceId: ci.resourceId,
      ...(ci.resourceName ? { resourceName: ci.resourceName } : {}),
      ...(arn ? { arn } : {}),
      captureTime: ci.configurationItemCaptureTime,
      ...(ci.configurationItemStatus ? { status: ci.configurationItemStatus } : {}),
      ...(ci.configurationStateId != null ? { stateId: String(ci.configurationStateId) } : {}),
      configuration: record(ci.configuration),
      supplementaryConfiguration: supplementary,
      tags: tags.success ? tags.data : {},
    };
  });
export type ConfigItem = z.infer<typeof ConfigItemSchema>;
