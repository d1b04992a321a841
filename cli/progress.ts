import type { BinderProgress } from '../core/usecases/export-binder/export-binder';

/** Progress of a command other than the binder: a label and a count (of a total, when known). */
export interface Progress {
  phase: BinderProgress['phase'] | 'backfill';
  done: number;
  total?: number;
}

const LABELS: Record<Progress['phase'], string> = {
  backfill: 'reading configuration history: resources',
  heads: 'reading chain heads',
  aggregate: 'verifying the period',
  chains: 'reading chains before the period',
  evidence: 'writing evidence',
  documents: 'writing PDF, HTML and OSCAL',
  finish: 'writing manifest',
};

/**
 * A progress line on stderr, only when stderr is a terminal (never in --json runs or pipes): a bar
 * when the total is known, a counter otherwise. Redrawn at most ten times a second.
 */
export function progressBar(enabled: boolean, stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  let shown = false;
  return {
    update(p: Progress): void {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100 && p.done !== p.total) return;
      last = now;
      const width = 28;
      const bar =
        p.total !== undefined && p.total > 0
          ? `[${'#'.repeat(Math.round((Math.min(p.done, p.total) / p.total) * width)).padEnd(width, '.')}] ${p.done}/${p.total}`
          : `${p.done}`;
      stream.write(`\r\u001b[2K${LABELS[p.phase]} ${bar}`);
      shown = true;
    },
    done(): void {
      if (enabled && shown) stream.write('\r\u001b[2K');
    },
  };
}
