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
 * Memory: a day's leaves and tree packed (core/domain/day-tree.ts), its leaf hashes moved to a file of
 * the work folder once built (24 bytes a leaf held, 56 while it is built), a few days cached; proofs are
 * streamed to a spool file, never held.
 */
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
import { dayOf, keyIdOf } from '../../domain/checkpoint';
import { PackedDayTree } from '../../domain/day-tree';
import { canonicalJson } from '../../domain/hashing';
import type { EvidenceReader } from '../../ports/evidence-reader';
import type { BinderZip } from './binder-zip';
import { LeafHashFile } from './leaf-hash-file';
import { LineSpool } from './spool';

/** Days whose trees are kept while evidence streams (records of a period come day by day). */
const CACHED_DAYS = 3;

/** What the anchors need of a record. */
export interface AnchoredRecord {
  observedAt: string;
  recordHash: string;
  recordedAt: string;
}

/**
 * A day's tree as loaded, with the file its leaf hashes were moved to; without one when the day's
 * stored leaves cannot be read as a tree.
 */
type LoadedDay = { tree: PackedDayTree; file: LeafHashFile } | { tree?: undefined; file?: undefined };

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
  private readonly proofs: LineSpool;

  private constructor(
    private readonly options: AnchorWriterOptions,
    /** the checkpoints the binder carries, by day (consecutive, in order) */
    private readonly checkpoints: Map<string, Checkpoint>,
  ) {
    this.proofs = new LineSpool(join(options.workDir, 'proofs.jsonl'));
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
    const { day, tree, index } = found;
    // members in JCS order: canonicalJson then serializes the line as it is
    const line: BinderRecordProof = {
      auditPath: auditPath(tree, index),
      day,
      leafIndex: index,
      observedAt: record.observedAt,
      path,
      recordHash: record.recordHash,
      treeSize: tree.size,
    };
    this.anchored++;
    await this.proofs.write(canonicalJson(line));
  }

  /**
   * Proves the leaf of a record left out of the binder as uncommitted, so the verifier can tell it
   * from a deleted one.
   */
  async leftOut(record: AnchoredRecord): Promise<void> {
    const found = await this.find(record);
    if (found) this.uncommitted.push({ day: found.day, ...leafProof(found.tree, found.index) });
  }

  /** The day, tree and leaf index of a record; undefined when its day has no checkpoint (or it is not a leaf). */
  private async find(
    record: AnchoredRecord,
  ): Promise<{ day: string; tree: PackedDayTree; index: number } | undefined> {
    const day = dayOf(record.recordedAt);
    const checkpoint = this.checkpoints.get(day);
    if (!checkpoint) return undefined;
    const { tree } = await this.load(day, checkpoint);
    // a day whose leaves could not be read is named once, by load()
    if (!tree) return undefined;
    const index = tree.indexOf({ observedAt: record.observedAt, recordHash: record.recordHash });
    if (index === undefined) {
      this.mismatches.push(`${day}: record ${record.recordHash.slice(0, 16)}… is not among the day's leaves`);
      return undefined;
    }
    return { day, tree, index };
  }

  /**
   * Ends a slice of a sharded export: its proofs are on disk, and what the merge needs of the rest
   * (the runs of the days it loaded, its counts, the uncommitted leaves) is returned as data.
   */
  async closeSlice(): Promise<{ proofsFile: string; partial: AnchorPartial }> {
    await this.proofs.close();
    this.forgetDays();
    return {
      proofsFile: this.proofs.path,
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
    await this.proofs.write(line);
  }

  /** Completes the anchors: their files are added to the binder's zip. */
  async finish(zip: Pick<BinderZip, 'addFile'>): Promise<void> {
    const add = (path: string, file: string) => zip.addFile(path, file);
    await this.proofs.close();
    for (const [day, checkpoint] of this.checkpoints)
      if (!this.runs.has(day)) await this.load(day, checkpoint);
    // every proof is written: the days' trees are not needed while the PDF is drawn
    this.forgetDays();
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
    // over a kilobyte of hex a record, much of it the same upper nodes: zlib's fastest level packs it
    // nearly as small (a few % larger) in well under half the time of its default
    await zip.addFile(PROOFS_PATH, this.proofs.path, undefined, { level: 1 });
  }

  /** Closes the proof spool of an export that failed (the work folder is removed by the caller). */
  abort(): void {
    this.proofs.abort();
    this.forgetDays();
  }

  /** Lets go of the cached days' trees and removes their leaf files. */
  private forgetDays(): void {
    for (const loaded of this.cache.values()) loaded.file?.close();
    this.cache.clear();
  }

  /** A day's leaves and tree from the store, checked against its signed checkpoint; its run noted. */
  private async load(day: string, checkpoint: Checkpoint): Promise<LoadedDay> {
    const hit = this.cache.get(day);
    if (hit) return hit;
    const built = await PackedDayTree.from(this.options.reader.recordLeafBatches(day));
    let loaded: LoadedDay;
    if (built instanceof PackedDayTree) {
      const path = join(this.options.workDir, `leaves-${day}.bin`);
      loaded = { tree: built, file: built.moveLeafHashes((hashes) => new LeafHashFile(path, hashes)) };
      if (built.size !== checkpoint.treeSize)
        this.mismatches.push(
          `${day}: ${built.size} record(s) recorded that day are stored, the signed checkpoint counts ${checkpoint.treeSize}`,
        );
      else if (built.root().toString('hex') !== checkpoint.rootHash)
        this.mismatches.push(`${day}: the stored records do not hash to the signed root`);
    } else {
      loaded = {};
      this.mismatches.push(`${day}: the stored leaves of that day are not a tree: ${built.problem}`);
    }
    if (!this.runs.has(day)) this.runs.set(day, this.runOf(day, loaded));
    if (this.cache.size >= CACHED_DAYS) {
      const [oldest, evicted] = this.cache.entries().next().value!;
      evicted.file?.close();
      this.cache.delete(oldest);
    }
    this.cache.set(day, loaded);
    return loaded;
  }

  /** The leaves of the day observed in the period, and the proven leaves just outside them. */
  private runOf(day: string, { tree }: LoadedDay): BinderDayRun {
    if (!tree) return { day, treeSize: 0, first: 0, end: 0 };
    const { from, to } = this.options;
    // recordHash is hex: '' sorts before and '~' after every hash with the same observedAt
    const first = tree.lowerBound({ observedAt: from, recordHash: '' });
    const end = tree.lowerBound({ observedAt: to, recordHash: '~' });
    return {
      day,
      treeSize: tree.size,
      first,
      end,
      ...(first > 0 ? { before: leafProof(tree, first - 1) } : {}),
      ...(end < tree.size ? { after: leafProof(tree, end) } : {}),
    };
  }
}

const auditPath = (tree: PackedDayTree, index: number) =>
  tree.inclusionProof(index).map((h) => h.toString('hex'));

function leafProof(tree: PackedDayTree, index: number): BinderLeafProof {
  return { ...tree.leafAt(index), leafIndex: index, auditPath: auditPath(tree, index) };
}
