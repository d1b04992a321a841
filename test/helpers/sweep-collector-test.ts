/**
 * What the sweep collector tests share: the sweep's context against the fake account, and the
 * verdicts each swept item gets when the pipeline observes and assesses it.
 */
import { assess } from '../../core/domain/catalog';
import type { SweepContext } from '../../core/ports/sweep-collector';
import type { SweepDetail } from '../../evidence-schemas';
import { observeSweep } from '../fixtures/sweep-builders';
import { ACCOUNT_ID, REGION } from './fake-aws-account';

/** The context the collector tests sweep the fake account with. */
export const SWEEP_CTX: SweepContext = {
  region: REGION,
  startedAt: new Date('2026-11-22T02:00:00.000Z'),
  concurrency: 2,
  accountId: ACCOUNT_ID,
};

/** control id -> status for every sweep item (observed as the pipeline observes it), by the item's key. */
export function sweepVerdicts(
  items: { key: string; detail: unknown }[],
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const item of items)
    out[item.key] = Object.fromEntries(
      assess(observeSweep(item.detail as SweepDetail)).map((a) => [a.controlId, a.status]),
    );
  return out;
}
