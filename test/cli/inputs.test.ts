import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binderRequest } from '../../cli/commands/binder';
import { parseCliTime } from '../../cli/dates';
import { DEMO_MARKER } from '../../cli/demo/data-dir';
import { UsageError } from '../../core/ports/errors';
import { run } from '../helpers/run-cli';

describe('one reader for every date and time option', () => {
  it('reads ISO 8601 dates and times, a time without a zone as UTC', () => {
    expect(parseCliTime('2026-10-15', '--at')).toBe('2026-10-15T00:00:00.000Z');
    expect(parseCliTime('2026-10-15', '--to', { endOfDay: true })).toBe('2026-10-15T23:59:59.999Z');
    expect(parseCliTime('2026-10-15 12:00', '--at')).toBe('2026-10-15T12:00:00.000Z');
    expect(parseCliTime('2026-10-15T12:00', '--at')).toBe('2026-10-15T12:00:00.000Z');
    expect(parseCliTime('2026-10-15T12:00:30.5Z', '--at')).toBe('2026-10-15T12:00:30.500Z');
    expect(parseCliTime('2026-10-15T12:00:00+02:00', '--at')).toBe('2026-10-15T10:00:00.000Z');
  });

  it('refuses a date that does not exist instead of rolling it over', () => {
    expect(() => parseCliTime('2026-02-30', '--at')).toThrow(UsageError);
    expect(() => parseCliTime('2026-02-30', '--at')).toThrow(/--at is not a valid date or time: 2026-02-30/);
    expect(() => parseCliTime('2026-10-15T24:00Z', '--at')).toThrow(UsageError);
  });

  it('refuses formats other than ISO 8601, with an example', () => {
    for (const value of ['10/15/2026', 'Oct 15 2026', '1760486400', 'yesterday'])
      expect(() => parseCliTime(value, '--since')).toThrow(/--since is not a valid .*e\.g\. 2026-10-15/);
  });

  it('is what every command uses: status, quarantine, attest, upload and binder refuse 2026-02-30 and 10/15/2026', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidence-dates-'));
    try {
      const dataDir = join(dir, 'data');
      mkdirSync(dataDir);
      const file = join(dir, 'doc.txt');
      writeFileSync(file, 'policy');
      for (const bad of ['2026-02-30', '10/15/2026']) {
        const runs = [
          ['status', '--at', bad],
          ['quarantine', 'list', '--since', bad],
          ['attest', '--kind', 'log-review', '--reviewer', 'A', '--decision', 'approved', '--at', bad],
          ['upload', file, '--control', 'baa', '--at', bad],
          ['binder', '--from', bad, '--to', '2026-10-31'],
        ];
        for (const args of runs) {
          const res = await run(...args, '--data-dir', dataDir);
          expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(2);
          expect(res.stderr).toContain(bad);
        }
      }
      // nothing was opened: the refused flags never reached the store
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('wrong input is refused, not answered plausibly', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-inputs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a read command on a data directory that does not exist exits 2 naming it, and creates nothing', async () => {
    const missing = join(dir, 'nonexistent');
    const commands = [
      ['status'],
      ['inventory'],
      ['verify-store'],
      ['quarantine', 'list'],
      ['binder', '--from', '2026-10-01', '--to', '2026-10-31', '--out', join(dir, 'b')],
    ];
    for (const args of commands) {
      const res = await run(...args, '--data-dir', missing);
      expect(res.code, `${args[0]}: ${res.stderr}`).toBe(2);
      expect(res.stderr).toContain(`no evidence store in ${missing}`);
      expect(existsSync(missing)).toBe(false);
    }
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });

  it('binder and status refuse --account 123 alike', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const binder = ['binder', '--from', '2026-10-01', '--to', '2026-10-31', '--out', join(dir, 'b')];
    for (const args of [['status'], binder]) {
      const res = await run(...args, '--account', '123', '--data-dir', dataDir);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain('--account must be a 12-digit AWS account id, got "123"');
    }
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });

  it('binder refuses a period in the future, naming the date and today', () => {
    const now = new Date('2026-06-03T10:00:00Z');
    const ask = (from: string, to: string) => () =>
      binderRequest({ from, to, out: 'b', sign: false, dataDir: 'd', table: 't' }, now);
    expect(ask('2026-06-04', '2026-06-30')).toThrow(/--from 2026-06-04 is after today \(2026-06-03, UTC\)/);
    expect(ask('2026-06-03T10:00:01Z', '2026-06-30')).toThrow(UsageError);
    // a period under way is evidence so far
    expect(ask('2026-06-01', '2026-06-30')().from).toBe('2026-06-01T00:00:00.000Z');
  });

  it('binder refuses a store with no evidence unless --allow-empty', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const args = ['binder', '--from', '2026-10-01', '--to', '2026-10-31', '--data-dir', dataDir, '--no-sign'];
    const refused = await run(...args, '--out', join(dir, 'refused'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('holds no evidence');
    expect(refused.stderr).toContain('--allow-empty');
    expect(existsSync(join(dir, 'refused'))).toBe(false);

    const allowed = await run(...args, '--out', join(dir, 'allowed'), '--allow-empty', '--json');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout).records).toBe(0);
  });

  it('demo refuses a directory it did not make, touching nothing in it', async () => {
    const real = join(dir, 'real');
    mkdirSync(join(real, 'store'), { recursive: true });
    writeFileSync(join(real, 'store', 'CURRENT'), 'real evidence');
    const res = await run('demo', '--data-dir', real);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`--data-dir ${real} is not empty and was not made by evidence demo`);
    expect(readdirSync(real)).toEqual(['store']);
    expect(readFileSync(join(real, 'store', 'CURRENT'), 'utf8')).toBe('real evidence');
  });

  it("demo's help names its real default data directory and the marker", async () => {
    const res = await run('demo', '--help');
    expect(res.stdout).toContain('(default: ".evidence-demo")');
    expect(res.stdout).not.toContain('(default: ".evidence")');
    expect(res.stdout).toContain(DEMO_MARKER);
  });
});
