/**
 * Daily checkpoints, like a transparency log's signed tree heads: every closed UTC day's records
 * (by recordedAt) form an RFC 9162 Merkle tree whose root is signed and chained to the day before.
 * A record, a whole chain or a whole day deleted afterwards no longer adds up to a signed root.
 */
import { type Checkpoint, CheckpointSchema } from '../../evidence-schemas';
import {
  type CheckpointBody,
  checkCheckpointChain,
  checkpointHash,
  checkpointMessage,
  type DayLeaf,
  dayOf,
  dayTree,
  FIRST_PREVIOUS_CHECKPOINT_HASH,
  keyIdOf,
  nextDay,
} from '../domain/checkpoint';
import { PackedDayTree } from '../domain/day-tree';
import { canonicalJson } from '../domain/hashing';
import { ANCHOR_NAMES, type AnchorStore } from '../ports/anchor-store';
import type { EvidenceStore } from '../ports/evidence-store';
import type { Signer } from '../ports/signer';
import { type AnchorKind, compareWithAnchors, parseAnchor, readAnchored } from './anchored';

/**
 * How long after midnight UTC a day counts as closed. Records are stamped with recordedAt when ingest
 * starts, and a batch may commit a little later; the byRecordedTime index is eventually consistent.
 * A checkpoint is immutable, so it waits until no straggler can still arrive.
 */
export const CHECKPOINT_GRACE_MS = 30 * 60_000;

/** The stored checkpoints cannot be extended: one of them is not a valid checkpoint. */
export class CheckpointStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CheckpointStoreError';
  }
}

export interface CheckpointRunResult {
  /** checkpoints written by this run, in day order */
  created: Checkpoint[];
  /** the last day that is closed (checkpointed now or before); undefined when the store has no record yet */
  lastClosedDay: string | undefined;
  /** checkpoints stored in all, after this run */
  total: number;
  /** days whose checkpoint was missing from the table and was restored from its anchor */
  restored: string[];
}

