import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { processRunning } from '../../support/process-alive';

/** A work folder: `.binder-<from>-<to>.<pid>-<8 hex>.tmp`, or `.binder-….<8 hex>.tmp` before the pid was in it. */
const WORK_DIR = /^\.binder-.+\.(?:(\d+)-)?[0-9a-f]{8}\.tmp$/;
/** A work folder whose owner is not known is left this long: its run may still be going. */
const UNOWNED_STALE_MS = 60 * 60 * 1000;
/** A work folder whose owner's pid runs is still stale after this long (the pid was reused). */
const OWNED_STALE_MS = 24 * 60 * 60 * 1000;

/**
 * Creates this run's work folder in `outDir`, first removing the ones runs killed mid-way left there:
 * those whose owning process is gone, and unowned ones older than an hour.
 */
export async function makeWorkDir(outDir: string, base: string): Promise<string> {
  await removeStaleWorkDirs(outDir);
  const work = join(outDir, `.${base}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  await mkdir(work, { recursive: true });
  return work;
}

/** Removes the stale work folders in `outDir`; returns their names. */
export async function removeStaleWorkDirs(outDir: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    const match = WORK_DIR.exec(entry.name);
    if (!match || !entry.isDirectory()) continue;
    const path = join(outDir, entry.name);
    const age = now - (await stat(path).catch(() => ({ mtimeMs: now }))).mtimeMs;
    const owner = match[1] === undefined ? undefined : Number(match[1]);
    const stale =
      owner === undefined
        ? age > UNOWNED_STALE_MS
        : (owner !== process.pid && !processRunning(owner)) || age > OWNED_STALE_MS;
    if (!stale) continue;
    // another run may be removing it at the same time: gone either way
    await rm(path, { recursive: true, force: true }).catch(() => {});
    removed.push(entry.name);
  }
  return removed;
}
