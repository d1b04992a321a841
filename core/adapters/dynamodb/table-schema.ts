/**
 * The evidence table's key schema: one definition shared by the CDK construct (deployed table)
 * and the CLI (which creates the same table on dynalite or any non-AWS endpoint).
 *
 * Item kinds (partition key `pk`, sort key `sk`):
 * - `S#<subjectKey>` / `HEAD`                       chain head: sequence, tip hash, last observed
 * - `S#<subjectKey>` / `R#<seq:10>#<hash16>`         evidence record (JSON document in `doc`)
 * - `S#<subjectKey>` / `E#<sourceEventId>`           source-event marker (idempotency)
 * - `P#<controlId>#<shard>` / `<subjectKey>`         posture: latest verdict per (subject, control)
 * - `Q#<day>#<shard>` / `<recordedAt>#<id>`          quarantined input with its reason
 * - `CHECKPOINT` / `<yyyy-mm-dd>`                    signed daily Merkle checkpoint (JSON in `doc`), immutable
 * GSI `byDay`: `gsi1pk` = `D#<yyyy-mm-dd>#<shard>`, `gsi1sk` = `<observedAt>#<evidenceId>` on records,
 * which is how a binder streams a period without scanning, sharded so no day is a hot partition.
 * GSI `byRecordedDay` (keys only): `gsi2pk` = `RD#<yyyy-mm-dd of recordedAt>#<shard>`,
 * `gsi2sk` = `<observedAt>#<recordHash>` on records: the leaves of a day's checkpoint tree.
 */
export const TABLE_KEY = { partitionKey: 'pk', sortKey: 'sk' } as const;
export const BY_DAY_INDEX = { name: 'byDay', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' } as const;
/** The records of one UTC day of ingest, keys only: what a daily checkpoint is computed from. */
export const BY_RECORDED_DAY_INDEX = {
  name: 'byRecordedDay',
  partitionKey: 'gsi2pk',
  sortKey: 'gsi2sk',
} as const;
/** Partition key of the checkpoint items (one item per day: a few hundred a year). */
export const CHECKPOINT_PK = 'CHECKPOINT';
/** Shards per posture control and per day: spreads 1,000 events/s over many partitions. */
export const SHARD_COUNT = 16;
export const DEFAULT_TABLE_NAME = 'evidence';

/**
 * The partitions each writer may write (IAM `dynamodb:LeadingKeys` patterns): the evidence writers
 * (collect, sweep, the CLI's attest) write subjects' chains, the posture index and quarantine; the
 * drift function only its notification ledger; the checkpoint function only checkpoints and tree heads.
 */
export const WRITER_PARTITIONS = {
  evidence: ['S#*', 'P#*', 'Q#*'],
  drift: ['N#*', 'NP#*'],
  checkpoint: [CHECKPOINT_PK, 'TREEHEAD'],
} as const;
