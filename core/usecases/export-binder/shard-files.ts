/**
 * The work files of a sharded export and how they are read back: every name in one place, lines
 * streamed from the workspace (a slice's files can be larger than memory), and the JSON files parsed
 * again with their schemas (they cross a process boundary, so they are never trusted as typed).
 */

import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  HeadSnapshotSchema,
  type ShardJob,
  ShardJobSchema,
  type SliceState,
  SliceStateSchema,
} from '../../../evidence-schemas/binder-shard';
import type { HeadSnapshot } from '../../domain/binder/model';
import type { ShardWorkspace } from '../../ports/shard-workspace';

/** A slice's work files: its zip part, entry and index lines, proofs and state. */
export function sliceFiles(jobId: string, index: number) {
  const dir = `${jobId}/slice-${String(index).padStart(4, '0')}`;
  return {
    part: `${dir}/part.zip`,
    entries: `${dir}/entries.lines`,
    index: `${dir}/index.lines`,
    proofs: `${dir}/proofs.jsonl`,
    state: `${dir}/state.json`,
  };
}

/** The chain heads the plan snapshotted, one JSON object per line. */
export const headsFile = (jobId: string) => `${jobId}/heads.jsonl`;

/** The job the plan made. */
export const jobFile = (jobId: string) => `${jobId}/job.json`;

/** The job `jobId`, as the plan wrote it. */
export async function readJob(workspace: ShardWorkspace, jobId: string): Promise<ShardJob> {
  const job = await readWorkJson(workspace, jobFile(jobId), ShardJobSchema);
  if (job.id !== jobId) throw new ShardFileInvalidError(jobFile(jobId), `it describes job ${job.id}`);
  return job;
}

/** A work file's lines, streamed (empty lines skipped). */
export async function* workLines(workspace: ShardWorkspace, name: string): AsyncIterable<string> {
  const input = Readable.from(await workspace.read(name));
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) if (line.length > 0) yield line;
  } finally {
    input.destroy();
  }
}

/** A JSON work file, parsed with `schema`; the error names the file and the first issue. */
export async function readWorkJson<T extends z.ZodType>(
  workspace: ShardWorkspace,
  name: string,
  schema: T,
): Promise<z.infer<T>> {
  const chunks: Buffer[] = [];
  for await (const chunk of await workspace.read(name)) chunks.push(Buffer.from(chunk));
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new ShardFileInvalidError(name, 'not JSON', { cause: error });
  }
  const parsed = schema.safeParse(doc);
  if (!parsed.success) throw new ShardFileInvalidError(name, parsed.error.issues[0]?.message ?? '');
  return parsed.data;
}

/** A work file is not what the step that wrote it writes. */
export class ShardFileInvalidError extends Error {
  constructor(
    readonly fileName: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super(`the sharded export's work file ${fileName} is not valid: ${why}`, options);
    this.name = 'ShardFileInvalidError';
  }
}

/** Writes the snapshot of the chain heads every step of the job reads. */
export async function writeHeads(
  workspace: ShardWorkspace,
  jobId: string,
  heads: HeadSnapshot[],
): Promise<void> {
  await workspace.putText(headsFile(jobId), heads.map((h) => `${JSON.stringify(h)}\n`).join(''));
}

/** The job's snapshot of the chain heads. */
export async function readHeads(workspace: ShardWorkspace, jobId: string): Promise<HeadSnapshot[]> {
  const heads: HeadSnapshot[] = [];
  const name = headsFile(jobId);
  for await (const line of workLines(workspace, name)) {
    const parsed = HeadSnapshotSchema.safeParse(JSON.parse(line));
    if (!parsed.success)
      throw new ShardFileInvalidError(name, `line ${heads.length + 1}: ${parsed.error.issues[0]?.message}`);
    heads.push(parsed.data);
  }
  return heads;
}

/** A slice's state, written when the slice finished. */
export function readSliceState(workspace: ShardWorkspace, jobId: string, index: number): Promise<SliceState> {
  return readWorkJson(workspace, sliceFiles(jobId, index).state, SliceStateSchema);
}
