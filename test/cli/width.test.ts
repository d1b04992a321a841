import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitColumns, fitLines, shellCommand, terminalWidth, wrap } from '../../cli/layout';
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
    // nothing is cut: a long ARN is whole on one line, and no value ends in an ellipsis
    expect(demoText.split('\n').map((l) => l.trim())).toContain(
      'arn:aws:kms:us-east-1:111122223333:key/5c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
    );
    expect(demoText).not.toContain('…');
  });

  it.each([
    ['status'],
    ['inventory'],
    ['quarantine', 'list', '--state', 'all'],
    ['coverage'],
    ['verify-store'],
    ['key'],
  ])('prints no line of %s longer than 80', async (...args) => {
    const res = await run(...args, '--data-dir', dataDir);
    expect(res.code).toBe(0);
    expect(res.stdout.length).toBeGreaterThan(0);
    expect(longest(res.stdout)).toBeLessThanOrEqual(80);
  });

  it.each([['controls'], ['--help'], ['status --help'], ['attest --help']])(
    'prints no line of %s longer than 80',
    async (args) => {
      const res = await run(...args.split(' '));
      expect(res.stdout.length).toBeGreaterThan(0);
      expect(longest(res.stdout)).toBeLessThanOrEqual(80);
    },
  );

  it('never cuts an id, an ARN, a citation or a time in the status text', async () => {
    const at = ['--at', '2026-10-31T23:59:59.999Z'];
    const text = (await run('status', '--data-dir', dataDir, ...at)).stdout;
    const report = JSON.parse((await run('status', '--data-dir', dataDir, '--json', ...at)).stdout);
    const lines = text.split('\n');
    const whole = (value: string) => lines.some((l) => l.includes(value));
    const values: string[] = report.controls.flatMap(
      (c: {
        controlId: string;
        citations: { citation: string }[];
        resources: { status: string; observedAt: string; subject: { arn?: string; resourceId: string } }[];
      }) => [
        c.controlId,
        ...c.citations.map((x) => x.citation),
        ...c.resources
          .filter((r) => r.status === 'NON_COMPLIANT')
          .flatMap((r) => [
            r.subject.arn ?? r.subject.resourceId,
            r.observedAt.slice(0, 16).replace('T', ' '),
          ]),
      ],
    );
    expect(values.length).toBeGreaterThan(20);
    expect(values.filter((v) => !whole(v))).toEqual([]);
    expect(longest(text)).toBeLessThanOrEqual(80);
  });

  it('keeps every value whole in --json', async () => {
    const res = await run('status', '--data-dir', dataDir, '--json', '--at', '2026-10-31T23:59:59.999Z');
    const report = JSON.parse(res.stdout);
    expect(Object.keys(report).sort()).toEqual(expect.arrayContaining(['asOf', 'controls', 'gaps']));
    const reasons: string[] = report.controls.flatMap((c: { resources: { reason: string }[] }) =>
      c.resources.map((r) => r.reason),
    );
    // the reasons the 80-column text wraps are whole in the JSON, on one line each
    expect(reasons.some((r) => r.length > 80)).toBe(true);
    expect(res.stdout).toContain(JSON.stringify(report, null, 2));
  });
});

