import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logGroupArn, logGroupItem } from '../helpers/events';
import { run } from '../helpers/run-cli';

const ACCOUNT = '444455556666';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const daysAhead = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('evidence attest and upload', () => {
  let dir: string;
  let dataDir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-attest-'));
    dataDir = join(dir, 'data');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => run(...args, '--data-dir', dataDir);

  it('names the bad or missing flag in usage errors (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['attest'], "required option '--kind <kind>'"],
      [['attest', '--kind', 'audit'], '--kind must be one of access-review, log-review, exception, decision'],
      [
        ['attest', '--kind', 'log-review', '--decision', 'approved'],
        '--reviewer is required for --kind log-review',
      ],
      [
        ['attest', '--kind', 'access-review', '--reviewer', 'D', '--decision', 'ok'],
        '--decision must be one of approved, changes-required',
      ],
      [
        [
          'attest',
          '--kind',
          'access-review',
          '--reviewer',
          'D',
          '--decision',
          'approved',
          '--snapshot',
          'snap-1',
        ],
        '--snapshot is not an evidence id',
      ],
      [['attest', '--kind', 'exception', '--control', 'nope'], '--control: unknown control "nope"'],
      [
        [
          'attest',
          '--kind',
          'exception',
          '--control',
          'log-retention',
          '--subject',
          'x',
          '--approver',
          'C',
          '--expires',
          '2030-01-01',
        ],
        '--reason is required for --kind exception',
      ],
      [
        [
          'attest',
          '--kind',
          'exception',
          '--control',
          'log-retention',
          '--subject',
          'x',
          '--reason',
          'r',
          '--approver',
          'C',
          '--expires',
          'soon',
        ],
        '--expires is not a valid date or time: soon',
      ],
      [
        ['attest', '--kind', 'log-review', '--reviewer', 'D', '--decision', 'approved', '--at', 'yesterday'],
        '--at is not a valid',
      ],
      [
        ['attest', '--kind', 'log-review', '--reviewer', 'D', '--decision', 'approved'],
        '--account is required: the store holds no evidence yet',
      ],
      [['upload', join(dir, 'x.pdf')], '--control is required'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
  });

  it('records reviews, shows them (and an overdue one) in status, and shows an exception as EXCEPTED', async () => {
    writeFileSync(join(dir, 'lg.json'), JSON.stringify(logGroupItem('/app', daysAgo(3), 30)));
    expect((await cli('ingest', join(dir, 'lg.json'))).code).toBe(0);

    const access = await cli(
      'attest',
      '--kind',
      'access-review',
      '--reviewer',
      'Dana',
      '--decision',
      'approved',
      '--at',
      daysAgo(1),
      '--json',
    );
    expect(access.code).toBe(0);
    // the account is the store's only one; no sweep has run, so no snapshot existed
    expect(JSON.parse(access.stdout)).toMatchObject({ status: 'stored', accountId: ACCOUNT, snapshot: null });
    const again = await cli(
      'attest',
      '--kind',
      'access-review',
      '--reviewer',
      'Dana',
      '--decision',
      'approved',
      '--at',
      daysAgo(1),
      '--json',
    );
    expect(JSON.parse(again.stdout).status).toBe('duplicate');
    await cli(
      'attest',
      '--kind',
      'log-review',
      '--reviewer',
      'Sam',
      '--decision',
      'approved',
      '--at',
      daysAgo(45),
    );

    const past = await cli(
      'attest',
      '--kind',
      'exception',
      '--control',
      'log-retention',
      '--subject',
      logGroupArn('/app'),
      '--reason',
      'archived nightly',
      '--approver',
      'CISO',
      '--expires',
      daysAgo(1),
    );
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('--expires');
    const x = await cli(
      'attest',
      '--kind',
      'exception',
      '--control',
      'log-retention',
      '--subject',
      logGroupArn('/app'),
      '--reason',
      'archived nightly',
      '--approver',
      'CISO',
      '--expires',
      daysAhead(30),
    );
    expect(x.code).toBe(0);

    const status = await cli('status', '--json');
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    const byId = (id: string) => report.controls.find((c: { controlId: string }) => c.controlId === id);
    expect(byId('access-review').status).toBe('COMPLIANT');
    expect(byId('log-retention').status).toBe('EXCEPTED');
    expect(byId('log-retention').resources[0].exception).toMatchObject({
      reason: 'archived nightly',
      approver: 'CISO',
    });
    expect(byId('log-review').status).toBe('NON_COMPLIANT');
    expect(byId('log-review').resources[0].reason).toContain('log review overdue since');
    expect(
      report.reviews.map((r: { controlId: string; overdue: boolean }) => [r.controlId, r.overdue]),
    ).toEqual([
      ['access-review', false],
      ['log-review', true],
    ]);

    const text = await cli('status');
    expect(text.stdout).toContain('~~  EXCEPTED');
    expect(text.stdout).toContain('!!  OVERDUE');
    expect(text.stdout).toContain('archived nightly');
  });

  it('uploads a document once, and rejects empty, oversized and unknown-target files', async () => {
    const doc = join(dir, 'training-2026.csv');
    writeFileSync(doc, 'name,completed\nalice,2026-10-01\n');
    const empty = join(dir, 'empty.pdf');
    writeFileSync(empty, '');
    const big = join(dir, 'big.pdf');
    writeFileSync(big, '');
    truncateSync(big, 50 * 1024 * 1024 + 1);

    const up = await cli(
      'upload',
      '--control',
      '164.308(a)(5)',
      doc,
      '--account',
      ACCOUNT,
      '--title',
      'Training records',
      '--json',
    );
    expect(up.code).toBe(0);
    const result = JSON.parse(up.stdout);
    expect(result).toMatchObject({
      status: 'stored',
      bytes: 32,
      fileName: 'training-2026.csv',
      mediaType: 'text/csv',
    });
    expect(result.location).toBe(join(dataDir, 'blobs', 'sha256'));
    const dup = await cli(
      'upload',
      '--control',
      '164.308(a)(5)',
      doc,
      '--account',
      ACCOUNT,
      '--title',
      'Training records',
      '--json',
    );
    expect(JSON.parse(dup.stdout).status).toBe('duplicate');

    const e1 = await cli('upload', '--control', '164.308(a)(5)', empty, '--account', ACCOUNT);
    expect([e1.code, e1.stderr]).toEqual([2, expect.stringContaining('is empty')]);
    const e2 = await cli('upload', '--control', '164.308(a)(5)', big, '--account', ACCOUNT);
    expect([e2.code, e2.stderr]).toEqual([2, expect.stringContaining('limited to 50 MB')]);
    const e3 = await cli('upload', '--control', 'hr-policy', doc, '--account', ACCOUNT);
    expect(e3.code).toBe(2);
    expect(e3.stderr).toContain(
      '--control: unknown control or citation "hr-policy" (one of: s3-bucket-encryption',
    );
    expect(e3.stderr).toContain('164.308(b)(1)');
  });
});
