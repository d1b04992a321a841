import { z } from 'zod';
import { AccountIdSchema, IsoTimeSchema, RegionSchema } from './common';

/** Why a control has no fresh evidence. */
export const CoverageCauseSchema = z.enum(['stale', 'recorder-stopped', 'collection-failed']);
export type CoverageCause = z.infer<typeof CoverageCauseSchema>;

/**
 * The detail of an 'Evidence Coverage Check' internal event: the coverage state of one control in one
 * account and region, as the coverage check found it. `gap`: no fresh evidence (with its cause and
 * start); `fresh`: fresh evidence again after a gap; `not-expected`: nothing is left to evidence there
 * (every resource the control judged left scope), so a gap that was open is closed.
 *
 * Only facts that stay equal while a state persists are carried (no check time), so a re-check of an
 * ongoing gap stores nothing new.
 */
export const CoverageCheckDetailSchema = z
  .object({
    accountId: AccountIdSchema,
    region: RegionSchema,
    controlId: z.string().min(1, 'controlId is empty'),
    state: z.enum(['gap', 'fresh', 'not-expected']),
    /** hours between fresh evidence the catalog expects for this control */
    expectedHours: z.number().positive(),
    cause: CoverageCauseSchema.optional(),
    /** when the gap began: last evidence + expected interval, or when the recorder or collector failed */
    since: IsoTimeSchema.optional(),
    /** the last fresh evidence of the control there (stale gaps) */
    lastEvidenceAt: IsoTimeSchema.optional(),
    /** the AWS API the sweep could not call (collection-failed) */
    collector: z.string().min(1).optional(),
    /** the configuration recorder that stopped (recorder-stopped) */
    recorder: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.state === 'gap' && (!d.cause || !d.since))
      ctx.addIssue({ code: 'custom', path: ['cause'], message: 'a gap needs its cause and since' });
    if (d.state !== 'gap' && d.cause)
      ctx.addIssue({ code: 'custom', path: ['cause'], message: `a ${d.state} state has no cause` });
    if (d.cause === 'stale' && !d.lastEvidenceAt)
      ctx.addIssue({ code: 'custom', path: ['lastEvidenceAt'], message: 'a stale gap needs lastEvidenceAt' });
    if (d.cause === 'collection-failed' && !d.collector)
      ctx.addIssue({ code: 'custom', path: ['collector'], message: 'a collection gap needs collector' });
  });
export type CoverageCheckDetail = z.infer<typeof CoverageCheckDetailSchema>;
