/**
 * Step 3 of a sharded export: the merge. It reads the slices' states in day order and folds their
 * partial models into one (PeriodAggregator.absorb), joins each subject's chain across the slices and
 * checks every link between consecutive sequences (chain-links.ts), reads the chains the period's
 * baselines need (as one export does), and builds the model. Then it writes what comes after the
 * evidence: the manifest over every slice's evidence files (in slice order, which is the order one
 * export writes them in) and its own files, the anchors (the slices' proofs, in order), OSCAL,
 * index.html and the PDF from the slices' sorted index rows, the signature, and the zip's central
 * directory, whose offsets place each slice's part one after the other and this step's file last.
 *
 * The zip is the slices' parts followed by the merge's file ("tail"): the target puts them together
 * (a local file, or an S3 multipart upload that copies each part) and delivers it with the PDF.
 * Nothing is delivered unless every step succeeded.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChainRun, ShardJob, SliceState, SliceSummary } from '../../../evidence-schemas/binder-shard';
import { htmlHead } from '../../adapters/binder/html';
import { PeriodAggregator } from '../../domain/binder/aggregate';
import { linkProblems } from '../../domain/binder/chain-links';
import { ProblemList, StoreChangedDuringExportError } from '../../domain/binder/errors';
import { binderBaseName } from '../../domain/binder/layout';
import type { EvidenceReader } from '../../ports/evidence-reader';
import type { ShardWorkspace } from '../../ports/shard-workspace';
import { resolveStoredSubjects } from '../iam-aliases';
import { AnchorWriter } from './anchors';
import { BinderZip, publicKeyFingerprintOf } from './binder-zip';
import { addDocuments } from './evidence-files';
import { periodModel } from './export-binder';
import { settleChains } from './read-period';
import { addRenderings } from './renderings';
import { readHeads, readSliceState, sliceFiles, workLines } from './shard-files';
import { jobRequest } from './shard-plan';
import { EntryLineSchema } from './shard-slice';
import { HashedFile, parseRowLine } from './spool';
import { exportSummary } from './summary';
import type { BinderExportDeps, BinderExportSummary } from './types';

/** The zip parts the slices wrote, in order, with their sizes. */
export interface ZipPartRef {
  /** the part's work file name */
  name: string;
  bytes: number;
}

/** A sharded binder, assembled in the merge's staging folder, ready to be put together and delivered. */
export interface AssembledBinder {
  from: string;
  to: string;
  generatedAt: string;
  /** the zip: `parts` (work files), then `tail` (a local file: the merge's entries and the central directory) */
  zip: { name: string; parts: ZipPartRef[]; tail: string };
  pdf: { name: string; path: string };
}

/** Where a sharded binder goes: the zip put together from its parts, and the PDF. */
export interface ShardedBinderTarget<Location> {
  deliver(binder: AssembledBinder): Promise<Location>;
}

export interface ShardMergeDeps
  extends Pick<BinderExportDeps, 'signer' | 'documents' | 'checkpointPublicKeyPem'> {
  reader: EvidenceReader;
  workspace: ShardWorkspace;
  tmpRoot?: string;
  /** remove the job's work files once the binder is delivered (default true) */
  cleanUp?: boolean;
  /** told as each phase starts: the merged model ('chains'), the evidence listed, the renderings, the end */
  onProgress?: BinderExportDeps['onProgress'];
}

/** The slices of the job that did not report, or reported twice or for another job: the merge cannot go on. */
export class ShardJobIncompleteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShardJobIncompleteError';
  }
}

/** The summaries in slice order, one per slice of the job; throws ShardJobIncompleteError otherwise. */
function inOrder(job: ShardJob, summaries: SliceSummary[]): SliceSummary[] {
  const byIndex = new Map<number, SliceSummary>();
  for (const s of summaries) {
    if (s.jobId !== job.id)
      throw new ShardJobIncompleteError(`slice ${s.index} reported for job ${s.jobId}, not ${job.id}`);
    if (byIndex.has(s.index)) throw new ShardJobIncompleteError(`slice ${s.index} reported twice`);
    byIndex.set(s.index, s);
  }
  const missing = job.slices.filter((s) => !byIndex.has(s.index)).map((s) => s.index);
  if (missing.length > 0 || byIndex.size !== job.slices.length)
    throw new ShardJobIncompleteError(
      `the job has ${job.slices.length} slices; ${missing.length > 0 ? `slice(s) ${missing.join(', ')} did not report` : 'other slices reported'}`,
    );
  return job.slices.map((s) => byIndex.get(s.index)!);
}

