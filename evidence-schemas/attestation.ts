import { z } from 'zod';
import { IsoTimeSchema } from './common';

const NameSchema = z.string().trim().min(1, 'must not be empty').max(200);
const TextSchema = z.string().trim().min(1, 'must not be empty').max(2000);
const EvidenceIdSchema = z.string().regex(/^ev_[0-9a-f]{32}$/, 'not an evidence id (ev_ + 32 hex digits)');

/** Which periodic human review a review attestation (or a review-due notice) is about. */
export const ReviewControlIds = ['access-review', 'log-review'] as const;
export type ReviewControlId = (typeof ReviewControlIds)[number];

/**
 * The detail of an 'Evidence Attestation' internal event: a human sign-off, or the pipeline's own
 * notice that one is overdue. The envelope's account is the account the attestation is about and its
 * time is when the sign-off was given.
 * - access-review: someone reviewed who has access (164.308(a)(3)(ii)(B), 164.308(a)(4)(ii)(C)), against
 *   the access snapshot the sweep recorded (null when none existed).
 * - log-review: someone reviewed audit logs and activity reports (164.308(a)(1)(ii)(D), 164.312(b)).
 * - exception: a NON_COMPLIANT verdict of one control on one subject is an accepted risk until expiry.
 * - decision: the documented decision on an addressable implementation specification (164.306(d)(3)).
 * - review-due: no approved review within the configured cadence (raised by the pipeline, not a person).
 */
export const AttestationDetailSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('access-review'),
      reviewer: NameSchema,
      decision: z.enum(['approved', 'changes-required']),
      reviewedAt: IsoTimeSchema,
      note: TextSchema.optional(),
      /** the access snapshot reviewed; null records that no snapshot existed */
      snapshot: z.object({ evidenceId: EvidenceIdSchema, observedAt: IsoTimeSchema }).strict().nullable(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('log-review'),
      reviewer: NameSchema,
      decision: z.enum(['approved', 'changes-required']),
      reviewedAt: IsoTimeSchema,
      note: TextSchema.optional(),
      scope: TextSchema.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('exception'),
      controlId: NameSchema,
      /** subject key (ARN or account/region/type/id) of the excepted resource */
      subjectKey: z.string().min(1).max(2048),
      reason: TextSchema,
      approver: NameSchema,
      expiresAt: IsoTimeSchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal('decision'),
      citation: z.string().regex(/^164\.\d{3}(\([a-z0-9]+\))+$/, 'not a 45 CFR 164 citation'),
      decision: z.enum(['implemented', 'alternative', 'not-reasonable']),
      reason: TextSchema,
      decidedBy: NameSchema.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('review-due'),
      controlId: z.enum(ReviewControlIds),
      dueAt: IsoTimeSchema,
      cadenceDays: z.number().int().positive(),
      /** the last approved review, absent when there never was one */
      lastApprovedAt: IsoTimeSchema.optional(),
    })
    .strict(),
]);
export type AttestationDetail = z.infer<typeof AttestationDetailSchema>;
