/**
 * The binder's integrity anchors: the signed daily checkpoints of the days its records were recorded,
 * the key that signed them, and an RFC 9162 inclusion proof per record, so `evidence verify` can show
 * offline that every record is in a signed day and that no record of the period is missing.
 *
 * Files (listed in the manifest like the others):
 * - `integrity/anchors.json`     the period and, per checkpointed day, the run of leaves it covers
 * - `integrity/checkpoint-key.pem` the public key of the checkpoints
 * - `integrity/checkpoints.jsonl`  the signed checkpoints, one per line, consecutive days
 * - `integrity/proofs.jsonl`       one inclusion proof per anchored evidence file, in evidence order
 *
 * Memory: one day's leaves (and its tree, about 64 bytes per leaf) at a time, a few days cached;
 * proofs are streamed to a spool file, never held.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BinderAnchors,
  type BinderDayRun,
  type BinderLeafProof,
  type BinderRecordProof,
  type Checkpoint,
  CheckpointSchema,
} from '../../../evidence-schemas';
import type { AnchorPartial } from '../../../evidence-schemas/binder-shard';
import { ANCHORS_PATH, CHECKPOINT_KEY_PATH, CHECKPOINTS_PATH, PROOFS_PATH } from '../../domain/binder/layout';
import { type DayLeaf, dayOf, dayTree, keyIdOf, lowerBound } from '../../domain/checkpoint';
import { canonicalJson } from '../../domain/hashing';
import type { MerkleTree } from '../../domain/merkle';
import type { EvidenceReader } from '../../ports/evidence-reader';

/** Days whose trees are kept while evidence streams (records of a period come day by day). */
const CACHED_DAYS = 3;

/** What the anchors need of a record. */
export interface AnchoredRecord {
  observedAt: string;
  recordHash: string;
  recordedAt: string;
}

interface LoadedDay {
  leaves: DayLeaf[];
  tree: MerkleTree;
}

export interface AnchorWriterOptions {
  reader: EvidenceReader;
  from: string;
  to: string;
  /** the earliest recordedAt day of the binder's records (a record may be recorded before `from`) */
  firstRecordedDay: string | undefined;
  /** false when the binder holds only some accounts */
  complete: boolean;
  /** the checkpoints' public key (SPKI PEM), when the exporter has it */
  publicKeyPem: string | undefined;
  workDir: string;
}

/** Writes a binder's anchors while its evidence is written. */
export class AnchorWriter {
  /** days whose stored records do not add up to their signed checkpoint (the binder will not verify) */
  readonly mismatches: string[] = [];
  anchored = 0;
  unanchored = 0;
  private readonly cache = new Map<string, LoadedDay>();
  private readonly runs = new Map<string, BinderDayRun>();
  private readonly uncommitted: BinderAnchors['uncommitted'] = [];
  private readonly proofs: WriteStream;
  private readonly proofsFile: string;

  private constructor(
    private readonly options: AnchorWriterOptions,
    /** the checkpoints the binder carries, by day (consecutive, in order) */
    private readonly checkpoints: Map<string, Checkpoint>,
  ) {
    this.proofsFile = join(options.workDir, 'proofs.jsonl');
    this.proofs = createWriteStream(this.proofsFile);
  }

  /** checkpoints the binder carries */
  get checkpointCount(): number {
    return this.checkpoints.size;
  }

  /** Reads the stored checkpoints from the first day the binder's records can be in. */
  static async open(options: AnchorWriterOptions): Promise<AnchorWriter> {
    const fromDay = dayOf(options.from);
    const firstDay =
      options.firstRecordedDay && options.firstRecordedDay < fromDay ? options.firstRecordedDay : fromDay;
    const checkpoints = new Map<string, Checkpoint>();
    const bad: string[] = [];
    for await (const d of options.reader.checkpointDocs()) {
      if (d.day < firstDay) continue;
      const parsed = CheckpointSchema.safeParse(d.doc);
      if (parsed.success && parsed.data.day === d.day) checkpoints.set(d.day, parsed.data);
      else bad.push(`${d.day}: the stored checkpoint is not a valid checkpoint`);
    }
    const writer = new AnchorWriter(options, checkpoints);
    writer.mismatches.push(...bad);
    return writer;
  }

  /** Writes the inclusion proof of one evidence file's record, when its day has a checkpoint. */
  async prove(record: AnchoredRecord, path: string): Promise<void> {
    if (!this.checkpoints.has(dayOf(record.recordedAt))) {
      this.unanchored++;
      return;
    }
    const found = await this.find(record);
    if (!found) return;
    const { day, loaded, index } = found;
    const line: BinderRecordProof = {
      path,
      day,
      treeSize: loaded.tree.size,
      ...leafProof(loaded, index),
    };
    this.anchored++;
    if (!this.proofs.write(`${canonicalJson(line)}\n`)) await once(this.proofs, 'drain');
  }

  /**
   * Proves the leaf of a record left out of the binder as uncommitted, so the verifier can tell it
   * from a deleted one.
   */
  async leftOut(record: AnchoredRecord): Promise<void> {
    const found = await this.find(record);
    if (found) this.uncommitted.push({ day: found.day, ...leafProof(found.loaded, found.index) });
  }

  /** The day, tree and leaf index of a record; undefined when its day has no checkpoint (or it is not a leaf). */
  private async find(
    record: AnchoredRecord,
  ): Promise<{ day: string; loaded: LoadedDay; index: number } | undefined> {
    const day = dayOf(record.recordedAt);
    const checkpoint = this.checkpoints.get(day);
    if (!checkpoint) return undefined;
    const loaded = await this.load(day, checkpoint);
    const leaf = { observedAt: record.observedAt, recordHash: record.recordHash };
    const index = lowerBound(loaded.leaves, leaf);
    const found = loaded.leaves[index];
    if (found?.recordHash !== leaf.recordHash || found.observedAt !== leaf.observedAt) {
      this.mismatches.push(`${day}: record ${record.recordHash.slice(0, 16)}… is not among the day's leaves`);
      return undefined;
    }
    return { day, loaded, index };
  }

