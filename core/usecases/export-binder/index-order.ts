/**
 * The evidence index in the order it claims: by observation time. The store yields a period day by
 * day and shard by shard, so rows arrive only roughly in order; they are sorted with bounded memory
 * by an external merge: runs of at most `runRows` rows are sorted in memory and spooled, then the runs
 * are merged through a heap holding one row per run.
 */
import { join } from 'node:path';
import { compareIndexKeys, type IndexOrderKey, indexOrderKey } from '../../domain/binder/index-row';
import { LineSpool } from './spool';

/** Rows sorted in memory at once (a row line is a few hundred bytes: a few MB per run). */
export const INDEX_RUN_ROWS = 20_000;

interface Keyed {
  key: IndexOrderKey;
  line: string;
}

/** The order key of a spooled index line (see `rowLine`: observedAt, then evidenceId, first). */
function keyOf(line: string): Keyed {
  const first = line.indexOf('\t');
  const second = line.indexOf('\t', first + 1);
  return {
    key: indexOrderKey({ observedAt: line.slice(0, first), evidenceId: line.slice(first + 1, second) }),
    line,
  };
}

const before = (a: Keyed, b: Keyed) => compareIndexKeys(a.key, b.key) < 0;

/**
 * The index spool's rows sorted by observation time, then evidence id, in a new spool of the work
 * folder; memory holds one run of `runRows` rows while sorting, one row per run while merging.
 */
export async function sortIndexSpool(
  index: Pick<LineSpool, 'rows'>,
  workDir: string,
  runRows = INDEX_RUN_ROWS,
): Promise<LineSpool> {
  const runs: LineSpool[] = [];
  let batch: Keyed[] = [];
  const flush = async () => {
    batch.sort((a, b) => compareIndexKeys(a.key, b.key));
    const run = new LineSpool(join(workDir, `index.run-${runs.length}.lines`));
    for (const row of batch) await run.write(row.line);
    await run.close();
    runs.push(run);
    batch = [];
  };
  for await (const line of index.rows()) {
    batch.push(keyOf(line));
    if (batch.length >= runRows) await flush();
  }
  if (batch.length > 0 || runs.length === 0) await flush();
  if (runs.length === 1) return runs[0]!;
  const sorted = new LineSpool(join(workDir, 'index.sorted.lines'));
  for await (const line of merge(runs)) await sorted.write(line);
  await sorted.close();
  return sorted;
}

/** The rows of sorted runs, merged in order: a binary min-heap holds the next row of each run. */
async function* merge(runs: LineSpool[]): AsyncIterable<string> {
  const sources = runs.map((r) => r.rows()[Symbol.asyncIterator]());
  const heap: { row: Keyed; source: number }[] = [];
  const push = (item: { row: Keyed; source: number }) => {
    heap.push(item);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!.row, heap[parent]!.row)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let least = i;
        if (l < heap.length && before(heap[l]!.row, heap[least]!.row)) least = l;
        if (r < heap.length && before(heap[r]!.row, heap[least]!.row)) least = r;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least]!, heap[i]!];
        i = least;
      }
    }
    return top;
  };
  const next = async (source: number) => {
    const n = await sources[source]!.next();
    if (!n.done) push({ row: keyOf(n.value), source });
  };
  for (let s = 0; s < sources.length; s++) await next(s);
  while (heap.length > 0) {
    const { row, source } = pop();
    yield row.line;
    await next(source);
  }
}
