import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ellipsize, fitColumns, fitLines, terminalWidth, wrap } from '../../cli/layout';
import { run } from '../helpers/run-cli';

const longest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('evidence text output at 80 columns', () => {
  let dir: string;
  let dataDir: string;
  let demoText: string;
  const columns = process.env.COLUMNS;

  beforeAll(async () => {
    // Prepare: one demo store for the whole file, its text output at COLUMNS=80
    process.env.COLUMNS = '80';
    dir = mkdtempSync(join(tmpdir(), 'evidence-width-'));
    dataDir = join(dir, 'data');
    const demo = await run('demo', '--data-dir', dataDir);
    expect(demo.code).toBe(0);
    demoText = demo.stdout;
  });
  afterAll(() => {
    if (columns === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = columns;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints no demo line longer than 80, yet keeps what a reader needs', () => {
    expect(longest(demoText)).toBeLessThanOrEqual(80);
    expect(demoText).toContain('Drift timeline');
    expect(demoText).toContain('DRIFT (regressed)');
    // a cut value is marked, never silently shortened
    expect(demoText).toContain('…');
  });

  it.each([['status'], ['inventory'], ['quarantine', 'list', '--state', 'all'], ['coverage']])(
    'prints no line of %s longer than 80',
    async (...args) => {
      const res = await run(...args, '--data-dir', dataDir);
      expect(res.code).toBe(0);
      expect(res.stdout.length).toBeGreaterThan(0);
      expect(longest(res.stdout)).toBeLessThanOrEqual(80);
    },
  );

  it('keeps every value whole in --json', async () => {
    const res = await run('status', '--data-dir', dataDir, '--json', '--at', '2026-10-31T23:59:59.999Z');
    const report = JSON.parse(res.stdout);
    expect(Object.keys(report).sort()).toEqual(expect.arrayContaining(['asOf', 'controls', 'gaps']));
    const reasons: string[] = report.controls.flatMap((c: { resources: { reason: string }[] }) =>
      c.resources.map((r) => r.reason),
    );
    // the reasons the 80-column text wraps or cuts are whole in the JSON
    expect(reasons.some((r) => r.length > 80)).toBe(true);
    expect(reasons.join('\n')).not.toContain('…');
    expect(res.stdout).toContain(JSON.stringify(report, null, 2));
  });
});

describe('layout helpers', () => {
  it('takes the terminal width on a TTY, else COLUMNS, else 100, never under 60', () => {
    expect(terminalWidth({ isTTY: true, columns: 132 }, { COLUMNS: '80' })).toBe(132);
    expect(terminalWidth({ isTTY: false }, { COLUMNS: '80' })).toBe(80);
    expect(terminalWidth({}, {})).toBe(100);
    expect(terminalWidth({}, { COLUMNS: 'wide' })).toBe(100);
    expect(terminalWidth({ isTTY: true, columns: 40 }, {})).toBe(60);
    expect(terminalWidth({}, { COLUMNS: '20' })).toBe(60);
  });

  it('marks every cut with an ellipsis, keeping the tail of an ARN', () => {
    expect(ellipsize('short', 10)).toBe('short');
    expect(ellipsize('dynamodb-table-encryption', 10)).toBe('dynamodb-…');
    const arn = ellipsize('arn:aws:iam::111122223333:user/alice.nguyen', 20);
    expect(arn).toHaveLength(20);
    expect(arn).toMatch(/^arn:aws.*….*alice\.nguyen$/);
  });

  it('wraps prose at spaces and cuts only a word too long for a line', () => {
    expect(wrap('no fresh evidence since yesterday', 12)).toEqual([
      'no fresh',
      'evidence',
      'since',
      'yesterday',
    ]);
    expect(wrap('call iam:GenerateCredentialReport now', 12)).toEqual(['call', 'iam:Generat…', 'now']);
    expect(wrap('fits  as is', 20)).toEqual(['fits  as is']);
  });

  it('fits a table to the width, wrapping cells within their row', () => {
    const text = fitColumns(
      [{ header: 'when', min: 16 }, { header: 'reason' }, { header: 'resource' }],
      [
        [
          '2026-10-28 02:00',
          'the sweep could not call the credential report API since the 28th',
          'arn:aws:iam::111122223333:root',
        ],
      ],
      60,
    );
    const lines = text.split('\n');
    expect(longest(text)).toBeLessThanOrEqual(60);
    expect(lines[2]).toMatch(/^2026-10-28 02:00 {2}the sweep/);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.slice(3).every((l) => l.startsWith(' '.repeat(18)))).toBe(true);
  });

  it('wraps a long line with a hanging indent', () => {
    const text = fitLines(`  - ${'word '.repeat(30).trim()}\nshort`, 60);
    expect(longest(text)).toBeLessThanOrEqual(60);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ {2}- word/);
    expect(lines[1]).toMatch(/^ {4}word/);
    expect(lines.at(-1)).toBe('short');
  });
});
