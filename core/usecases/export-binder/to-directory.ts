/**
 * The local target: a binder's zip and PDF in a folder (`<outDir>/binder-<from>-<to>.zip` and `.pdf`).
 * The export works in a hidden folder beside them, so both appear under their final names only when
 * complete, by a rename on the same file system.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BinderTarget } from '../../ports/binder-target';
import type { LocalBinderFiles } from './types';
import { makeWorkDir } from './work-dir';

/** Binders written to `outDir` (created when missing). */
export function directoryTarget(outDir: string): BinderTarget<LocalBinderFiles> {
  return {
    async stage(baseName) {
      await mkdir(outDir, { recursive: true });
      // named with this process's id, and stale ones of dead processes cleaned first (work-dir.ts)
      const dir = await makeWorkDir(outDir, baseName);
      return {
        dir,
        async deliver(binder) {
          const zipPath = join(outDir, binder.zip.name);
          const pdfPath = join(outDir, binder.pdf.name);
          await rename(binder.zip.path, zipPath);
          await rename(binder.pdf.path, pdfPath);
          return { zipPath, pdfPath };
        },
        discard: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
}
