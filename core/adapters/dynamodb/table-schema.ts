/**
 * The evidence table's key schema: one definition shared by the CDK construct (deployed table), the
 * CLI (which creates the same table on dynalite or any non-AWS endpoint) and every adapter that reads
 * or writes items. Key formats are built here and nowhere else.
 *
 * Item kinds (partition key `pk`, sort key `sk`):
 * - `S#<subjectKey>` / `HEAD`                       chain head: sequence, tip hash, last observed
 * - `S#<subjectKey>` / `R#<seq:10>#<hash16>`         evidence record (JSON document in `doc`)
 * - `S#<subjectKey>` / `E#<event day>#<seq:10>`      source-event marker: the ids one commit stored that day
 * - `Q#<day>#<shard>` / `<recordedAt>#<id>`          quarantined input with its reason
 * - `CHECKPOINT` / `<yyyy-mm-dd>`                    signed daily Merkle checkpoint (JSON in `doc`), immutable
 * - `N#<transition id>` / `SENT`                     a notification sent (never sent twice)
 * - `NP#<shard>` / `<transition id>`                 a notification whose delivery is still pending
 * - `A#<accountId>#<unique id>` / `ALIAS`             an IAM user's or role's unique id with its name and ARN
 * GSI `byDay`: `gsi1pk` = `D#<yyyy-mm-dd>#<shard>`, `gsi1sk` = `<observedAt>#<evidenceId>` on records,
 * which is how a binder streams a period without scanning, sharded so no day is a hot partition.
 * GSI `byRecordedTime` (keys only): `gsi2pk` = `RD#<yyyy-mm-dd of recordedAt>#<shard>`, `gsi3sk` = the
 * log entry, on records (`<recordedAt>#r#<observedAt>#<recordHash>`) and quarantined input
 * (`<recordedAt>#q#<id>#<sha256>`): the entries a signed tree head appends, read by stamp time; its record
 * entries are also the leaves of their day's checkpoint tree. Tables made before 2026-12-07 also have a
 * `byRecordedDay` index (`gsi2pk`, `gsi2sk`) that listed those leaves; nothing writes `gsi2sk` any more.
 * - `TREEHEAD` / `<sequence:12>`                     signed tree head of the evidence log (JSON in `doc`), immutable
 */