/**
 * Merges the slices of `job` into its binder and delivers it to `target`. Throws
 * BinderSourceIntegrityError (nothing delivered) when a chain does not join or verify.
 */
export async function mergeSlices<Location>(
  job: ShardJob,
  summaries: SliceSummary[],
  target: ShardedBinderTarget<Location>,
  deps: ShardMergeDeps,
): Promise<Location & BinderExportSummary> {
  const slices = inOrder(job, summaries);
  const { workspace, reader } = deps;
  const progress = deps.onProgress ?? (() => undefined);
  const request = jobRequest(job);
  const { from, to, generatedAt } = job;
  const accounts = job.accounts ?? [];
  const problems = new ProblemList();

  // 1. the partial models, folded in day order; each subject's chain runs gathered
  const heads = await readHeads(workspace, job.id);
  const resolutions = await resolveStoredSubjects((ids) => reader.iamAliases(ids), heads);
  const aggregator = new PeriodAggregator(
    { from, to, ...(accounts.length > 0 ? { accounts } : {}) },
    heads,
    resolutions,
  );
  const states: SliceState[] = [];
  const runs = new Map<string, ChainRun[]>();
  let firstRecordedDay: string | undefined;
  for (const summary of slices) {
    const state = await readSliceState(workspace, job.id, summary.index);
    if (
      state.jobId !== job.id ||
      state.slice.index !== summary.index ||
      state.partBytes !== summary.partBytes
    )
      throw new ShardJobIncompleteError(
        `slice ${summary.index}'s state does not match what it reported (run the export again)`,
      );
    aggregator.absorb(state.aggregate);
    for (const l of state.links) {
      const list = runs.get(l.subjectKey);
      if (list) list.push(...l.runs);
      else runs.set(l.subjectKey, [...l.runs]);
    }
    if (state.firstRecordedDay && (!firstRecordedDay || state.firstRecordedDay < firstRecordedDay))
      firstRecordedDay = state.firstRecordedDay;
    // the aggregate is folded in: keep only what the anchors need
    states.push({
      ...state,
      aggregate: { ...state.aggregate, subjects: [], coverage: [], notable: [] },
      links: [],
    });
  }

  // 2. the chains: joined across slices, and read where the baselines (or a sequence held twice) need it
  progress({ phase: 'chains', done: 0 });
  const walk = aggregator.subjectsNeedingChain();
  // a walked chain is verified whole: its links are not judged twice
  const walked = new Set(walk);
  for (const [subjectKey, list] of runs)
    if (!walked.has(subjectKey)) for (const p of linkProblems(subjectKey, list)) problems.add(p);
  runs.clear();
  const humanRecords = await settleChains(aggregator, walk, heads, {
    accounts,
    reader,
    problem: problems.add,
    progress: () => undefined,
  });
  problems.throwIfAny();
  const model = periodModel({ aggregator, humanRecords }, request, generatedAt, deps.documents !== undefined);

  // 3. the merge's file: the evidence of every slice listed, then everything one export writes after it
  const base = binderBaseName(from, to);
  const work = await mkdtemp(join(deps.tmpRoot ?? tmpdir(), 'binder-merge-'));
  let zip: BinderZip | undefined;
  let anchors: AnchorWriter | undefined;
  try {
    anchors = await AnchorWriter.open({
      reader,
      from,
      to,
      firstRecordedDay,
      complete: accounts.length === 0,
      publicKeyPem: deps.checkpointPublicKeyPem ?? (await deps.signer?.publicKeyPem()),
      workDir: work,
    });
    for (const state of states) anchors.absorb(state.anchors);
    const parts = slices.map((s) => ({ name: sliceFiles(job.id, s.index).part, bytes: s.partBytes }));
    const offsets: number[] = [];
    let startOffset = 0;
    for (const p of parts) {
      offsets.push(startOffset);
      startOffset += p.bytes;
    }
    zip = await BinderZip.create(work, generatedAt, { startOffset });
    const pdfName = `${base}.pdf`;
    const html = new HashedFile(join(work, 'index.html'));
    await html.write(htmlHead(model, { pdfPath: pdfName }));

    // records a chain read showed to be uncommitted (a crashed writer's, at a sequence another holds)
    progress({ phase: 'evidence', done: 0, total: model.counts.records });
    const leftOut = new Set<string>();
    let written = 0;
    for (const [i, summary] of slices.entries()) {
      const name = sliceFiles(job.id, summary.index).entries;
      let lines = 0;
      for await (const text of workLines(workspace, name)) {
        lines++;
        const [
          subjectKey,
          accountId,
          sequence,
          recordHash,
          observedAt,
          recordedAt,
          path,
          sha256,
          bytes,
          crc,
          compressedSize,
          offset,
        ] = EntryLineSchema.parse(JSON.parse(text));
        if (
          aggregator.exclusion(subjectKey, {
            observedAt,
            subject: { accountId },
            integrity: { sequence, recordHash },
          })
        ) {
          // the slice wrote it (bytes in its part, in no entry) and counted it; one export never would
          leftOut.add(recordHash);
          if (!anchors.covers({ recordedAt })) anchors.unanchored--;
          await anchors.leftOut({ observedAt, recordHash, recordedAt });
          continue;
        }
        await zip.adoptEvidence(
          { name: path, compress: true, crc, compressedSize, size: bytes, offset: offsets[i]! + offset },
          { sha256, bytes },
        );
        written++;
      }
      if (lines !== summary.evidenceFiles)
        throw new ShardJobIncompleteError(
          `slice ${summary.index}'s entries hold ${lines} files, it reported ${summary.evidenceFiles}`,
        );
    }
    if (written !== model.counts.records)
      throw new StoreChangedDuringExportError(
        `the period's records do not add up (${model.counts.records} in the aggregates, ${written} written): no binder was written; run again`,
      );
    const { evidenceRootHash, evidenceFiles } = zip.evidenceDigest();
    await addDocuments(model.human, deps.documents, zip, work);
    for (const summary of slices)
      for await (const line of workLines(workspace, sliceFiles(job.id, summary.index).proofs)) {
        if (leftOut.size > 0 && leftOut.has(recordHashOfProof(line))) {
          anchors.anchored--;
          continue;
        }
        await anchors.addProofLine(line);
      }
    await anchors.finish(zip);

    const index = {
      async *rows(): AsyncIterable<string> {
        for (const summary of slices)
          for await (const line of workLines(workspace, sliceFiles(job.id, summary.index).index))
            if (leftOut.size === 0 || !leftOut.has(parseRowLine(line).recordHash)) yield line;
      },
    };
    progress({ phase: 'documents', done: 0 });
    const { pages, pdfFile } = await addRenderings(
      model,
      {
        zip,
        html,
        index,
        indexSorted: true,
        written,
        evidenceRootHash,
        evidenceFiles,
        ...(deps.signer
          ? { signingKeyFingerprint: publicKeyFingerprintOf(await deps.signer.publicKeyPem()) }
          : {}),
        pdfName,
        workDir: work,
      },
      () => undefined,
    );
    progress({ phase: 'finish', done: 0 });
    const sealed = await zip.seal(deps.signer);
    const tailBytes = (await stat(zip.path)).size;
    const location = await target.deliver({
      from,
      to,
      generatedAt,
      zip: { name: `${base}.zip`, parts, tail: zip.path },
      pdf: { name: pdfName, path: pdfFile },
    });
    if (deps.cleanUp !== false) await workspace.removeAll(job.id);
    progress({ phase: 'finish', done: 1 });
    return {
      ...location,
      ...exportSummary(
        model,
        {
          sealed,
          evidenceRootHash,
          pages,
          zipBytes: startOffset + tailBytes,
          signed: deps.signer !== undefined,
        },
        anchors,
      ),
    };
  } catch (error) {
    await zip?.abort();
    anchors?.abort();
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The record hash a proofs.jsonl line proves (canonical JSON: the member is there once). */
function recordHashOfProof(line: string): string {
  return /"recordHash":"([0-9a-f]{64})"/.exec(line)?.[1] ?? '';
}
