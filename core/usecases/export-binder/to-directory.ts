/**
 * The local target: a binder's zip and PDF in a folder (`<outDir>/binder-<from>-<to>.zip` and `.pdf`).
 * The export works in a hidden folder beside them, so both appear under their final names only when
 * complete, by a rename on the same file system.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BinderTarget } from '../../ports/binder-target';
import type { LocalBinderFiles } from './types';

/** Binders written to `outDir` (created when missing). */
export function directoryTarget(outDir: string): BinderTarget<LocalBinderFiles> {
  return {
    async stage(baseName) {
      await mkdir(outDir, { recursive: true });
      // random: two exports of the same period never share a staging folder
      const dir = join(outDir, `.${baseName}.${randomBytes(4).toString('hex')}.tmp`);
      await mkdir(dir, { recursive: true });
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