export const TABLE_KEY = { partitionKey: 'pk', sortKey: 'sk' } as const;
export const BY_DAY_INDEX = { name: 'byDay', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' } as const;
/**
 * Every record and quarantined input by stamp time, keys only: what a signed tree head appends, and
 * (its records) what a daily checkpoint is computed from.
 */
export const BY_RECORDED_TIME_INDEX = {
  name: 'byRecordedTime',
  partitionKey: 'gsi2pk',
  sortKey: 'gsi3sk',
} as const;
/** Partition key of the signed tree heads (one item per head: about a hundred a day deployed). */
export const TREE_HEAD_PK = 'TREEHEAD';
/** Sort key of a tree head: its sequence, zero-padded so that key order is sequence order. */
export const treeHeadSk = (sequence: number) => String(sequence).padStart(12, '0');
/** Partition key of the checkpoint items (one item per day: a few hundred a year). */
export const CHECKPOINT_PK = 'CHECKPOINT';
/** Shards per day (and of other sharded keys): spreads 1,000 events/s over many partitions. */
export const SHARD_COUNT = 16;
export const DEFAULT_TABLE_NAME = 'evidence';

/** Small non-cryptographic hash (FNV-1a) to spread keys over shards. */
export function shardOf(key: string, shards = SHARD_COUNT): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/** Every shard number, for reading all partitions of a sharded key. */
export const SHARDS: readonly number[] = Array.from({ length: SHARD_COUNT }, (_, shard) => shard);

/** YYYY-MM-DD of an ISO time. */
const dayOf = (iso: string) => iso.slice(0, 10);
const seq10 = (sequence: number) => String(sequence).padStart(10, '0');

// --- a subject's partition: head, records, source-event markers ---

const SUBJECT_PREFIX = 'S#';
/** Partition of one subject's chain: its head, records and markers. */
export const subjectPk = (subjectKey: string) => `${SUBJECT_PREFIX}${subjectKey}`;
/** The subject key of a subject partition's key. */
export const subjectKeyOfPk = (pk: string) => pk.slice(SUBJECT_PREFIX.length);
/** Sort key of a chain head. */
export const HEAD_SK = 'HEAD';
/** Sort keys of records start so (records sort by sequence). */
export const RECORD_SK_PREFIX = 'R#';
/** Sort key of a record: its sequence and the start of its hash. */
export const recordSk = (record: { integrity: { sequence: number; recordHash: string } }) =>
  `${RECORD_SK_PREFIX}${seq10(record.integrity.sequence)}#${record.integrity.recordHash.slice(0, 16)}`;
/** Sort keys of markers start so. */
export const MARKER_SK_PREFIX = 'E#';
/** Sort keys of the markers of one event day start so. */
export const markerSkPrefix = (eventDay: string) => `${MARKER_SK_PREFIX}${eventDay}#`;
/**
 * The commit a marker's sort key names: its sequence and the start of its tip (markers written before
 * 2026-12-07 have no tip); undefined for any other text.
 */
export function commitOfMarkerSk(sk: string): { sequence: number; tip?: string } | undefined {
  const m = /^E#\d{4}-\d{2}-\d{2}#(\d{10})(?:#([0-9a-f]{16}))?$/.exec(sk);
  if (!m) return undefined;
  return { sequence: Number(m[1]), ...(m[2] ? { tip: m[2] } : {}) };
}
/**
 * Sort key of the marker of the events of one day that one commit (ending at `sequence`, its head at
 * `tip`) stored. The tip's start tells apart two commits of one sequence (one whose head write was
 * undone, and the one after it), so the first's marker is never overwritten by the second's.
 */
export const markerSk = (observedAt: string, sequence: number, tip: string) =>
  `${markerSkPrefix(dayOf(observedAt))}${seq10(sequence)}#${tip.slice(0, 16)}`;

// --- the quarantine ---

/** Key of a quarantined input: sharded by its id within its day. */
export const quarantineKey = (recordedAt: string, id: string) => ({
  pk: `Q#${dayOf(recordedAt)}#${shardOf(id)}`,
  sk: `${recordedAt}#${id}`,
});

// --- the records' day indexes ---

/** `byDay` partition: records observed on one day, one shard. */
export const dayPk = (day: string, shard: number) => `D#${day}#${shard}`;
/** `byRecordedTime` partition: records and quarantined input recorded on one day, one shard. */
export const recordedDayPk = (day: string, shard: number) => `RD#${day}#${shard}`;
/** The day of a `byRecordedTime` partition key, or undefined for any other text. */
export function dayOfRecordedDayPk(pk: string): string | undefined {
  return /^RD#(\d{4}-\d{2}-\d{2})#/.exec(pk)?.[1];
}
/** The index attributes of a record of a subject: `byDay` by event time, `byRecordedTime` by stamp time. */
export function recordIndexKeys(
  subjectKey: string,
  record: { observedAt: string; recordedAt: string; evidenceId: string; integrity: { recordHash: string } },
): Record<string, string> {
  const shard = shardOf(subjectKey);
  return {
    [BY_DAY_INDEX.partitionKey]: dayPk(dayOf(record.observedAt), shard),
    [BY_DAY_INDEX.sortKey]: `${record.observedAt}#${record.evidenceId}`,
    // the record's entry in the evidence log (signed tree heads), and leaf of its day's checkpoint tree
    [BY_RECORDED_TIME_INDEX.partitionKey]: recordedDayPk(dayOf(record.recordedAt), shard),
    [BY_RECORDED_TIME_INDEX.sortKey]: `${record.recordedAt}#r#${record.observedAt}#${record.integrity.recordHash}`,
  };
}

/** The log index attributes of a quarantined input: it is an entry of the evidence log like a record. */
export function quarantineIndexKeys(q: {
  recordedAt: string;
  id: string;
  rawSha256: string;
}): Record<string, string> {
  return {
    [BY_RECORDED_TIME_INDEX.partitionKey]: recordedDayPk(dayOf(q.recordedAt), shardOf(q.id)),
    [BY_RECORDED_TIME_INDEX.sortKey]: `${q.recordedAt}#q#${q.id}#${q.rawSha256}`,
  };
}

/** The log entry a `byRecordedTime` sort key names; undefined for any other text. */
export function logEntryOfSk(
  sk: string,
):
  | { kind: 'record'; recordedAt: string; observedAt: string; recordHash: string }
  | { kind: 'quarantine'; receivedAt: string; quarantineId: string; sha256: string }
  | undefined {
  const [at, kind, a, b, ...rest] = sk.split('#');
  if (!at || !a || !b || rest.length > 0) return undefined;
  if (kind === 'r') return { kind: 'record', recordedAt: at, observedAt: a, recordHash: b };
  if (kind === 'q') return { kind: 'quarantine', receivedAt: at, quarantineId: a, sha256: b };
  return undefined;
}

// --- the notification ledger ---

const SENT_PREFIX = 'N#';
/** Key of the item saying a transition's notification was sent. */
export const sentNotificationKey = (transitionId: string) => ({
  pk: `${SENT_PREFIX}${transitionId}`,
  sk: 'SENT',
});
/** The transition id of a sent-notification partition key. */
export const transitionIdOfSentPk = (pk: string) => pk.slice(SENT_PREFIX.length);
/** Partition of one shard of the pending notifications. */
export const pendingNotificationPk = (shard: number) => `NP#${shard}`;
/** Key of a transition's pending notification. */
export const pendingNotificationKey = (transitionId: string) => ({
  pk: pendingNotificationPk(shardOf(transitionId)),
  sk: transitionId,
});

// --- IAM identity aliases ---

/** Sort key of an alias item (one item per partition: the unique id is the partition). */
export const ALIAS_SK = 'ALIAS';
/** The partitions of the IAM identity aliases (an IAM `dynamodb:LeadingKeys` pattern). */
export const ALIAS_PARTITIONS = ['A#*'] as const;
/**
 * Key of the alias of an IAM user's or role's unique id: one partition per identity, so ingest looks
 * aliases up by key (no scan) and no partition is hot.
 */
export const aliasKeyOf = (accountId: string, uniqueId: string) => ({
  pk: `A#${accountId}#${uniqueId}`,
  sk: ALIAS_SK,
});

/**
 * The partitions each writer may write (IAM `dynamodb:LeadingKeys` patterns): the evidence writers
 * (collect, sweep, the CLI's attest) write subjects' chains, quarantine and the IAM
 * identity aliases they learn; the
 * drift function only its notification ledger; the checkpoint function only checkpoints and tree heads.
 */
export const WRITER_PARTITIONS = {
  evidence: ['S#*', 'Q#*', ...ALIAS_PARTITIONS],
  drift: ['N#*', 'NP#*'],
  checkpoint: [CHECKPOINT_PK, TREE_HEAD_PK],
} as const;
