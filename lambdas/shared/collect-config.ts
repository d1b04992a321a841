import { z } from 'zod';
import type { EphiTagRule } from '../../core/domain/ephi';
import { parseEvidenceConfig } from '../../core/usecases/config';

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1, 'TABLE_NAME must name the evidence table'),
  RULE_MAPPINGS: z.string().optional(),
  REDACT_KEYS: z.string().optional(),
  /** ePHI scope rules as JSON: [{"key":"ephi","values":["true"]}] (default: ephi=true, data-classification=ephi) */
  EPHI_TAGS: z.string().optional(),
  /** minutes an event's time may be ahead of the function's clock before it is quarantined (default 5) */
  MAX_CLOCK_SKEW_MINUTES: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'MAX_CLOCK_SKEW_MINUTES must be a number of minutes')
    .optional(),
});

export interface CollectConfig {
  tableName: string;
  ruleMappings: Record<string, string>;
  redactKeys: string[];
  ephiTags: EphiTagRule[];
  maxClockSkewMinutes: number;
}

/** Reads and validates the function's configuration once, at cold start; names what is wrong. */
export function readCollectConfig(env: NodeJS.ProcessEnv): CollectConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`collect function misconfigured: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  let mappings: unknown = {};
  if (parsed.data.RULE_MAPPINGS) {
    try {
      mappings = JSON.parse(parsed.data.RULE_MAPPINGS);
    } catch {
      throw new Error('collect function misconfigured: RULE_MAPPINGS is not valid JSON');
    }
  }
  let ephiTags: unknown;
  if (parsed.data.EPHI_TAGS) {
    try {
      ephiTags = JSON.parse(parsed.data.EPHI_TAGS);
    } catch {
      throw new Error('collect function misconfigured: EPHI_TAGS is not valid JSON');
    }
  }
  const config = parseEvidenceConfig(
    {
      ...(ephiTags !== undefined ? { ephi: { tags: ephiTags } } : {}),
      ...(parsed.data.MAX_CLOCK_SKEW_MINUTES !== undefined
        ? { maxClockSkewMinutes: Number(parsed.data.MAX_CLOCK_SKEW_MINUTES) }
        : {}),
      ruleMappings: mappings,
      redactKeys: (parsed.data.REDACT_KEYS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
    'environment',
  );
  return {
    tableName: parsed.data.TABLE_NAME,
    ruleMappings: config.ruleMappings,
    redactKeys: config.redactKeys,
    ephiTags: config.ephi.tags,
    maxClockSkewMinutes: config.maxClockSkewMinutes,
  };
}
