/**
 * Normalizers for the evidence this project produces itself (see evidence-schemas/internal-event.ts).
 * One function per detail-type; each validates its detail with its own schema and returns an
 * observation, or an `invalid` naming what is wrong.
 */
import {
  INTERNAL_DETAIL_TYPES,
  type InternalEventEnvelope,
  InternalEventEnvelopeSchema,
} from '../../evidence-schemas';
import type { ParseOutcome } from './normalize';
import { describeIssues } from './normalize';
import { parseAttestation } from './normalize-attestation';
import { parseCoverageEvent } from './normalize-coverage';
import { parseSweepEvent } from './normalize-sweep';
import { parseManualUpload } from './normalize-upload';
import type { RedactionPolicy } from './redact';

export function parseInternalEvent(rec: Record<string, unknown>, policy: RedactionPolicy): ParseOutcome {
  const parsed = InternalEventEnvelopeSchema.safeParse(rec);
  if (!parsed.success)
    return { kind: 'invalid', reason: describeIssues('invalid internal evidence event', parsed.error) };
  const e: InternalEventEnvelope = parsed.data;
  switch (e['detail-type']) {
    case INTERNAL_DETAIL_TYPES.sweep:
      return parseSweepEvent(e, policy);
    case INTERNAL_DETAIL_TYPES.coverage:
      return parseCoverageEvent(e);
    case INTERNAL_DETAIL_TYPES.attestation:
      return parseAttestation(e);
    case INTERNAL_DETAIL_TYPES.upload:
      return parseManualUpload(e);
  }
}
