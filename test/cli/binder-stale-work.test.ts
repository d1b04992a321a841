import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeStaleWorkDirs } from '../../core/usecases/export-binder/work-dir';
import { logGroupItem, retentionCall } from '../helpers/events';
import { run } from '../helpers/run-cli';
import { spawnTs } from '../helpers/spawn-cli';

const BASE = 'binder-2026-10-01-2026-10-31';

/** A work folder as a binder run leaves it when killed: a spool file inside. */
function workFolder(out: string, name: string, ageMs = 0): string {
  const path = join(out, name);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'records.lines'), '{}\n');
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
  return name;
}

/** The pid of a process that ran and is gone, as a binder killed mid-run is. */
async function deadPid(): Promise<number> {
  return Number((await spawnTs(['-e', 'process.stdout.write(String(process.pid))'])).stdout);
}

describe('a binder killed mid-run', () => {
  let dir: string;
  let dataDir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-binder-stale-'));
    dataDir = join(dir, 'data');
    const events = join(dir, 'events.json');
    writeFileSync(
      events,
      JSON.stringify([
        logGroupItem('/stale', '2026-10-02T00:00:00.000Z', 3653),
        retentionCall('/stale', '2026-10-03T00:00:00.000Z', 30),
      ]),
    );
    expect((await run('ingest', '--data-dir', dataDir, events)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('no longer leaves its work folder forever: the next binder run in that --out removes it', async () => {
    // Prepare: folders left by killed runs, beside ones whose run may still be going
    const out = join(dir, 'out');
    const dead = await deadPid();
    const killed = workFolder(out, `.${BASE}.${dead}-0badc0de.tmp`);
    const killedBeforePids = workFolder(out, `.${BASE}.1234abcd.tmp`, 2 * 60 * 60 * 1000);
    const running = workFolder(out, `.${BASE}.${process.ppid}-0123abcd.tmp`);
    const recentUnowned = workFolder(out, `.${BASE}.89abcdef.tmp`, 60 * 1000);
    const notOurs = workFolder(out, '.other.tmp', 2 * 60 * 60 * 1000);

    // Act
    const res = await run(
      'binder',
      '--data-dir',
      dataDir,
      '--from',
      '2026-10-01',
      '--to',
      '2026-10-31',
      '--out',
      out,
      '--no-sign',
    );

    // Assess
    expect(res.stderr + res.code).toBe('0');
    const left = readdirSync(out);
    expect(left).not.toContain(killed);
    expect(left).not.toContain(killedBeforePids);
    expect(left).toEqual(
      expect.arrayContaining([running, recentUnowned, notOurs, `${BASE}.zip`, `${BASE}.pdf`]),
    );
    // and this run's own work folder is gone too
    expect(left.filter((n) => n.endsWith('.tmp')).sort()).toEqual([notOurs, running, recentUnowned].sort());
  });

  it('leaves a work folder of this very process alone (two exports at once in one process)', async () => {
    const out = join(dir, 'own');
    const own = workFolder(out, `.${BASE}.${process.pid}-fedcba98.tmp`);
    expect(await removeStaleWorkDirs(out)).toEqual([]);
    expect(existsSync(join(out, own))).toBe(true);
  });
});
