import { z } from 'zod';
import { IsoTimeSchema } from './common';

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a lower-case hex SHA-256');
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD day');

/** A leaf of a day's checkpoint tree with its RFC 9162 inclusion proof (audit path from the leaf up). */
export const BinderLeafProofSchema = z
  .object({
    observedAt: IsoTimeSchema,
    recordHash: Sha256Schema,
    leafIndex: z.number().int().nonnegative(),
    auditPath: z.array(Sha256Schema),
  })
  .strict();
export type BinderLeafProof = z.infer<typeof BinderLeafProofSchema>;

/**
 * One line of `integrity/proofs.jsonl`: an evidence file's record proven to be a leaf of the signed
 * tree of the day it was recorded.
 */
export const BinderRecordProofSchema = BinderLeafProofSchema.extend({
  /** the evidence file */
  path: z.string().min(1),
  day: DaySchema,
  treeSize: z.number().int().positive(),
}).strict();
export type BinderRecordProof = z.infer<typeof BinderRecordProofSchema>;

/**
 * The run of one checkpointed day's leaves that the binder's period covers: leaves [first, end) in
 * tree order (observedAt, recordHash) are the day's records observed in the period; `before` (leaf
 * first - 1) and `after` (leaf end) prove where the run stops, so no record of the period is missing.
 */
export const BinderDayRunSchema = z
  .object({
    day: DaySchema,
    treeSize: z.number().int().nonnegative(),
    first: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    before: BinderLeafProofSchema.optional(),
    after: BinderLeafProofSchema.optional(),
  })
  .strict();
export type BinderDayRun = z.infer<typeof BinderDayRunSchema>;

/** `integrity/anchors.json`: how the binder's records are anchored in the signed daily checkpoints. */
export const BinderAnchorsSchema = z
  .object({
    version: z.literal(1),
    /** the binder's period, as exported (observedAt bounds, both included) */
    from: IsoTimeSchema,
    to: IsoTimeSchema,
    /** false when the binder holds only some accounts: then a day's run cannot be complete */
    complete: z.boolean(),
    /** the checkpointed days the binder carries (consecutive), with the run of each */
    days: z.array(BinderDayRunSchema),
    /**
     * leaves of the runs whose records are left out: a writer stored them but never committed them to
     * its chain (it crashed or lost a race), so they are not evidence, but they are in the signed tree
     */
    uncommitted: z.array(BinderLeafProofSchema.extend({ day: DaySchema }).strict()),
  })
  .strict();
export type BinderAnchors = z.infer<typeof BinderAnchorsSchema>;
