import { sha256Hex } from '../../domain/hashing';
import { type RedactionPolicy, redactSecrets } from '../../domain/redact';
import type { EvidenceStore, QuarantineItem } from '../../ports/evidence-store';
import { errorText, type IngestInput } from './options';

/**
 * Keeps invalid inputs in the quarantine with their reasons, for review and redrive. Each item's key
 * is fixed by its origin and content, so writing the same items again (a redelivery) is harmless.
 */
export async function quarantineInputs(
  store: EvidenceStore,
  inputs: IngestInput[],
  invalid: { index: number; reason: string }[],
  policy: RedactionPolicy,
  recordedAt: string,
): Promise<void> {
  const items = invalid.map(({ index, reason }): QuarantineItem => {
    const input = inputs[index]!;
    // kept for review and redrive, not hashed: secrets and tag values go, the rest stays as it arrived
    const raw = typeof input.raw === 'string' ? redactSecrets(input.raw, policy) : rawText(input.raw, policy);
    return {
      id: sha256Hex(`${input.origin}\u0000${raw}`).slice(0, 24),
      recordedAt,
      // a parser's message can repeat part of the input
      reason: redactSecrets(reason, policy),
      origin: input.origin,
      index,
      raw,
    };
  });
  await store.quarantine(items);
}

/**
 * The input as text for the quarantine, with secrets replaced (kept for review and redrive, not hashed);
 * input too deep to walk or serialize is kept as a note saying so.
 */
function rawText(raw: unknown, policy: RedactionPolicy): string {
  try {
    return JSON.stringify(redactSecrets(raw, policy)) ?? String(raw);
  } catch (error) {
    return `[input could not be serialized: ${errorText(error)}]`;
  }
}
