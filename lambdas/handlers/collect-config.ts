import { z } from 'zod';
import { parseEvidenceConfig } from '../usecases/config';

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1, 'TABLE_NAME must name the evidence table'),
  RULE_MAPPINGS: z.string().optional(),
  REDACT_KEYS: z.string().optional(),
});

export interface CollectConfig {
  tableName: string;
  ruleMappings: Record<string, string>;
  redactKeys: string[];
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
  const config = parseEvidenceConfig(
    {
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
  };
}
