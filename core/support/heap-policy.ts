/**
 * How the binder's processes size their heap: V8 grows the old generation by a factor it picks after
 * each full collection, up to 4x the live heap when collections are cheap. A binder export keeps a
 * live heap of well under 100 MB (everything it holds is bounded: aggregates, a day's packed tree,
 * a few pages in flight) but allocates hundreds of MB a second of records passing through, some of
 * which outlive a young collection; with that factor its peak RSS was set by when the full
 * collections happened to fall, and varied from 280 to 425 MB between runs of the same 100k binder
 * (305-334 MB still, after the export's own memory was cut). A fixed growth of 30% collects earlier
 * and keeps the heap near what is live: the same export then peaked at 251-302 MB over six runs here,
 * no slower (bench/binder.bench.ts; BENCH_BINDER_V8_DEFAULTS=1 runs it without this).
 *
 * This sets a growth percentage, not a limit: the heap still grows as far as live data needs, so no
 * export that ran before can now run out of memory. It is V8's `--heap-growing-percent`, set at run
 * time (V8 reads it at each full collection), by the commands that export or verify a binder and the
 * export functions (the one export and the sharded steps), before they read anything.
 */
import { setFlagsFromString } from 'node:v8';

export const BINDER_HEAP_GROWING_PERCENT = 30;

let applied = false;

/** Applies the binder's heap growth to this process (once; every thread shares V8's flags). */
export function useBinderHeapPolicy(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--heap-growing-percent=${BINDER_HEAP_GROWING_PERCENT}`);
}
