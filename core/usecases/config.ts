import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CONTROL_FAMILIES, controlById } from '../domain/catalog';
import { DEFAULT_EPHI_TAGS } from '../domain/ephi';

/** An https URL; for tests and local stand-ins, http on a loopback address is accepted too. */
export const SlackWebhookUrlSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname))
    );
  } catch {
    return false;
  }
}, 'a Slack webhook must be an https URL (http only on 127.0.0.1 or localhost)');

import { UsageError } from '../ports/errors';
import { DEFAULT_MAX_CLOCK_SKEW_MINUTES } from './ingest/options';

/** One Slack route: messages about a control family and/or an account go to this webhook. */
export const SlackRouteSchema = z
  .object({
    family: z.enum(CONTROL_FAMILIES).optional(),
    accountId: z
      .string()
      .regex(/^\d{12}$/, 'accountId must be 12 digits')
      .optional(),
    webhookUrl: SlackWebhookUrlSchema,
  })
  .strict();

/** One ePHI scope rule: resources whose tag `key` has one of `values` (case-insensitive) are in scope. */
export const EphiTagRuleSchema = z
  .object({
    key: z.string().min(1, 'a tag key is needed'),
    values: z.array(z.string().min(1)).min(1, 'at least one tag value is needed'),
  })
  .strict();

/** ePHI inventory: which tags put a resource in scope, and which controls apply only in scope. */
export const EphiConfigSchema = z
  .object({
    tags: z
      .array(EphiTagRuleSchema)
      .default(DEFAULT_EPHI_TAGS.map((r) => ({ key: r.key, values: [...r.values] }))),
    /** controls that apply only to the inventory: out-of-scope resources are NOT_APPLICABLE in status */
    scopedControls: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** User configuration (evidence.config.json): custom rule mappings and extra redaction patterns. */
export const EvidenceConfigSchema = z
  .object({
    /** Config rule name (deployed or managed) -> control id of the catalog */
    ruleMappings: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** extra case-insensitive key-name substrings whose values are redacted before hashing */
    redactKeys: z.array(z.string().min(1)).default([]),
    /** drift notifications: routes by control family and/or account; the default webhook may also come from SLACK_WEBHOOK_URL */
    slack: z
      .object({
        webhookUrl: SlackWebhookUrlSchema.optional(),
        routes: z.array(SlackRouteSchema).default([]),
        stormThreshold: z.number().int().positive().default(10),
        recurrenceWindowDays: z.number().positive().default(7),
      })
      .strict()
      .default({ routes: [], stormThreshold: 10, recurrenceWindowDays: 7 }),
    /** ePHI inventory: scope tags (default ephi=true or data-classification=ephi) and scoped controls */
    ephi: EphiConfigSchema.prefault({}),
    /** review cadence: a review is overdue when none was approved within this many days */
    reviews: z
      .object({
        accessReviewDays: z.number().int().positive().default(90),
        logReviewDays: z.number().int().positive().default(30),
      })
      .strict()
      .default({ accessReviewDays: 90, logReviewDays: 30 }),
    /**
     * how many minutes an event's own time may be ahead of the ingest clock: a later event is
     * quarantined (a verdict dated in the future would pin posture until that date)
     */
    maxClockSkewMinutes: z.number().nonnegative().default(DEFAULT_MAX_CLOCK_SKEW_MINUTES),
    /** where uploaded documents go: an S3 bucket (deployed), else <data-dir>/blobs */
    documents: z
      .object({
        bucket: z.string().min(3).max(63).optional(),
        prefix: z.string().default('documents/'),
        kmsKeyArn: z.string().startsWith('arn:').optional(),
      })
      .strict()
      .default({ prefix: 'documents/' }),
  })
  .strict();
export type EvidenceConfig = z.infer<typeof EvidenceConfigSchema>;

/** The configuration when there is no file. */
export function defaultEvidenceConfig(): EvidenceConfig {
  return EvidenceConfigSchema.parse({});
}

/** Validates a configuration object; every rule mapping must name a control of the catalog. */
export function parseEvidenceConfig(value: unknown, origin: string): EvidenceConfig {
  const parsed = EvidenceConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${origin}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  for (const [i, control] of parsed.data.ephi.scopedControls.entries()) {
    if (!controlById(control))
      throw new UsageError(`${origin}: ephi.scopedControls.${i}: unknown control id "${control}"`);
  }
  for (const [rule, control] of Object.entries(parsed.data.ruleMappings)) {
    if (!controlById(control))
      throw new UsageError(`${origin}: ruleMappings.${rule}: unknown control id "${control}"`);
  }
  return parsed.data;
}

export function loadEvidenceConfig(path: string): EvidenceConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read configuration file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`configuration file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseEvidenceConfig(json, path);
}
