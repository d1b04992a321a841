import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logGroupItem } from '../helpers/events';
import { run } from '../helpers/run-cli';
import { STACK_TRACE } from '../helpers/spawn-cli';

describe('an input directory with a symbolic link loop', () => {
  let dir: string;
  let events: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-symlink-'));
    events = join(dir, 'events');
    mkdirSync(join(events, 'sub'), { recursive: true });
    writeFileSync(
      join(events, 'a.json'),
      JSON.stringify(logGroupItem('/loop', '2026-10-01T00:00:00.000Z', 30)),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is a usage error (exit 2) naming the link that leads back, not exit 1 with a stack trace', async () => {
    symlinkSync('..', join(events, 'sub', 'up'));
    const res = await run('ingest', '--data-dir', join(dir, 'data'), events);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      `evidence: symbolic link loop: ${join(events, 'sub', 'up')} leads back to ${realpathSync(events)}\n`,
    );
    expect(res.stderr).not.toMatch(STACK_TRACE);
  });

  it('is a usage error for a link to itself, inside a directory or named on the command line', async () => {
    const self = join(events, 'sub', 'self.json');
    symlinkSync('self.json', self);
    for (const input of [events, self]) {
      const res = await run('ingest', '--data-dir', join(dir, 'data'), input);
      expect(res.code).toBe(2);
      expect(res.stderr).toBe(`evidence: symbolic link loop: ${self}\n`);
    }
  });
});