describe('layout helpers', () => {
  it('takes the terminal width on a TTY, else COLUMNS, else 80, never under 60', () => {
    expect(terminalWidth({ isTTY: true, columns: 132 }, { COLUMNS: '80' })).toBe(132);
    expect(terminalWidth({ isTTY: false }, { COLUMNS: '100' })).toBe(100);
    expect(terminalWidth({}, {})).toBe(80);
    expect(terminalWidth({}, { COLUMNS: 'wide' })).toBe(80);
    expect(terminalWidth({ isTTY: true, columns: 40 }, {})).toBe(60);
    expect(terminalWidth({}, { COLUMNS: '20' })).toBe(60);
  });

  it('wraps prose at spaces and never cuts a word, even one too long for a line', () => {
    expect(wrap('no fresh evidence since yesterday', 12)).toEqual([
      'no fresh',
      'evidence',
      'since',
      'yesterday',
    ]);
    expect(wrap('call iam:GenerateCredentialReport now', 12)).toEqual([
      'call',
      'iam:GenerateCredentialReport',
      'now',
    ]);
    expect(wrap('fits  as is', 20)).toEqual(['fits  as is']);
  });

  it('fits a table to the width, wrapping free text within its row', () => {
    const text = fitColumns(
      [{ header: 'when' }, { header: 'reason', wrap: true }, { header: 'resource' }],
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
    expect(lines[2]).toMatch(/^2026-10-28 02:00 {2}the sweep.* {2}arn:aws:iam::111122223333:root$/);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.slice(3).every((l) => l.startsWith(' '.repeat(18)))).toBe(true);
  });

  it('moves a long column under its row rather than cut it', () => {
    const arn = 'arn:aws:kms:us-east-1:111122223333:key/5c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    const text = fitColumns(
      [{ header: 'when' }, { header: 'control' }, { header: 'resource', below: true }],
      [['2026-10-01 02:00', 'kms-key-rotation', arn]],
      80,
    );
    // too long to follow its label, the ARN takes a line of its own, as far right as it fits
    expect(text.split('\n')).toEqual([
      'when              control',
      '----------------  ----------------',
      '2026-10-01 02:00  kms-key-rotation',
      '    resource',
      `${' '.repeat(80 - arn.length)}${arn}`,
    ]);
    // narrower than the ARN itself, the line is longer than the width rather than the ARN cut
    expect(fitColumns([{ header: 'resource', below: true }, { header: 'n' }], [[arn, '1']], 60)).toContain(
      `\n${arn}`,
    );
  });

  it('lets one value too long for its column spill over whole, the cells after it moving down', () => {
    const rows = [
      ['ok', 'kms-key-rotation', '164.312(a)(2)(iv)', '6'],
      ['ok', 'config-rule:a-rule-name-longer-than-the-others', '', '1'],
    ];
    const text = fitColumns(
      [{ header: 'status' }, { header: 'control' }, { header: 'citations', wrap: true }, { header: 'n' }],
      rows,
      60,
    );
    const lines = text.split('\n');
    expect(longest(text)).toBeLessThanOrEqual(60);
    // the long id runs into the citations column, empty on its row; its count stays in its column
    expect(lines[3]).toMatch(/^ok {6}config-rule:a-rule-name-longer-than-the-others +1$/);
    expect(lines[3]?.indexOf('1')).toBe(lines[2]?.lastIndexOf('6'));
    // at 50 the id starts further left on a line of its own, and its count moves down a line
    const narrow = fitColumns(
      [{ header: 'status' }, { header: 'control' }, { header: 'citations', wrap: true }, { header: 'n' }],
      rows,
      50,
    ).split('\n');
    expect(narrow).toContain('ok');
    expect(narrow).toContain('    config-rule:a-rule-name-longer-than-the-others');
    expect(narrow.at(-1)).toMatch(/^ +1$/);
    expect(lines[2]).toMatch(/^ok {6}kms-key-rotation +164\.312\(a\)\(2\)\(iv\) {2}6$/);
  });

  it('breaks a shell command between arguments, each line but the last continued', () => {
    const zip = '/tmp/a-rather-long-directory-name/binders/binder-2026-10-01-2026-10-31.zip';
    const fingerprint = 'b11d5a43f9667e732573a8fd5858e48f74184ad30d6880c913d61721e648cf03';
    const words = ['npx', 'evidence', 'verify', zip, '--fingerprint', fingerprint];
    expect(shellCommand(['npx', 'evidence', 'key'], 80, '  ')).toEqual(['  npx evidence key']);
    const lines = shellCommand(words, 80, '  ');
    expect(lines).toEqual([
      '  npx evidence verify \\',
      `    ${zip} \\`,
      '    --fingerprint \\',
      `    ${fingerprint}`,
    ]);
    expect(longest(lines.join('\n'))).toBeLessThanOrEqual(80);
    // pasted into a shell, the lines are the same command
    expect(
      lines
        .join('\n')
        .replace(/ \\\n\s*/g, ' ')
        .trim(),
    ).toBe(words.join(' '));
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
