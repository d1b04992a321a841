import { describe, expect, it } from 'vitest';
import { columnWidths, layoutCell, minWidth, wrap } from '../../../../core/adapters/binder/table-text';

const EVIDENCE_ID = 'ev_0123456789abcdef0123456789abcdef';
const HASH = 'a'.repeat(32) + 'b'.repeat(32);

describe('wrap: table cells break at spaces, and inside long ARNs only after a separator', () => {
  it('never splits an account id, a date, a status or a citation, however narrow the column', () => {
    // Prepare: the breaks the investigator found in the binder
    const cells = ['111122223333', '2026-10-07', 'NOT_APPLICABLE', '164.312(a)(2)(iv)', EVIDENCE_ID, HASH];
    for (const cell of cells) {
      // Act
      const lines = wrap(cell, 10);
      // Assess: one line, whole, even when wider than the column
      expect(lines, cell).toEqual([cell]);
    }
  });

  it('keeps a time with its day', () => {
    expect(wrap('verdict at 2026-10-07 10:00Z (before)', 20)).toEqual([
      'verdict at',
      '2026-10-07 10:00Z',
      '(before)',
    ]);
  });

  it('breaks a long ARN after its separators, never inside a part', () => {
    const arn = 'arn:aws:iam::111122223333:user/carol.billing';
    const lines = wrap(arn, 20);
    expect(lines.join('')).toBe(arn);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(20);
    expect(lines).toContain('111122223333:user/');
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/[/:,-]$/);
  });

  it('breaks after a slash or colon rather than inside a hyphenated id', () => {
    const arn = 'arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d4e5f60718';
    expect(wrap(arn, 24)).toEqual([
      'arn:aws:ec2:us-east-1:',
      '111122223333:volume/',
      'vol-0a1b2c3d4e5f60718',
    ]);
  });

  it('keeps short hyphenated ids whole', () => {
    expect(wrap('log-review', 5)).toEqual(['log-review']);
    expect(minWidth('log-review')).toBe(10);
  });
});

describe('columnWidths: columns sized from their content', () => {
  it('gives each column at least its widest word, and spare room to the text that wraps', () => {
    const headers = ['status', 'control', 'note'];
    const rows = [
      ['NOT_APPLICABLE', 'log-retention', 'a long note that could use all the room there is left'],
    ];
    const { widths } = columnWidths(headers, rows, 60, [1, 1, 1]);
    expect(widths[0]).toBeGreaterThanOrEqual('NOT_APPLICABLE'.length);
    expect(widths[1]).toBeGreaterThanOrEqual('log-retention'.length);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60);
  });

  it('moves a word wider than any column could be to a line of its own, and keeps statuses in place', () => {
    const headers = ['status', 'when', 'record hash'];
    const rows = [['NON_COMPLIANT', '2026-10-07 10:00Z', `${HASH}`]];
    const plan = columnWidths(headers, rows, 50, [1, 1, 1]);
    expect(plan.widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(50);
    const status = layoutCell('NON_COMPLIANT', plan.widths[0]!, plan.caps[0]!);
    expect(status).toEqual({ lines: ['NON_COMPLIANT'], moved: [] });
    const hash = layoutCell(HASH, plan.widths[2]!, plan.caps[2]!);
    expect(hash.moved).toEqual([HASH]);
  });
});
