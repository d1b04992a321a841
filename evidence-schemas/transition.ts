import { z } from 'zod';
import { SourceKindSchema, SubjectSchema, VerdictStatusSchema } from './evidence-record';

/**
 * A posture transition of one control on one subject: what the collect function writes on the chain
 * head and the drift function reads from the table's stream.
 */
export const TransitionSchema = z
  .object({
    /** deterministic: the same transition always has the same id, so it is never sent twice */
    id: z.string().regex(/^[0-9a-f]{32}$/),
    state: z.enum(['new', 'regressed', 'recurring', 'resolved']),
    controlId: z.string().min(1),
    subjectKey: z.string().min(1),
    subject: SubjectSchema,
    from: z.union([VerdictStatusSchema, z.literal('NONE')]),
    to: VerdictStatusSchema,
    at: z.string().min(1),
    reason: z.string(),
    /** the record that made the transition: its evidence id, record hash and chain sequence */
    evidenceId: z.string().min(1),
    recordHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** optional only so that transitions written before it was recorded still parse */
    sequence: z.number().int().positive().optional(),
    /** what produced the record (AWS Config, a CloudTrail call, the sweep, ...); optional, as `sequence` is */
    sourceKind: SourceKindSchema.optional(),
    actor: z.object({ principalArn: z.string().optional(), principalType: z.string() }).strict().optional(),
    /**
     * who or what produced the record, in the words every output uses (core/domain/actor.ts); optional,
     * as `sequence` is
     */
    producedBy: z.string().min(1).optional(),
    /** for `resolved`: milliseconds from the start of the non-compliance */
    timeToRemediateMs: z.number().optional(),
  })
  .strict();
export type Transition = z.infer<typeof TransitionSchema>;
export type DriftState = Transition['state'];
