/**
 * Bounded memory for commands that stream large inputs in batches (ingest, backfill): a full garbage
 * collection after each batch.
 *
 * Why: a batch's events, records and requests live for the seconds the batch takes to commit, long
 * enough for V8 to move them to the old generation, which it then lets grow with the allocation rate
 * rather than with what is alive: a 20k-event ingest peaked at a 385 MB main heap of which under 100 MB
 * was alive. One full collection per batch (tens of milliseconds against a batch's seconds) keeps the
 * heap near one batch's worth, however long the input is.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** Collects garbage now (the first call makes V8's collector callable: `--expose-gc` at run time). */
export function collectBatchGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
