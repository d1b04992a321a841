/**
 * Normalizers for the evidence this project produces itself (see evidence-schemas/internal-event.ts).
 * One function per detail-type; each validates its detail with its own schema and returns an
 * observation, or an `invalid` naming what is wrong.
 */
import {
  INTERNAL_DETAIL_TYPES,
  type InternalEventEnvelope,
  InternalEventEnvelopeSchema,
} from '../../../../evidence-schemas';
import type { RedactionPolicy } from '../../redact';
import { describeIssues, type ParseOutcome } from '../outcome';
import { parseAttestation } from './attestation';
import { parseCoverageEvent } from './coverage';
import { parseSweepEvent } from './sweep';
import { parseManualUpload } from './upload';

/** Validates the envelope of an internal event, then hands its detail to the normalizer of its detail-type. */
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
