import { z } from 'zod';
import { EventBridgeEnvelopeShape } from './eventbridge';

/**
 * Evidence this project produces itself (the scheduled sweep, coverage checks, human attestations,
 * manual uploads) enters the store through the same path as AWS's events: as an EventBridge-shaped
 * document with `source: "hipaa-evidence"` and one of these detail-types. So it is parsed, validated,
 * quarantined when bad, deduplicated and chained exactly like a Config or CloudTrail event.
 */
export const INTERNAL_EVENT_SOURCE = 'hipaa-evidence';

export const INTERNAL_DETAIL_TYPES = {
  sweep: 'Evidence Sweep Observation',
  coverage: 'Evidence Coverage Check',
  attestation: 'Evidence Attestation',
  upload: 'Evidence Manual Upload',
} as const;
export type InternalDetailType = (typeof INTERNAL_DETAIL_TYPES)[keyof typeof INTERNAL_DETAIL_TYPES];

const DETAIL_TYPES = Object.values(INTERNAL_DETAIL_TYPES) as [InternalDetailType, ...InternalDetailType[]];

export function isInternalDetailType(value: unknown): value is InternalDetailType {
  return typeof value === 'string' && (DETAIL_TYPES as string[]).includes(value);
}

/**
 * The envelope of every internal event. `id` is the source event id of the record it becomes (so a
 * re-sent event is a duplicate); `time` is when the fact was observed; `detail` is validated by the
 * schema of its detail-type.
 */
export const InternalEventEnvelopeSchema = z.object({
  ...EventBridgeEnvelopeShape,
  'detail-type': z.enum(DETAIL_TYPES),
  source: z.literal(INTERNAL_EVENT_SOURCE),
  detail: z.record(z.string(), z.unknown()),
});
export type InternalEventEnvelope = z.infer<typeof InternalEventEnvelopeSchema>;

/** Builds an internal event (the producer side: sweep, coverage check, attest, upload). */
export function internalEvent(
  detailType: InternalDetailType,
  fields: { id: string; time: string; account: string; region: string; detail: Record<string, unknown> },
): Record<string, unknown> {
  return {
    version: '0',
    id: fields.id,
    'detail-type': detailType,
    source: INTERNAL_EVENT_SOURCE,
    account: fields.account,
    time: fields.time,
    region: fields.region,
    resources: [],
    detail: fields.detail,
  };
}
