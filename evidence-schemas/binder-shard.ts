/**
 * The files a sharded binder export passes between its steps (core/usecases/export-binder/shard-*.ts):
 * the job the plan makes, the chain heads it snapshots, and what each slice leaves for the merge (its
 * partial model, its chain links and its anchors). Work files, not part of any binder: parsed again
 * whenever they are read, since they cross a process (and, deployed, an S3 object) boundary.
 */
import { z } from 'zod';
import { BinderDayRunSchema, BinderLeafProofSchema } from './binder-anchors';
import { AccountIdSchema, HeadEphiScopeSchema, IsoTimeSchema } from './common';
import { EvidenceRecordSchema, SubjectSchema, VerdictStatusSchema } from './evidence-record';
import { NotableEntrySchema } from './notable';

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a lower-case hex SHA-256');

/** Names a sharded export's work files (their prefix in the workspace). */
export const JobIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,200}$/, 'a job id is 1 to 200 of A-Z a-z 0-9 . _ -');

/** One slice of a sharded export: the records observed in [from, to] (whole UTC days of the period). */
export const ShardSliceSchema = z
  .object({
    /** 0-based, in day order */
    index: z.number().int().nonnegative(),
    from: IsoTimeSchema,
    to: IsoTimeSchema,
  })
  .strict();
export type ShardSlice = z.infer<typeof ShardSliceSchema>;

/** A sharded export: what binder, when it was generated (every step uses that instant), and its slices. */
export const ShardJobSchema = z
  .object({
    /** names the work files of this export (the workspace prefix) */
    id: JobIdSchema,
    from: IsoTimeSchema,
    to: IsoTimeSchema,
    accounts: z.array(AccountIdSchema).optional(),
    title: z.string().optional(),
    organisation: z.string().optional(),
    generator: z.object({ name: z.string(), version: z.string() }).strict(),
    generatedAt: IsoTimeSchema,
    slices: z.array(ShardSliceSchema).min(1),
  })
  .strict();
export type ShardJob = z.infer<typeof ShardJobSchema>;

const VerdictRefSchema = z
  .object({
    status: VerdictStatusSchema,
    reason: z.string(),
    observedAt: z.string(),
    evidenceId: z.string(),
    recordHash: z.string().optional(),
    sequence: z.number().int().positive().optional(),
  })
  .strict();

/** A chain head as the export snapshots it (core/domain/binder/model.ts HeadSnapshot); one per line. */
export const HeadSnapshotSchema = z
  .object({
    subjectKey: z.string().min(1),
    subject: SubjectSchema,
    sequence: z.number().int().nonnegative(),
    recordHash: z.string(),
    // the head's posture entries carry more than the model reads (since, lastResolvedAt): kept as stored
    posture: z.record(
      z.string(),
      z.looseObject({
        status: VerdictStatusSchema,
        reason: z.string(),
        observedAt: z.string(),
        evidenceId: z.string(),
      }),
    ),
    ephi: HeadEphiScopeSchema.optional(),
  })
  .strict();

/** One (subject, control) pair of a slice's partial model. */
const PairPartialSchema = z
  .object({
    controlId: z.string(),
    verdicts: z.number().int().nonnegative(),
    activity: z.number().int().nonnegative(),
    latest: VerdictRefSchema.optional(),
    changes: z.array(z.object({ at: z.string(), status: VerdictStatusSchema }).strict()),
    lastStatus: VerdictStatusSchema.optional(),
  })
  .strict();

/** One subject's share of a slice (PeriodAggregator.partial). */
const SubjectPartialSchema = z
  .object({
    subjectKey: z.string().min(1),
    subject: SubjectSchema,
    records: z.number().int().nonnegative(),
    firstObservedAt: z.string().optional(),
    lastObservedAt: z.string().optional(),
    lastOrderKey: z.string(),
    pairs: z.array(PairPartialSchema),
    /** records that changed a status in the slice, snapshots left out (the drift machine's input) */
    kept: z.array(EvidenceRecordSchema),
    /** the chain sequences seen, as a bitmap (base64) */
    seqs: z.string(),
    /** sequences past the bitmap's range (2^24 and up), listed */
    seqsBeyond: z.array(z.number().int()).optional(),
    duplicateSequence: z.boolean(),
  })
  .strict();

