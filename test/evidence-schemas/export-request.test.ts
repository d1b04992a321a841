import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExportRequestSchema, MAX_EXPORT_PERIOD_DAYS } from '../../evidence-schemas/export-request';

describe('ExportRequestSchema', () => {
  it('normalises dates to whole UTC days and times to UTC with milliseconds', () => {
    expect(ExportRequestSchema.parse({ from: '2026-10-01', to: '2026-10-31' })).toEqual({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-10-31T23:59:59.999Z',
    });
    expect(
      ExportRequestSchema.parse({ from: '2026-10-01T02:00:00+02:00', to: '2026-10-01T00:00:00Z' }),
    ).toEqual({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-10-01T00:00:00.000Z',
    });
  });

  it('accepts the longest period and rejects one day more', () => {
    const day = 86_400_000;
    const from = Date.UTC(2020, 0, 1);
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(
      ExportRequestSchema.safeParse({ from: iso(from), to: iso(from + MAX_EXPORT_PERIOD_DAYS * day - 1) })
        .success,
    ).toBe(true);
    expect(
      ExportRequestSchema.safeParse({ from: iso(from), to: iso(from + MAX_EXPORT_PERIOD_DAYS * day) })
        .success,
    ).toBe(false);
  });

  it('never accepts a period that ends before it starts (property)', () => {
    const date = fc.date({ min: new Date('2010-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
    fc.assert(
      fc.property(date, date, (a, b) => {
        const parsed = ExportRequestSchema.safeParse({ from: a.toISOString(), to: b.toISOString() });
        if (parsed.success) expect(parsed.data.from <= parsed.data.to).toBe(true);
        else expect(parsed.error.issues.every((issue) => issue.path[0] === 'to')).toBe(true);
      }),
    );
  });
});
