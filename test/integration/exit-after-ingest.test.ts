import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeLockPath } from '../../core/adapters/embedded/embedded-store';
import { logGroupItem, retentionCall } from '../helpers/events';
import { spawnCli } from '../helpers/spawn-cli';

const EVENTS = 1_500;
const RUNS = 4;

describe('the process exit after an ingest into the embedded store', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-exit-'));
    file = join(dir, 'events.jsonl');
    const base = Date.UTC(2026, 9, 1);
    const lines = Array.from({ length: EVENTS }, (_, i) => {
      const group = `/exit/app-${i % 200}`;
      const time = new Date(base + i * 1000).toISOString();
      return JSON.stringify(
        i % 2 ? retentionCall(group, time, 30 + (i % 5)) : logGroupItem(group, time, 365),
      );
    });
    writeFileSync(file, lines.join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('does not crash at exit (no SIGSEGV after the result is printed): every run exits 0 and leaves no lock', async () => {
    // Act: several ingests of a few thousand events at once, each in its own data dir
    const runs = await Promise.all(
      Array.from({ length: RUNS }, (_, i) =>
        spawnCli('ingest', '--data-dir', join(dir, `data-${i}`), '--json', file),
      ),
    );

    // Assess
    for (const [i, r] of runs.entries()) {
      expect({ code: r.code, signal: r.signal, stderr: r.stderr }).toEqual({
        code: 0,
        signal: null,
        stderr: '',
      });
      expect(JSON.parse(r.stdout)).toMatchObject({ received: EVENTS, failed: [] });
      expect(existsSync(storeLockPath(join(dir, `data-${i}`, 'store')))).toBe(false);
    }
  }, 60_000);
});
