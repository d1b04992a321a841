import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreBusyError } from '../../ports/errors';
import { processRunning } from '../../support/process-alive';

/** An exclusive claim on a directory by this process, held until `release` (or the process exits). */
export interface DirLock {
  /** the lock file */
  readonly path: string;
  /** Removes the lock file if it is still this process's; safe to call more than once. */
  release(): void;
}

/** What the lock file records about its owner, so a later process can tell a dead owner from a live one. */
interface Holder {
  pid: number;
  host: string;
  /** ISO time the lock was taken */
  since: string;
  /** the owner's start time from /proc (Linux), so a reused pid is not taken for the owner */
  procStart?: string;
}

/** Lock files this process holds: a lock file naming our own pid that is not here is a leftover. */
const held = new Set<string>();
/** A lock file without a readable owner younger than this may be one being written right now. */
const UNREADABLE_GRACE_MS = 5_000;
/** A break guard older than this was left by a process that died while breaking a stale lock. */
const GUARD_STALE_MS = 10_000;
const ATTEMPTS = 5;

/**
 * Takes the lock file `lockPath` (created with O_EXCL, holding pid, host and start time), or throws
 * `StoreBusyError` naming `dir` when a live process holds it. A lock whose owner is gone (its pid no
 * longer runs, or now belongs to a process started later) is stale and taken over: a command killed
 * mid-run never blocks the next one. The lock is released by `release()` and, failing that, at exit.
 */
export function lockDirectory(lockPath: string, dir: string): DirLock {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const mine = tryCreate(lockPath);
    if (mine) return claimed(lockPath, mine);
    const text = readText(lockPath);
    if (text === undefined) continue; // released meanwhile: try again
    const holder = parseHolder(text);
    if (holder ? ownerAlive(lockPath, holder) : !olderThan(lockPath, UNREADABLE_GRACE_MS))
      throw new StoreBusyError(dir, describe(holder));
    breakStale(lockPath, text);
  }
  throw new StoreBusyError(dir, 'its lock changed hands repeatedly');
}

function tryCreate(lockPath: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  const procStart = procStartOf(process.pid);
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    ...(procStart ? { procStart } : {}),
  };
  const text = `${JSON.stringify(holder)}\n`;
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return text;
}

function claimed(lockPath: string, text: string): DirLock {
  held.add(lockPath);
  const release = () => {
    process.off('exit', release);
    if (!held.delete(lockPath)) return;
    // only our own lock file: never one another process took over after ours was judged stale
    if (readText(lockPath) === text) unlinkQuietly(lockPath);
  };
  process.on('exit', release);
  return { path: lockPath, release };
}

function ownerAlive(lockPath: string, holder: Holder): boolean {
  if (holder.host !== hostname()) return true; // another machine (a shared disk): its pids say nothing here
  if (holder.pid === process.pid) return held.has(lockPath);
  if (!processRunning(holder.pid)) return false;
  const started = procStartOf(holder.pid);
  return !(started && holder.procStart && started !== holder.procStart);
}

/**
 * Removes the stale lock file whose content was `staleText`. Breakers serialise on a guard file and
 * re-read under it, so a lock a faster process has just taken over is never removed.
 */
function breakStale(lockPath: string, staleText: string): void {
  const guard = `${lockPath}.break`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (olderThan(guard, GUARD_STALE_MS)) unlinkQuietly(guard);
    return;
  }
  try {
    if (readText(lockPath) === staleText) unlinkQuietly(lockPath);
  } finally {
    closeSync(fd);
    unlinkQuietly(guard);
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.since === 'string'
      ? (h as Holder)
      : undefined;
  } catch {
    return undefined;
  }
}

function describe(holder: Holder | undefined): string {
  if (!holder) return 'its lock file is being written';
  return `pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`} since ${holder.since}`;
}

/** Field 22 of /proc/<pid>/stat: the process's start time in clock ticks after boot (Linux only). */
function procStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: count fields after its last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function olderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return false;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
