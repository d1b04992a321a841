/**
 * Offline check of a binder's integrity anchors (see anchors.ts): the checkpoints' signatures and
 * chain, one valid inclusion proof per evidence record of a checkpointed day, and, per checkpointed
 * day, that the binder holds every leaf of the run its period covers, so a record, chain or day
 * deleted before the export is named. Records of days without a checkpoint are a warning.
 *
 * Proofs are checked as `integrity/proofs.jsonl` streams, after the evidence files (which come first
 * in the binder, zip and folder alike); the checker holds one leaf hash per evidence record and one
 * bit per leaf of each covered run.
 */
import {
  type BinderAnchors,
  BinderAnchorsSchema,
  type BinderDayRun,
  type BinderLeafProof,
  BinderRecordProofSchema,
  type Checkpoint,
  CheckpointSchema,
  type EvidenceRecord,
} from '../../evidence-schemas';
import {
  ANCHORS_PATH,
  CHECKPOINT_KEY_PATH,
  CHECKPOINTS_PATH,
  INTEGRITY_DIR,
  PROOFS_PATH,
} from '../domain/binder/layout';
import { checkCheckpointChain, dayLeafHash, dayOf } from '../domain/checkpoint';
import { verifyInclusion } from '../domain/merkle';
import { EvidenceLeaves } from './evidence-leaves';

/** Files the checker reads whole (they are small); the proofs file is streamed line by line. */
export const ANCHOR_FILES: ReadonlySet<string> = new Set([
  ANCHORS_PATH,
  CHECKPOINT_KEY_PATH,
  CHECKPOINTS_PATH,
]);

/** Problems of one kind reported per day at most; the count says how many there were. */
const PER_DAY_DETAIL = 5;

interface DayState {
  checkpoint: Checkpoint;
  run: BinderDayRun;
  root: Buffer;
  /** one bit per leaf of the run */
  seen: Uint8Array;
  covered: number;
  badProofs: number;
}

export interface AnchorReport {
  checkpoints: number;
  anchoredRecords: number;
  unanchoredRecords: number;
}

export class AnchorChecker {
  private readonly evidence = new EvidenceLeaves();
  private readonly files = new Map<string, Buffer>();
  private prepared: { anchors: BinderAnchors; days: Map<string, DayState> } | undefined | null;
  /** the checkpoints as parsed; their signatures are checked at the end, once the key is chosen */
  private checkpoints: Checkpoint[] = [];
  private proofsSeen = false;
  private anchored = 0;

  constructor(
    private readonly problems: string[],
    private readonly warnings: string[],
  ) {}

  /** The checkpoints' public key as the binder ships it (integrity/checkpoint-key.pem). */
  shippedKeyPem(): string | undefined {
    return this.files.get(CHECKPOINT_KEY_PATH)?.toString('utf8');
  }

  /** Notes an evidence record (verified by the caller) by its leaf hash and recorded day. */
  addEvidence(path: string, record: EvidenceRecord): void {
    const leaf = dayLeafHash({ observedAt: record.observedAt, recordHash: record.integrity.recordHash });
    this.evidence.add(leaf, path, dayOf(record.recordedAt));
  }

  /** Keeps one of the small anchor files. */
  addFile(name: string, data: Buffer): void {
    this.files.set(name, data);
  }

  /** Notes that the binder has a proofs file (an empty one too: a period with no anchored record). */
  proofsPresent(): void {
    this.proofsSeen = true;
  }

  /** Checks one line of the proofs file. */
  proofLine(line: string): void {
    this.proofsSeen = true;
    const state = this.prepare();
    if (!state || line.length === 0) return;
    let parsed: ReturnType<typeof BinderRecordProofSchema.safeParse>;
    try {
      parsed = BinderRecordProofSchema.safeParse(JSON.parse(line));
    } catch {
      this.problems.push(`${PROOFS_PATH}: a line is not JSON`);
      return;
    }
    if (!parsed.success) {
      this.problems.push(`${PROOFS_PATH}: a line is not a proof (${parsed.error.issues[0]?.message ?? ''})`);
      return;
    }
    const proof = parsed.data;
    const leaf = dayLeafHash(proof);
    const held = this.evidence.get(leaf);
    if (!held || held.path !== proof.path || held.day !== proof.day) {
      this.problems.push(`${PROOFS_PATH}: the proof for ${proof.path} is not for a record of the binder`);
      return;
    }
    this.evidence.delete(leaf);
    const day = state.days.get(proof.day);
    if (!day) {
      this.problems.push(`${proof.path}: proven against ${proof.day}, a day the binder has no checkpoint of`);
      return;
    }
    if (
      !verifyInclusion(leaf, proof.leafIndex, day.checkpoint.treeSize, proof.auditPath.map(hex), day.root)
    ) {
      if (day.badProofs++ < PER_DAY_DETAIL)
        this.problems.push(
          `${proof.path}: its inclusion proof (leaf ${proof.leafIndex} of ${proof.treeSize}) does not verify against the signed root of ${proof.day}`,
        );
      return;
    }
    this.anchored++;
    const { first, end } = day.run;
    const { from, to } = state.anchors;
    if (proof.observedAt < from || proof.observedAt > to)
      this.problems.push(`${proof.path}: observed outside the binder's period`);
    else if (proof.leafIndex < first || proof.leafIndex >= end)
      this.problems.push(
        `${proof.path}: leaf ${proof.leafIndex} of ${proof.day} lies outside the period's run [${first}, ${end})`,
      );
    else {
      const bit = proof.leafIndex - first;
      if (day.seen[bit] === 1)
        this.problems.push(`${proof.path}: leaf ${proof.leafIndex} of ${proof.day} is proven twice`);
      else {
        day.seen[bit] = 1;
        day.covered++;
      }
    }
  }

