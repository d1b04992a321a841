/**
 * A sharded export on this machine (the CLI, tests, the bench): the plan, every slice one after the
 * other, and the merge, with the work files in a folder beside the binder; the zip is put together by
 * concatenating the slices' parts and the merge's file. The same steps run deployed in Step Functions.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LocalShardWorkspace } from '../../adapters/local-shard-workspace';
import { binderBaseName } from '../../domain/binder/layout';
import type { ShardWorkspace } from '../../ports/shard-workspace';
import { type AssembledBinder, mergeSlices, type ShardedBinderTarget, type ZipPartRef } from './shard-merge';
import { planShardedExport } from './shard-plan';
import { exportSlice } from './shard-slice';
import type { BinderExportDeps, BinderExportOptions, BinderExportResult, LocalBinderFiles } from './types';
import { makeWorkDir } from './work-dir';

/** Writes the zip made of `parts` (work files, in order) followed by the local file `tail` to `dest`. */
export async function concatenateParts(
  workspace: ShardWorkspace,
  parts: ZipPartRef[],
  tail: string,
  dest: string,
): Promise<void> {
  const out = createWriteStream(dest);
  await pipeline(async function* () {
    for (const part of parts) yield* await workspace.read(part.name);
    yield* createReadStream(tail);
  }, out);
}

/** Sharded binders written to `outDir`, the zip put together from the parts in `workspace`. */
export function directoryShardTarget(
  outDir: string,
  workspace: ShardWorkspace,
): ShardedBinderTarget<LocalBinderFiles> {
  return {
    async deliver(binder: AssembledBinder) {
      await mkdir(outDir, { recursive: true });
      const zipPath = join(outDir, binder.zip.name);
      const pdfPath = join(outDir, binder.pdf.name);
      // both appear under their final names only when complete
      await concatenateParts(workspace, binder.zip.parts, binder.zip.tail, `${zipPath}.part`);
      await copyFile(binder.pdf.path, `${pdfPath}.part`);
      await rename(`${zipPath}.part`, zipPath);
      await rename(`${pdfPath}.part`, pdfPath);
      return { zipPath, pdfPath };
    },
  };
}

export interface ShardedExportDeps extends BinderExportDeps {
  /** days per slice (default DEFAULT_SLICE_DAYS) */
  sliceDays?: number;
}

/** Exports one binder to `options.outDir` the sharded way, every step in this process. */
export async function exportBinderSharded(
  options: BinderExportOptions,
  deps: ShardedExportDeps,
): Promise<BinderExportResult> {
  const { outDir, ...request } = options;
  await mkdir(outDir, { recursive: true });
  const root = await makeWorkDir(outDir, binderBaseName(request.from, request.to));
  const workspace = new LocalShardWorkspace(join(root, 'work'));
  try {
    const job = await planShardedExport(request, {
      reader: deps.reader,
      workspace,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.sliceDays ? { sliceDays: deps.sliceDays } : {}),
    });
    const summaries = [];
    for (const slice of job.slices)
      summaries.push(await exportSlice(job, slice.index, { reader: deps.reader, workspace, tmpRoot: root }));
    return await mergeSlices(job, summaries, directoryShardTarget(outDir, workspace), {
      reader: deps.reader,
      workspace,
      tmpRoot: root,
      ...(deps.signer ? { signer: deps.signer } : {}),
      ...(deps.documents ? { documents: deps.documents } : {}),
      ...(deps.checkpointPublicKeyPem ? { checkpointPublicKeyPem: deps.checkpointPublicKeyPem } : {}),
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
