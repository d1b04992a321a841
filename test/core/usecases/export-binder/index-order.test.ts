import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IndexRow } from '../../../../core/domain/binder/index-row';
import { sortIndexSpool } from '../../../../core/usecases/export-binder/index-order';
import { LineSpool, parseRowLine, rowLine } from '../../../../core/usecases/export-binder/spool';

const row = (observedAt: string, n: number): IndexRow => ({
  observedAt,
  evidenceId: `ev_${n.toString(16).padStart(32, '0')}`,
  source: 'config-rule',
  sequence: n,
  recordHash: n.toString(16).padStart(64, '0'),
  subjectKey: `111122223333/us-east-1/AWS::S3::Bucket/b${n}`,
  path: `evidence/x/${n}.json`,
});

describe('sortIndexSpool: the evidence index in order of observation', () => {
  let work: string | undefined;
  afterEach(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('sorts rows that arrive day by day and shard by shard, across several runs, by time then evidence id', async () => {
    // Prepare: two shards of each day, each in order, read one after the other
    work = mkdtempSync(join(tmpdir(), 'index-order-'));
    const rows: IndexRow[] = [];
    let n = 0;
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-03'])
      for (const shard of [0, 1])
        for (let h = shard; h < 24; h += 2)
          rows.push(row(`${day}T${String(h).padStart(2, '0')}:00:00.000Z`, n++));
    // two records observed at the same instant, read in reverse id order
    rows.push(row('2026-10-02T05:00:00.000Z', 900), row('2026-10-02T05:00:00.000Z', 899));
    const spool = new LineSpool(join(work, 'index.lines'));
    for (const r of rows) await spool.write(rowLine(r));
    await spool.close();

    // Act: runs of 7 rows, so the merge joins many runs
    const sorted = await sortIndexSpool(spool, work, 7);
    const out: IndexRow[] = [];
    for await (const line of sorted.rows()) out.push(parseRowLine(line));

    // Assess
    expect(out).toHaveLength(rows.length);
    const expected = [...rows].sort(
      (a, b) =>
        Date.parse(a.observedAt) - Date.parse(b.observedAt) || a.evidenceId.localeCompare(b.evidenceId),
    );
    expect(out).toEqual(expected);
  });

  it('keeps an empty index empty', async () => {
    work = mkdtempSync(join(tmpdir(), 'index-order-'));
    const spool = new LineSpool(join(work, 'index.lines'));
    await spool.close();
    const sorted = await sortIndexSpool(spool, work);
    const out: string[] = [];
    for await (const line of sorted.rows()) out.push(line);
    expect(out).toEqual([]);
  });
});
