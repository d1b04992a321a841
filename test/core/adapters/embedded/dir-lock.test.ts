import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDirectory } from '../../../../core/adapters/embedded/dir-lock';
import { StoreBusyError } from '../../../../core/ports/errors';
import { spawnTs } from '../../../helpers/spawn-cli';

describe('the lock on an embedded data directory', () => {
  let dir: string;
  let lockPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-lock-'));
    lockPath = join(dir, 'store.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('admits one holder at a time and names the holder to the next', () => {
    const lock = lockDirectory(lockPath, dir);
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => lockDirectory(lockPath, dir)).toThrow(StoreBusyError);
    expect(() => lockDirectory(lockPath, dir)).toThrow(
      `another evidence command is using ${dir} (pid ${process.pid}`,
    );
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
    lockDirectory(lockPath, dir).release();
  });

  it('takes over the lock of a process that no longer runs (killed mid-run)', async () => {
    // a real process that took the lock and was gone without releasing it
    const dead = await spawnTs(['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(dead.stdout);
    writeFileSync(lockPath, JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const lock = lockDirectory(lockPath, dir);
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a leftover lock naming this very pid (a container restarted with the same pid)', () => {
    writeFileSync(
      lockPath,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        since: '2026-01-01T00:00:00.000Z',
        procStart: '1',
      }),
    );
    lockDirectory(lockPath, dir).release();
  });

  it('keeps out of a lock held by a live process on another host, or one still being written', () => {
    writeFileSync(lockPath, JSON.stringify({ pid: 1, host: 'elsewhere', since: '2026-01-01T00:00:00.000Z' }));
    expect(() => lockDirectory(lockPath, dir)).toThrow(/pid 1 on elsewhere/);
    writeFileSync(lockPath, '');
    expect(() => lockDirectory(lockPath, dir)).toThrow(/being written/);
  });

  it('leaves the lock another process took over alone when releasing', () => {
    const lock = lockDirectory(lockPath, dir);
    writeFileSync(lockPath, JSON.stringify({ pid: 1, host: 'elsewhere', since: '2026-01-01T00:00:00.000Z' }));
    lock.release();
    expect(existsSync(lockPath)).toBe(true);
  });
});