  /**
   * The checks that need everything: the checkpoints' signatures against `keyPem` (the checkpoint
   * key chosen by the caller), runs complete, every record proven or not yet anchorable. With
   * `required` (a trusted key), the anchors themselves must be there: without them nothing ties the
   * records to what was signed each day, and a record forged with its chain and manifest would pass.
   */
  finish(options: { keyPem: string | undefined; required: boolean }): AnchorReport {
    const state = this.prepare();
    if (options.required) this.requireAnchors();
    if (this.checkpoints.length > 0 && state) {
      if (!options.keyPem)
        this.problems.push(`${CHECKPOINT_KEY_PATH} is missing: the checkpoint signatures cannot be checked`);
      else
        for (const p of checkCheckpointChain(this.checkpoints, options.keyPem, { fromGenesis: false }))
          this.problems.push(`checkpoint of ${p.day}: ${p.problem}`);
    }
    if (state === undefined || state === null) {
      if (state === undefined && !options.required)
        this.warnings.push(
          `no ${ANCHORS_PATH}: the records are not anchored in daily checkpoints (a binder made before them)`,
        );
      return { checkpoints: 0, anchoredRecords: 0, unanchoredRecords: this.evidence.size };
    }
    if (!options.required && !this.proofsSeen && this.evidence.size > 0 && state.days.size > 0)
      this.problems.push(`${PROOFS_PATH} is missing`);
    this.checkUncommitted(state);
    for (const day of state.days.values()) this.finishDay(day, state.anchors);
    // records without a proof: a checkpointed day must prove them; later days are not anchored yet
    const lastDay = [...state.days.keys()].at(-1);
    const pending = new Map<string, number>();
    for (const { day, path } of this.evidence.remaining()) {
      if (state.days.has(day) || (lastDay !== undefined && day <= lastDay))
        this.problems.push(`${path}: recorded on ${day}, a checkpointed day, but has no inclusion proof`);
      else pending.set(day, (pending.get(day) ?? 0) + 1);
    }
    let unanchored = 0;
    for (const [day, count] of [...pending].sort()) {
      unanchored += count;
      this.warnings.push(
        `${count} record(s) recorded on ${day} are not yet anchored (no checkpoint of that day yet)`,
      );
    }
    return { checkpoints: state.days.size, anchoredRecords: this.anchored, unanchoredRecords: unanchored };
  }

  /** The anchor files a trusted binder must carry, each missing one named. */
  private requireAnchors(): void {
    const why = 'required when verifying against a trusted key';
    if (!this.files.has(ANCHORS_PATH) && !this.files.has(CHECKPOINTS_PATH) && !this.proofsSeen) {
      this.problems.push(
        `${INTEGRITY_DIR}/ is missing: the records are not anchored in signed daily checkpoints (${why})`,
      );
      return;
    }
    // a missing anchors.json beside the other files is named by prepare()
    if (!this.files.has(CHECKPOINTS_PATH))
      this.problems.push(`${CHECKPOINTS_PATH} is missing: the signed daily checkpoints (${why})`);
    if (!this.proofsSeen) this.problems.push(`${PROOFS_PATH} is missing (${why})`);
  }

  /** Leaves of uncommitted records: proven, inside their run, and counted there as accounted for. */
  private checkUncommitted(state: { anchors: BinderAnchors; days: Map<string, DayState> }): void {
    for (const u of state.anchors.uncommitted) {
      const day = state.days.get(u.day);
      const where = `${ANCHORS_PATH}: the uncommitted leaf ${u.leafIndex} of ${u.day}`;
      if (!day) this.problems.push(`${where} is of a day without a checkpoint`);
      else if (
        !verifyInclusion(dayLeafHash(u), u.leafIndex, day.checkpoint.treeSize, u.auditPath.map(hex), day.root)
      )
        this.problems.push(`${where} is not proven`);
      else if (
        u.leafIndex >= day.run.first &&
        u.leafIndex < day.run.end &&
        day.seen[u.leafIndex - day.run.first] !== 1
      ) {
        day.seen[u.leafIndex - day.run.first] = 1;
        day.covered++;
        this.warnings.push(
          `leaf ${u.leafIndex} of ${u.day} is a record its writer never committed to its chain: left out of the binder`,
        );
      } else this.problems.push(`${where} is outside the period's run or proven twice`);
    }
  }

