import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { controlById } from '../domain/catalog';
import { UsageError } from '../ports/errors';

/** User configuration (evidence.config.json): custom rule mappings and extra redaction patterns. */
export const EvidenceConfigSchema = z
  .object({
    /** Config rule name (deployed or managed) -> control id of the catalog */
    ruleMappings: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** extra case-insensitive key-name substrings whose values are redacted before hashing */
    redactKeys: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type EvidenceConfig = z.infer<typeof EvidenceConfigSchema>;

/** Validates a configuration object; every rule mapping must name a control of the catalog. */
export function parseEvidenceConfig(value: unknown, origin: string): EvidenceConfig {
  const parsed = EvidenceConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${origin}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
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
