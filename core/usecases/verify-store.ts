import { type Checkpoint, CheckpointSchema, type EvidenceRecord } from '../../evidence-schemas';
import { checkRecord, type RecordProblem, verifyChain } from '../domain/chain';
import {
  type CheckpointProblem,
  checkCheckpointChain,
  type DayLeaf,
  dayOf,
  dayTree,
} from '../domain/checkpoint';
import { subjectKey } from '../domain/observation';
import { headPosture, type PostureEntry, postureFromRecords } from '../domain/posture';
import { type LogEntry, recordEntry } from '../domain/tree-head';
import type { AnchorStore } from '../ports/anchor-store';
import type { ChainHead, EvidenceStore } from '../ports/evidence-store';
import type { TreeHeadStore } from '../ports/tree-head-store';
import { compareWithAnchors, readAnchored } from './anchored';
import { CHECKPOINT_ANCHORS } from './checkpoint';
import { type LogReport, quarantineLogEntry, verifyLog } from './verify-log';

export interface StoreProblem extends RecordProblem {
  subjectKey: string;
}

export interface VerifyStoreReport {
  ok: boolean;
  subjects: number;
  records: number;
  problems: StoreProblem[];
  /**
   * records outside every committed chain: a writer lost a commit race or stopped before committing,
   * or a table writer put a head back and removed its commit's markers (which verify-store cannot
   * tell apart: each is listed, not counted in binders, and stays in the evidence log)
   */
  orphans: { subjectKey: string; evidenceId: string; sequence: number; recordedAt: string }[];
  /** daily checkpoints stored (each day's records re-hashed into its Merkle root) */
  checkpoints: number;
  /** a checkpoint that does not verify, or a day whose stored records no longer add up to its root */
  checkpointProblems: CheckpointProblem[];
  /** the evidence log against its signed tree heads (absent when the store keeps none) */
  log?: LogReport;
}

export interface VerifyStoreOptions {
  /** the trusted public key (SPKI PEM) that signs the daily checkpoints and the tree heads */
  checkpointPublicKeyPem?: string;
  /** the store's log (its tree heads); when given, every record and quarantined input is checked against them */
  log?: TreeHeadStore;
  /** where the heads and checkpoints were anchored: they are read from there and compared with the table */
  anchors?: AnchorStore;
  now?: Date;
}

/**
 * Re-hashes every record, walks every chain from its head back to genesis, and checks that every
 * posture item is what the chains say it should be.
 */