  /**
   * Ends a slice of a sharded export: its proofs are on disk, and what the merge needs of the rest
   * (the runs of the days it loaded, its counts, the uncommitted leaves) is returned as data.
   */
  async closeSlice(): Promise<{ proofsFile: string; partial: AnchorPartial }> {
    this.proofs.end();
    await once(this.proofs, 'finish');
    return {
      proofsFile: this.proofsFile,
      partial: {
        runs: [...this.runs.values()],
        mismatches: [...this.mismatches],
        anchored: this.anchored,
        unanchored: this.unanchored,
        uncommitted: [...this.uncommitted],
      },
    };
  }

  /**
   * Takes in a slice's anchors (slices in day order): its runs (a day's run depends only on the day
   * and the period, so any slice's is the one), counts, uncommitted leaves and mismatches.
   */
  absorb(partial: AnchorPartial): void {
    for (const run of partial.runs) if (!this.runs.has(run.day)) this.runs.set(run.day, run);
    for (const m of partial.mismatches) if (!this.mismatches.includes(m)) this.mismatches.push(m);
    this.anchored += partial.anchored;
    this.unanchored += partial.unanchored;
    this.uncommitted.push(...partial.uncommitted);
  }

  /** Whether the day a record was recorded on has a checkpoint (its record is proven, not "not yet anchored"). */
  covers(record: Pick<AnchoredRecord, 'recordedAt'>): boolean {
    return this.checkpoints.has(dayOf(record.recordedAt));
  }

  /** Adds one line of integrity/proofs.jsonl that a slice wrote (its proofs, in evidence order). */
  async addProofLine(line: string): Promise<void> {
    if (!this.proofs.write(`${line}\n`)) await once(this.proofs, 'drain');
  }

  /** Completes the anchors; `add` puts each file (a path in the binder, a local file) into the binder. */
  async finish(add: (path: string, file: string) => Promise<void>): Promise<void> {
    this.proofs.end();
    await once(this.proofs, 'finish');
    for (const [day, checkpoint] of this.checkpoints)
      if (!this.runs.has(day)) await this.load(day, checkpoint);
    const anchors: BinderAnchors = {
      version: 1,
      from: this.options.from,
      to: this.options.to,
      complete: this.options.complete,
      days: [...this.checkpoints.keys()].map((day) => this.runs.get(day)!),
      uncommitted: this.uncommitted,
    };
    const work = this.options.workDir;
    await writeFile(join(work, 'anchors.json'), `${canonicalJson(anchors)}\n`);
    await add(ANCHORS_PATH, join(work, 'anchors.json'));
    const pem = this.options.publicKeyPem;
    const first = this.checkpoints.values().next().value;
    if (pem !== undefined && (first === undefined || keyIdOf(pem) === first.keyId)) {
      await writeFile(join(work, 'checkpoint-key.pem'), pem);
      await add(CHECKPOINT_KEY_PATH, join(work, 'checkpoint-key.pem'));
    }
    await writeFile(
      join(work, 'checkpoints.jsonl'),
      [...this.checkpoints.values()].map((c) => `${canonicalJson(c)}\n`).join(''),
    );
    await add(CHECKPOINTS_PATH, join(work, 'checkpoints.jsonl'));
    await add(PROOFS_PATH, this.proofsFile);
  }

  /** Closes the proof spool of an export that failed (the work folder is removed by the caller). */
  abort(): void {
    this.proofs.destroy();
  }

  /** A day's leaves and tree from the store, checked against its signed checkpoint; its run noted. */
  private async load(day: string, checkpoint: Checkpoint): Promise<LoadedDay> {
    const hit = this.cache.get(day);
    if (hit) return hit;
    const loaded = dayTree(await this.options.reader.recordLeavesOn(day));
    if (loaded.tree.size !== checkpoint.treeSize)
      this.mismatches.push(
        `${day}: ${loaded.tree.size} record(s) recorded that day are stored, the signed checkpoint counts ${checkpoint.treeSize}`,
      );
    else if (loaded.tree.root().toString('hex') !== checkpoint.rootHash)
      this.mismatches.push(`${day}: the stored records do not hash to the signed root`);
    if (!this.runs.has(day)) this.runs.set(day, this.runOf(day, loaded));
    if (this.cache.size >= CACHED_DAYS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(day, loaded);
    return loaded;
  }

  /** The leaves of the day observed in the period, and the proven leaves just outside them. */
  private runOf(day: string, loaded: LoadedDay): BinderDayRun {
    const { from, to } = this.options;
    // recordHash is hex: '' sorts before and '~' after every hash with the same observedAt
    const first = lowerBound(loaded.leaves, { observedAt: from, recordHash: '' });
    const end = lowerBound(loaded.leaves, { observedAt: to, recordHash: '~' });
    return {
      day,
      treeSize: loaded.tree.size,
      first,
      end,
      ...(first > 0 ? { before: leafProof(loaded, first - 1) } : {}),
      ...(end < loaded.tree.size ? { after: leafProof(loaded, end) } : {}),
    };
  }
}

function leafProof(loaded: LoadedDay, index: number): BinderLeafProof {
  const leaf = loaded.leaves[index]!;
  return {
    observedAt: leaf.observedAt,
    recordHash: leaf.recordHash,
    leafIndex: index,
    auditPath: loaded.tree.inclusionProof(index).map((h) => h.toString('hex')),
  };
}