  private finishDay(day: DayState, anchors: BinderAnchors): void {
    const { run, checkpoint } = day;
    const d = checkpoint.day;
    if (day.badProofs > PER_DAY_DETAIL)
      this.problems.push(
        `${d}: ${day.badProofs} inclusion proofs in all do not verify against the signed root`,
      );
    if (run.treeSize !== checkpoint.treeSize)
      this.problems.push(
        `${d}: the signed checkpoint has ${checkpoint.treeSize} leaves, the store held ${run.treeSize} when the binder was made: ${leafCount(Math.abs(checkpoint.treeSize - run.treeSize))} ${run.treeSize < checkpoint.treeSize ? 'missing' : 'added'}`,
      );
    const bound = (p: BinderLeafProof | undefined, index: number, outside: boolean, side: string) => {
      if (index < 0 || index >= checkpoint.treeSize) return;
      if (!p || p.leafIndex !== index)
        this.problems.push(`${d}: the leaf ${side} the period's run (leaf ${index}) is not proven`);
      else if (
        !verifyInclusion(dayLeafHash(p), p.leafIndex, checkpoint.treeSize, p.auditPath.map(hex), day.root)
      )
        this.problems.push(`${d}: the proof of leaf ${index}, ${side} the period's run, does not verify`);
      else if (!outside)
        this.problems.push(`${d}: leaf ${index}, ${side} the period's run, is observed inside the period`);
    };
    if (run.first > run.end || run.end > checkpoint.treeSize) {
      this.problems.push(
        `${d}: the period's run [${run.first}, ${run.end}) is not within the day's ${checkpoint.treeSize} leaves`,
      );
      return;
    }
    bound(
      run.before,
      run.first - 1,
      run.before !== undefined && run.before.observedAt < anchors.from,
      'before',
    );
    bound(run.after, run.end, run.after !== undefined && run.after.observedAt > anchors.to, 'after');
    if (!anchors.complete || day.covered === run.end - run.first) return;
    const missing: number[] = [];
    for (let i = 0; i < run.end - run.first && missing.length < PER_DAY_DETAIL * 2; i++)
      if (day.seen[i] !== 1) missing.push(run.first + i);
    const count = run.end - run.first - day.covered;
    this.problems.push(
      `${d}: ${count} of the ${run.end - run.first} leaves of the period's run [${run.first}, ${run.end}) are not in the binder (leaves ${missing.join(', ')}${count > missing.length ? ', …' : ''}): records of that day are missing`,
    );
  }

  /** Parses the anchor files once: undefined when the binder has none, null when they are unusable. */
  private prepare(): { anchors: BinderAnchors; days: Map<string, DayState> } | undefined | null {
    if (this.prepared !== undefined) return this.prepared;
    const anchorsData = this.files.get(ANCHORS_PATH);
    if (!anchorsData) {
      if (this.files.has(CHECKPOINTS_PATH) || this.proofsSeen) {
        this.problems.push(`${ANCHORS_PATH} is missing`);
        this.prepared = null;
      }
      return this.prepared;
    }
    this.prepared = null;
    const anchors = parseJson(anchorsData.toString('utf8'), BinderAnchorsSchema.safeParse);
    if (!anchors) {
      this.problems.push(`${ANCHORS_PATH} is not a valid anchors file`);
      return null;
    }
    const checkpoints: Checkpoint[] = [];
    for (const line of (this.files.get(CHECKPOINTS_PATH)?.toString('utf8') ?? '').split('\n')) {
      if (line.length === 0) continue;
      const cp = parseJson(line, CheckpointSchema.safeParse);
      if (!cp) {
        this.problems.push(`${CHECKPOINTS_PATH}: a line is not a checkpoint`);
        return null;
      }
      checkpoints.push(cp);
    }
    this.checkpoints = checkpoints;
    const runs = new Map(anchors.days.map((r) => [r.day, r]));
    const days = new Map<string, DayState>();
    for (const cp of checkpoints) {
      const run = runs.get(cp.day);
      if (!run) {
        this.problems.push(`${ANCHORS_PATH}: no run for the checkpointed day ${cp.day}`);
        continue;
      }
      runs.delete(cp.day);
      days.set(cp.day, {
        checkpoint: cp,
        run,
        root: hex(cp.rootHash),
        seen: new Uint8Array(Math.max(0, Math.min(run.end, cp.treeSize) - run.first)),
        covered: 0,
        badProofs: 0,
      });
    }
    for (const day of runs.keys())
      this.problems.push(`${ANCHORS_PATH}: a run for ${day}, which has no checkpoint`);
    this.prepared = { anchors, days };
    return this.prepared;
  }
}

const hex = (h: string) => Buffer.from(h, 'hex');
const leafCount = (n: number) => `${n} ${n === 1 ? 'leaf' : 'leaves'}`;

function parseJson<T>(
  text: string,
  parse: (v: unknown) => { success: true; data: T } | { success: false },
): T | undefined {
  try {
    const r = parse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