export async function verifyStore(
  store: EvidenceStore,
  options: VerifyStoreOptions = {},
): Promise<VerifyStoreReport> {
  const problems: StoreProblem[] = [];
  const orphans: VerifyStoreReport['orphans'] = [];
  const onChains: { record: EvidenceRecord; subjectKey: string }[] = [];
  const headKeys = new Set<string>();
  const heads: ChainHead[] = [];
  let records = 0;
  for await (const head of store.listHeads()) {
    headKeys.add(head.subjectKey);
    heads.push(head);
    if (head.sequence === 0) continue;
    const docs = await store.listChainDocs(head.subjectKey);
    records += docs.length;
    const good: EvidenceRecord[] = [];
    for (const d of docs) {
      const { record, problems: p } = checkRecord(d.doc);
      for (const problem of p)
        problems.push({ subjectKey: head.subjectKey, ...problem, problem: `${d.key}: ${problem.problem}` });
      if (record && p.length === 0) good.push(record);
    }
    const chain = verifyChain(good, { sequence: head.sequence, recordHash: head.recordHash });
    for (const p of chain.problems) problems.push({ subjectKey: head.subjectKey, ...p });
    for (const o of chain.orphans)
      orphans.push({
        subjectKey: head.subjectKey,
        evidenceId: o.evidenceId,
        sequence: o.integrity.sequence,
        recordedAt: o.recordedAt,
      });
    problems.push(...(await lostCommits(store, head, chain.path)));
    for (const r of chain.path) {
      if (subjectKeyMismatch(head.subjectKey, r)) {
        problems.push({
          subjectKey: head.subjectKey,
          evidenceId: r.evidenceId,
          sequence: r.integrity.sequence,
          problem: 'record belongs to another subject',
        });
      }
      onChains.push({ record: r, subjectKey: head.subjectKey });
    }
  }
  // records whose subject has no head at all: a deleted head hides a whole chain
  const headless = new Set<string>();
  const leavesByDay = new Map<string, DayLeaf[]>();
  const logEntries: LogEntry[] = [];
  for await (const d of store.scanRecordDocs()) {
    if (!headKeys.has(d.subjectKey)) headless.add(d.subjectKey);
    const leaf = leafOf(d.doc);
    if (leaf) {
      logEntries.push(
        recordEntry({
          recordedAt: leaf.recordedAt,
          observedAt: leaf.leaf.observedAt,
          recordHash: leaf.leaf.recordHash,
        }),
      );
      const list = leavesByDay.get(leaf.day);
      if (list) list.push(leaf.leaf);
      else leavesByDay.set(leaf.day, [leaf.leaf]);
    }
  }
  const anchors = await checkCheckpoints(store, leavesByDay, options.checkpointPublicKeyPem, options.anchors);
  let log: LogReport | undefined;
  if (options.log) {
    for await (const q of store.listQuarantine()) {
      const { entry, problem } = quarantineLogEntry(q);
      logEntries.push(entry);
      if (problem) problems.push({ subjectKey: `quarantine:${q.id}`, problem });
    }
    log = await verifyLog(logEntries, options.log, {
      ...(options.checkpointPublicKeyPem ? { publicKeyPem: options.checkpointPublicKeyPem } : {}),
      ...(options.anchors ? { anchors: options.anchors } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }
  for (const key of headless)
    problems.push({ subjectKey: key, problem: 'records exist but the chain head is missing' });

  // each head's posture must be what its own chain says
  const expected = postureFromRecords(onChains);
  const fromHeads = new Map<string, PostureEntry>();
  for (const head of heads) {
    for (const p of headPosture(head)) {
      const key = `${p.controlId}\u0000${p.subjectKey}`;
      fromHeads.set(key, p);
      const want = expected.get(key);
      if (!want)
        problems.push({
          subjectKey: p.subjectKey,
          evidenceId: p.evidenceId,
          problem: `posture of ${p.controlId} has no evidence on the chain`,
        });
      else if (!samePosture(want, p)) {
        problems.push({
          subjectKey: p.subjectKey,
          evidenceId: p.evidenceId,
          problem: `posture of ${p.controlId} says ${p.status} (${p.evidenceId}) but the chain says ${want.status} (${want.evidenceId})`,
        });
      }
    }
  }
  for (const [key, want] of expected) {
    if (!fromHeads.has(key))
      problems.push({
        subjectKey: want.subjectKey,
        evidenceId: want.evidenceId,
        problem: `posture of ${want.controlId} is missing from the head`,
      });
  }
  return {
    ok: problems.length === 0 && anchors.problems.length === 0 && (log?.problems.length ?? 0) === 0,
    subjects: headKeys.size,
    records,
    problems,
    orphans,
    checkpoints: anchors.count,
    checkpointProblems: anchors.problems,
    ...(log ? { log } : {}),
  };
}

/** The leaf of a stored record document and its recordedAt day; undefined when it is no record. */
function leafOf(doc: unknown): { day: string; recordedAt: string; leaf: DayLeaf } | undefined {
  const { record } = checkRecord(doc);
  if (!record) return undefined;
  return {
    day: dayOf(record.recordedAt),
    recordedAt: record.recordedAt,
    leaf: { observedAt: record.observedAt, recordHash: record.integrity.recordHash },
  };
}

/**
 * Checks the daily checkpoints: their signatures and chain, and that each checkpointed day's stored
 * records still hash to its signed root. A deleted record, chain or day changes a root or a size; a
 * record filed before the first checkpoint, or deleted checkpoints, leave a gap.
 */
async function checkCheckpoints(
  store: EvidenceStore,
  leavesByDay: Map<string, DayLeaf[]>,
  publicKeyPem: string | undefined,
  anchorStore: AnchorStore | undefined,
): Promise<{ count: number; problems: CheckpointProblem[] }> {
  const problems: CheckpointProblem[] = [];
  let checkpoints: Checkpoint[] = [];
  for await (const d of store.listCheckpointDocs()) {
    const parsed = CheckpointSchema.safeParse(d.doc);
    if (!parsed.success || parsed.data.day !== d.day)
      problems.push({ day: d.day, problem: 'the stored checkpoint is not a valid checkpoint' });
    else checkpoints.push(parsed.data);
  }
  if (anchorStore) {
    // the anchored checkpoints are what was signed: the table's copies must be exactly those
    const anchored = await readAnchored(anchorStore, CHECKPOINT_ANCHORS);
    for (const name of anchored.unreadable)
      problems.push({ day: name, problem: `${anchorStore.location}${name} is not a signed checkpoint` });
    const table = compareWithAnchors(checkpoints, anchored.items, (c) => c.day);
    for (const cp of table.missing)
      problems.push({ day: cp.day, problem: 'the table lacks this anchored checkpoint' });
    for (const cp of table.differing)
      problems.push({ day: cp.day, problem: "the table's checkpoint differs from its anchor" });
    for (const day of table.unanchored)
      problems.push({
        day,
        problem: `the table holds this checkpoint but ${anchorStore.location} does not anchor it`,
      });
    checkpoints = anchored.items;
  }
  if (checkpoints.length === 0) return { count: 0, problems };
  if (publicKeyPem === undefined)
    problems.push({
      day: checkpoints[0]!.day,
      problem: 'no public key to check the checkpoint signatures with',
    });
  else problems.push(...checkCheckpointChain(checkpoints, publicKeyPem, { fromGenesis: true }));
  const first = checkpoints[0]!.day;
  for (const [day, leaves] of leavesByDay) {
    if (day < first)
      problems.push({
        day,
        problem: `${leaves.length} record(s) recorded before the first checkpoint (${first})`,
      });
  }
  for (const cp of checkpoints) {
    const { tree } = dayTree(leavesByDay.get(cp.day) ?? []);
    if (tree.size !== cp.treeSize)
      problems.push({
        day: cp.day,
        problem: `${tree.size} record(s) recorded that day are stored, the signed checkpoint counts ${cp.treeSize}: records were ${tree.size < cp.treeSize ? 'deleted' : 'added'}`,
      });
    else if (tree.root().toString('hex') !== cp.rootHash)
      problems.push({
        day: cp.day,
        problem: "the day's records do not hash to the signed root: records were replaced",
      });
  }
  return { count: checkpoints.length, problems };
}

/**
 * Commits the markers vouch for that the chain no longer holds. A marker is written only after its
 * commit's head write succeeded, naming the events whose records that commit appended; so a marked
 * event with no record on the path from the head means a committed head write was undone (the store
 * lost an acknowledged write, or someone put back an older head), which leaves the records it linked
 * looking like the harmless leftovers of a lost race.
 */
async function lostCommits(
  store: EvidenceStore,
  head: ChainHead,
  path: EvidenceRecord[],
): Promise<StoreProblem[]> {
  const onPath = new Set(path.map((r) => r.source.eventId));
  const tips = new Map(path.map((r) => [r.integrity.sequence, r.integrity.recordHash]));
  const problems: StoreProblem[] = [];
  for (const marker of await store.listSourceEventMarkers(head.subjectKey)) {
    const missing = marker.eventIds.filter((id) => !onPath.has(id));
    const tip = tips.get(marker.sequence);
    const sameCommit = tip !== undefined && (marker.tip === undefined || tip.startsWith(marker.tip));
    if (missing.length === 0 && sameCommit) continue;
    problems.push({
      subjectKey: head.subjectKey,
      sequence: marker.sequence,
      problem:
        missing.length > 0
          ? `commit ${marker.sequence} stored events ${missing.join(', ')}, but the chain from the head holds no record of them: a committed head write was undone`
          : `commit ${marker.sequence} (tip ${marker.tip}) is not on the chain from the head: a committed head write was undone`,
    });
  }
  return problems;
}

function samePosture(a: PostureEntry, b: PostureEntry): boolean {
  return a.status === b.status && a.evidenceId === b.evidenceId && a.orderKey === b.orderKey;
}

function subjectKeyMismatch(key: string, r: EvidenceRecord): boolean {
  return subjectKey(r.subject) !== key;
}