/** The last UTC day that is over (with the grace period) at `now`. */
export function lastClosedDay(now: Date, graceMs = CHECKPOINT_GRACE_MS): string {
  const today = dayOf(new Date(now.getTime() - graceMs).toISOString());
  return new Date(Date.parse(`${today}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Makes every missing checkpoint of a closed day, in day order, from the day after the last stored
 * checkpoint (or the first record's day). A day without records gets a checkpoint of size 0, so a
 * day whose records all vanish later is still detected. Running it again is harmless: a day that
 * already has a checkpoint (a concurrent run's) is kept and chained on.
 */
export async function checkpointDays(
  store: EvidenceStore,
  signer: Signer,
  now: () => Date = () => new Date(),
  options: { graceMs?: number; anchors?: AnchorStore } = {},
): Promise<CheckpointRunResult> {
  let stored = await readCheckpoints(store);
  const restored: string[] = [];
  if (options.anchors) {
    // the anchors say what was signed: a checkpoint missing from the table is restored from its
    // anchor, never signed again over what the table holds now
    const anchored = await readAnchored(options.anchors, CHECKPOINT_ANCHORS);
    if (anchored.unreadable.length > 0)
      throw new CheckpointStoreError(
        `${options.anchors.location}${anchored.unreadable[0]} is not a signed checkpoint: run verify-store`,
      );
    const publicKeyPem = await signer.publicKeyPem();
    const problems = checkCheckpointChain(anchored.items, publicKeyPem, { fromGenesis: true });
    if (problems.length > 0)
      throw new CheckpointStoreError(
        `the anchored checkpoint of ${problems[0]!.day} does not verify with this key (${problems[0]!.problem}): run verify-store`,
      );
    const table = compareWithAnchors(stored, anchored.items, (c) => c.day);
    const differing = table.differing[0]?.day;
    if (differing)
      throw new CheckpointStoreError(
        `the table's checkpoint of ${differing} differs from its anchor in ${options.anchors.location}: run verify-store`,
      );
    if (table.unanchored.length > 0)
      throw new CheckpointStoreError(
        `the table holds checkpoints ${options.anchors.location} does not anchor (${table.unanchored[0]}): run verify-store`,
      );
    for (const cp of table.missing) {
      await store.putCheckpoint(cp);
      restored.push(cp.day);
    }
    stored = anchored.items;
  }
  let previous = stored.at(-1);
  const closed = lastClosedDay(now(), options.graceMs);
  const start = previous ? nextDay(previous.day) : await store.firstRecordedDay();
  const created: Checkpoint[] = [];
  if (start === undefined) return { created, lastClosedDay: undefined, total: 0, restored };
  const publicKeyPem = await signer.publicKeyPem();
  const keyId = keyIdOf(publicKeyPem);
  let total = stored.length;
  for (let day = start; day <= closed; day = nextDay(day)) {
    const tree = await treeOfDay(store, day);
    const body: CheckpointBody = {
      version: 1,
      day,
      treeSize: tree.size,
      rootHash: tree.root().toString('hex'),
      previousCheckpointHash: previous ? checkpointHash(previous) : FIRST_PREVIOUS_CHECKPOINT_HASH,
      createdAt: now().toISOString(),
      keyId,
      algorithm: signer.algorithm,
    };
    const signature = Buffer.from(await signer.sign(checkpointMessage(body))).toString('base64');
    let checkpoint = CheckpointSchema.parse({ ...body, signature });
    if (options.anchors) {
      // anchored first: the anchor decides which of two racing runs signed the day
      const put = await options.anchors.putOnce(
        ANCHOR_NAMES.checkpoint(day),
        `${canonicalJson(checkpoint)}\n`,
      );
      if (put === 'different') {
        const theirs = parseAnchor(
          CHECKPOINT_ANCHORS,
          await options.anchors.get(CHECKPOINT_ANCHORS.nameOf(checkpoint)),
        );
        if (!theirs) throw new CheckpointStoreError(`the anchored checkpoint of ${day} cannot be read`);
        checkpoint = theirs;
      }
    }
    if (await store.putCheckpoint(checkpoint)) {
      created.push(checkpoint);
      previous = checkpoint;
    } else {
      // another run wrote this day first: chain on from what it stored
      previous = (await readCheckpoints(store)).find((c) => c.day === day);
      if (!previous) throw new CheckpointStoreError(`the checkpoint of ${day} exists but cannot be read`);
    }
    total++;
  }
  return { created, lastClosedDay: closed, total, restored };
}

/** Daily checkpoints as anchored: one document per day, `checkpoints/<day>.json`. */
export const CHECKPOINT_ANCHORS: AnchorKind<Checkpoint> = {
  prefix: ANCHOR_NAMES.checkpointPrefix,
  schema: CheckpointSchema,
  nameOf: (c) => ANCHOR_NAMES.checkpoint(c.day),
};

/** Every stored checkpoint, parsed; a document that is not a checkpoint stops the run. */
async function readCheckpoints(store: EvidenceStore): Promise<Checkpoint[]> {
  const out: Checkpoint[] = [];
  for await (const d of store.listCheckpointDocs()) {
    const parsed = CheckpointSchema.safeParse(d.doc);
    if (!parsed.success || parsed.data.day !== d.day)
      throw new CheckpointStoreError(
        `the stored checkpoint of ${d.day} is not a valid checkpoint: run verify-store; new checkpoints cannot chain on it`,
      );
    out.push(parsed.data);
  }
  return out;
}

/**
 * The tree of a day's records, held packed (about 56 bytes a record: a backfill day of millions is
 * checkpointed in tens of MB); a day with a leaf that does not pack (not as the store writes leaves) is
 * read again and built as plain objects, so its checkpoint still signs exactly what is stored.
 */
async function treeOfDay(store: EvidenceStore, day: string): Promise<{ size: number; root(): Buffer }> {
  const packed = await PackedDayTree.from(store.recordLeafBatches(day));
  if (packed instanceof PackedDayTree) return packed;
  const leaves: DayLeaf[] = [];
  for await (const batch of store.recordLeafBatches(day)) leaves.push(...batch);
  return dayTree(leaves).tree;
}
