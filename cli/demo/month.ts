/**
 * Replays the demo month in time order, the way the deployed pipeline would have lived it: the daily
 * sweep at 02:00 UTC over the account as it was that morning (account.ts), each event when it was
 * delivered, each sign-off when it was made, and the review cadence checked at month end. Every step
 * is dated by its own time (no wall clock), so the store, and what the demo prints, is the same on
 * every run.
 */

import { notableIn } from '../../core/domain/notable';
import type { EvidenceStore } from '../../core/ports/evidence-store';
import type { CheckReviewsResult } from '../../core/usecases/check-reviews';
import {
  emptyIngestResult,
  type IngestDeps,
  type IngestResult,
  ingest,
  mergeIngestResults,
} from '../../core/usecases/ingest';
import { runSweep, type SweepSummary } from '../../core/usecases/sweep';
import type { NotableEntry, Transition } from '../../evidence-schemas';
import { demoCollectors } from './collectors';
import { DEMO_ACCOUNT, DEMO_PERIOD, DEMO_REGION, demoDeliveries } from './scenario';
import { checkDemoReviews, type DemoSignOff } from './sign-offs';

/** The hour (UTC) of the daily sweep's schedule. */
const SWEEP_HOUR = '02:00';

export interface DemoMonthDeps extends Omit<IngestDeps, 'store' | 'now'> {
  store: EvidenceStore;
  signOffs: DemoSignOff[];
  config: Parameters<typeof checkDemoReviews>[0]['config'];
  /**
   * Announces one day's transitions (the drift function does so as they happen). Absent: the caller
   * announces `transitions` of the result, as the demo does, so that its messages come out oldest first
   * (the review cadence, checked at month end, finds a review overdue since the 25th).
   */
  announce?: (transitions: Transition[]) => Promise<void>;
  /** announces the notable activity of an event as it is stored (the drift function does so too) */
  announceNotable?: (entries: NotableEntry[]) => Promise<void>;
}

export interface DemoMonthResult {
  /** the events, summed over their deliveries */
  events: IngestResult;
  sweeps: SweepSummary[];
  reviews: CheckReviewsResult;
  /** every transition of the month (events, sweeps and their coverage checks, sign-offs, reviews) */
  transitions: Transition[];
}

type Step =
  | { at: string; kind: 'sweep'; day: number }
  | { at: string; kind: 'event'; index: number; event: unknown }
  | { at: string; kind: 'sign-off'; signOff: DemoSignOff };

/** The month's steps in time order: sweeps, deliveries and sign-offs. */
function steps(signOffs: DemoSignOff[]): Step[] {
  const days = Number(DEMO_PERIOD.to.slice(8, 10));
  const all: Step[] = [
    ...Array.from({ length: days }, (_, i): Step => {
      const day = i + 1;
      return {
        at: `${DEMO_PERIOD.from.slice(0, 8)}${String(day).padStart(2, '0')}T${SWEEP_HOUR}:00.000Z`,
        kind: 'sweep',
        day,
      };
    }),
    ...demoDeliveries().map((d, index): Step => ({ at: d.at, kind: 'event', index, event: d.event })),
    ...signOffs.map((signOff): Step => ({ at: signOff.at, kind: 'sign-off', signOff })),
  ];
  // stable: steps at the same instant keep the order above
  return all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

export async function replayDemoMonth(deps: DemoMonthDeps): Promise<DemoMonthResult> {
  const { store, signOffs, config, announce, announceNotable, ...ingestDeps } = deps;
  let events = emptyIngestResult();
  const sweeps: SweepSummary[] = [];
  const transitions: Transition[] = [];
  let today: Transition[] = [];
  let day = '';
  for (const step of steps(signOffs)) {
    // the drift function announces as transitions happen; the demo does so once a day
    if (step.at.slice(0, 10) !== day) {
      transitions.push(...today);
      if (today.length > 0) await announce?.(today);
      today = [];
      day = step.at.slice(0, 10);
    }
    const now = () => new Date(step.at);
    if (step.kind === 'sweep') {
      sweeps.push(
        await runSweep({
          ...ingestDeps,
          collectors: demoCollectors(step.day),
          store,
          region: DEMO_REGION,
          accountId: DEMO_ACCOUNT,
          now,
          onTransitions: (made) => {
            today.push(...made);
          },
        }),
      );
    } else if (step.kind === 'event') {
      const r = await ingest([{ raw: step.event, origin: `demo#${step.index}` }], {
        ...ingestDeps,
        store,
        now,
      });
      events = mergeIngestResults(events, r);
      today.push(...r.transitions);
      const notable = notableIn(r.records);
      if (notable.length > 0) await announceNotable?.(notable);
    } else today.push(...(await step.signOff.record()));
  }
  const reviews = await checkDemoReviews({ store, config }, DEMO_PERIOD.to);
  today.push(...reviews.transitions);
  transitions.push(...today);
  if (today.length > 0) await announce?.(today);
  return { events, sweeps, reviews, transitions };
}
