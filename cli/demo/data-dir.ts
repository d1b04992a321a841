import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/ports/errors';

/** The file that marks a data directory as the demo's own, so its store may be recreated. */
export const DEMO_MARKER = '.evidence-demo-store';

/**
 * Makes sure `dataDir` is the demo's to recreate: a directory that does not exist or is empty gets
 * the marker (before anything else is written there, so a second demo starting at the same moment
 * sees either nothing or the marker); one with the marker is the demo's already. Any other
 * directory may hold real evidence, so it is refused, untouched, with a UsageError naming it.
 */
export function claimDemoDirectory(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const names = readdirSync(dataDir);
  if (names.includes(DEMO_MARKER)) return;
  if (names.length > 0)
    throw new UsageError(
      `--data-dir ${dataDir} is not empty and was not made by evidence demo (no ${DEMO_MARKER} in it): the demo recreates its store, so it only uses a new or empty directory or one of its own (default .evidence-demo)`,
    );
  writeFileSync(join(dataDir, DEMO_MARKER), 'made by evidence demo: its store is recreated on every run\n');
}