/** The aggregator's state after one slice: bounded by resources and status changes, not records. */
export const AggregatePartialSchema = z
  .object({
    subjects: z.array(SubjectPartialSchema),
    uncommitted: z.number().int().nonnegative(),
    notable: z.array(NotableEntrySchema),
    provenance: z
      .object({
        kinds: z.array(z.tuple([z.string(), z.number().int().nonnegative()])),
        archived: z.array(
          z
            .object({
              status: z.enum(['digest-validated', 'not-validated']),
              reason: z.string().optional(),
              records: z.number().int().nonnegative(),
              files: z.array(z.string()),
            })
            .strict(),
        ),
      })
      .strict(),
    /** the coverage-check records of the slice, replayed in order by the merge (few: one per gap change) */
    coverage: z.array(z.object({ subjectKey: z.string(), record: EvidenceRecordSchema }).strict()),
  })
  .strict();
export type AggregatePartial = z.infer<typeof AggregatePartialSchema>;

/**
 * A run of consecutive chain sequences of one subject that a slice holds, each linked to the one
 * before: its first record's link back, and its last record's hash (what the next run must link to).
 */
export const ChainRunSchema = z
  .object({
    first: z.number().int().positive(),
    firstEvidenceId: z.string(),
    firstPrevious: z.string(),
    last: z.number().int().positive(),
    lastEvidenceId: z.string(),
    lastHash: Sha256Schema,
  })
  .strict();
export type ChainRun = z.infer<typeof ChainRunSchema>;

/** What a slice's anchors found: the day runs it computed, its counts, and the uncommitted leaves. */
export const AnchorPartialSchema = z
  .object({
    runs: z.array(BinderDayRunSchema),
    mismatches: z.array(z.string()),
    anchored: z.number().int().nonnegative(),
    unanchored: z.number().int().nonnegative(),
    uncommitted: z.array(BinderLeafProofSchema.extend({ day: z.string() })),
  })
  .strict();
export type AnchorPartial = z.infer<typeof AnchorPartialSchema>;

/** Everything a slice leaves for the merge besides its zip part and line files (`state.json`). */
export const SliceStateSchema = z
  .object({
    version: z.literal(1),
    jobId: z.string(),
    slice: ShardSliceSchema,
    /** bytes of the slice's zip part (its evidence entries, no central directory) */
    partBytes: z.number().int().nonnegative(),
    /** evidence files written (lines of entries.lines) */
    evidenceFiles: z.number().int().nonnegative(),
    /** the earliest recordedAt day of the slice's evidence */
    firstRecordedDay: z.string().optional(),
    aggregate: AggregatePartialSchema,
    /** per subject, the runs of linked sequences the slice holds */
    links: z.array(z.object({ subjectKey: z.string(), runs: z.array(ChainRunSchema) }).strict()),
    anchors: AnchorPartialSchema,
  })
  .strict();
export type SliceState = z.infer<typeof SliceStateSchema>;

/** What a slice step returns (to the Step Functions Map, or the local runner): small. */
export const SliceSummarySchema = z
  .object({
    jobId: z.string(),
    index: z.number().int().nonnegative(),
    partBytes: z.number().int().nonnegative(),
    evidenceFiles: z.number().int().nonnegative(),
  })
  .strict();
export type SliceSummary = z.infer<typeof SliceSummarySchema>;

/** A slice step's input (one item of the Map): which job, which slice. */
export const SliceStepSchema = z
  .object({ jobId: JobIdSchema, index: z.number().int().nonnegative() })
  .strict();
export type SliceStep = z.infer<typeof SliceStepSchema>;

/** The plan step's output: the job, and the Map's items. */
export interface PlanStepResult {
  jobId: string;
  slices: SliceStep[];
}

/** The merge step's input: the job and what each slice reported. */
export const MergeStepSchema = z
  .object({ jobId: JobIdSchema, slices: z.array(SliceSummarySchema).min(1) })
  .strict();
export type MergeStep = z.infer<typeof MergeStepSchema>;
