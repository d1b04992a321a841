/**
 * Step 2 of a sharded export, one per slice (a Step Functions Map iteration): the records observed on
 * the slice's days, read once from the store, each verified exactly as one export verifies it and
 * folded into the slice's partial model; each committed record goes straight into the slice's zip part
 * as the evidence file one export writes (same path, same bytes, same entry), with its inclusion
 * proof, its index row and an entry line the merge lists in the manifest and central directory.
 *
 * Unlike one export, a slice does not spool the records first: nothing it learns later can change
 * which records it writes (chains are read by the merge, which leaves out of the manifest and the
 * central directory any record a chain read shows to be uncommitted; its bytes stay in the part, in
 * no entry).
 *
 * Files left in the workspace (shard-files.ts): part.zip, entries.lines, index.lines (sorted by
 * observation time), proofs.jsonl and state.json.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ShardJob, SliceState, SliceSummary } from '../../../evidence-schemas/binder-shard';
import { ZipWriter } from '../../adapters/binder/zip-writer';
import { PeriodAggregator } from '../../domain/binder/aggregate';
import { ChainLinks } from '../../domain/binder/chain-links';
import { ProblemList } from '../../domain/binder/errors';
import type { IndexRow } from '../../domain/binder/index-row';
import { evidencePath } from '../../domain/binder/layout';
import { sha256Hex } from '../../domain/hashing';
import type { EvidenceReader } from '../../ports/evidence-reader';
import type { ShardWorkspace } from '../../ports/shard-workspace';
import { AnchorWriter } from './anchors';
import { sortIndexSpool } from './index-order';
import { verified } from './read-period';
import { readHeads, sliceFiles } from './shard-files';
import { LineSpool, rowLine, sourceLabel } from './spool';

/** Every stored checkpoint is read: a record of the slice may be recorded on any day. */
const EVERY_DAY = '0000-00-00';

export interface ShardStepDeps {
  reader: EvidenceReader;
  workspace: ShardWorkspace;
  /** where the step's local work folder is created (default the OS temp dir: /tmp on Lambda) */
  tmpRoot?: string;
}

/**
 * One evidence file of a slice, as the merge needs it: the record's identity (to leave out a record a
 * chain read shows uncommitted), its manifest entry, and its zip entry within the part.
 */
export const EntryLineSchema = z.tuple([
  z.string(), // subject key
  z.string(), // account
  z.number().int().positive(), // sequence
  z.string(), // record hash
  z.string(), // observedAt
  z.string(), // recordedAt
  z.string(), // path
  z.string(), // sha256
  z.number().int().nonnegative(), // bytes
  z.number().int().nonnegative(), // crc-32
  z.number().int().nonnegative(), // compressed bytes
  z.number().int().nonnegative(), // offset in the part
]);
export type EntryLine = z.infer<typeof EntryLineSchema>;

/** Exports slice `index` of `job` into the workspace. Throws BinderSourceIntegrityError when evidence does not verify. */
export async function exportSlice(job: ShardJob, index: number, deps: ShardStepDeps): Promise<SliceSummary> {
  const slice = job.slices.find((s) => s.index === index);
  if (!slice) throw new RangeError(`job ${job.id} has no slice ${index} (it has ${job.slices.length})`);
  const heads = await readHeads(deps.workspace, job.id);
  const work = await mkdtemp(join(deps.tmpRoot ?? tmpdir(), 'binder-slice-'));
  const files = sliceFiles(job.id, index);
  let zip: ZipWriter | undefined;
  let anchors: AnchorWriter | undefined;
  try {
    const accounts = job.accounts ?? [];
    const aggregator = PeriodAggregator.forSlice(
      { from: job.from, to: job.to, ...(accounts.length > 0 ? { accounts } : {}) },
      heads,
    );
    anchors = await AnchorWriter.open({
      reader: deps.reader,
      from: job.from,
      to: job.to,
      firstRecordedDay: EVERY_DAY,
      complete: accounts.length === 0,
      publicKeyPem: undefined,
      workDir: work,
    });
    zip = await ZipWriter.create(join(work, 'part.zip'), { mtime: new Date(job.generatedAt) });
    const entries = new LineSpool(join(work, 'entries.lines'));
    const rows = new LineSpool(join(work, 'index.unsorted.lines'));
    const links = new ChainLinks();
    const problems = new ProblemList();
    const today = job.generatedAt.slice(0, 10);
    let written = 0;
    let firstRecordedDay: string | undefined;
    for await (const d of deps.reader.recordsObservedBetween(slice.from, slice.to)) {
      const checked = verified(d.subjectKey, d.doc, problems.add);
      if (!checked) continue;
      const { record, canonical } = checked;
      const exclusion = aggregator.add(d.subjectKey, record);
      const anchored = {
        observedAt: record.observedAt,
        recordHash: record.integrity.recordHash,
        recordedAt: record.recordedAt,
      };
      if (exclusion === 'uncommitted' && record.recordedAt < today) await anchors.leftOut(anchored);
      if (exclusion !== undefined || problems.count > 0) continue;
      const data = Buffer.from(canonical, 'utf8');
      const path = evidencePath(d.subjectKey, record.integrity.sequence, record.evidenceId);
      const entry = await zip.addBuffer(path, data);
      await anchors.prove(anchored, path);
      links.add(d.subjectKey, record);
      const row: IndexRow = {
        observedAt: record.observedAt,
        evidenceId: record.evidenceId,
        source: sourceLabel(record),
        sequence: record.integrity.sequence,
        recordHash: record.integrity.recordHash,
        subjectKey: d.subjectKey,
        path,
      };
      await rows.write(rowLine(row));
      const line: EntryLine = [
        d.subjectKey,
        record.subject.accountId,
        record.integrity.sequence,
        record.integrity.recordHash,
        record.observedAt,
        record.recordedAt,
        path,
        sha256Hex(data),
        data.length,
        entry.crc,
        entry.compressedSize,
        entry.offset,
      ];
      await entries.write(JSON.stringify(line));
      written++;
      const day = record.recordedAt.slice(0, 10);
      if (firstRecordedDay === undefined || day < firstRecordedDay) firstRecordedDay = day;
    }
    problems.throwIfAny();
    const partBytes = zip.position;
    await zip.closePart();
    await entries.close();
    await rows.close();
    const sorted = await sortIndexSpool(rows, work);
    const { proofsFile, partial } = await anchors.closeSlice();
    const state: SliceState = {
      version: 1,
      jobId: job.id,
      slice,
      partBytes,
      evidenceFiles: written,
      ...(firstRecordedDay ? { firstRecordedDay } : {}),
      aggregate: aggregator.partial(),
      links: links.runs(),
      anchors: partial,
    };
    await deps.workspace.putFile(files.part, join(work, 'part.zip'));
    await deps.workspace.putFile(files.entries, entries.path);
    await deps.workspace.putFile(files.index, sorted.path);
    await deps.workspace.putFile(files.proofs, proofsFile);
    // the state last: a slice whose state is there finished
    await deps.workspace.putText(files.state, JSON.stringify(state));
    return { jobId: job.id, index, partBytes, evidenceFiles: written };
  } catch (error) {
    await zip?.abort();
    anchors?.abort();
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
