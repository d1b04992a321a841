/**
 * Posture over a period, per (subject, control) pair and summed over pairs: the chart buckets, the
 * share of time compliant, the worst status, the mean time to remediate. Pure.
 */
import type { VerdictStatus } from '../../../evidence-schemas';
import type { ExceptionView } from '../exceptions';
import { type Interval, inForceDuring, rollUp, type ViewStatus } from '../posture-view';
import type { ChartBucket, CitationStatus, DriftEntry, VerdictRef } from './model';

/** A status change of a pair in the period, in observation order. */
export interface StatusChange {
  at: string;
  status: VerdictStatus;
}

/** One (subject, control) pair over the period. */
export interface PairView {
  controlId: string;
  /** its verdict before the period, when one still held at its start */
  baseline?: VerdictRef;
  /** its latest verdict in the period */
  latest?: VerdictRef;
  /** status changes in the period; the first verdict of the period is one */
  changes: StatusChange[];
  /** posture-affecting verdicts in the period */
  verdicts: number;
  /** records that bear on the control without moving posture (failed attempts, activity) */
  activity: number;
  /** exceptions granted for the pair (charted as excepted while in force) */
  exceptions?: readonly Pick<ExceptionView, 'grantedAt' | 'expiresAt'>[];
}

/** The worst status among verdicts (posture-view.ts `rollUp`): any non-compliant one makes the whole so. */
export function worst(statuses: readonly ViewStatus[]): CitationStatus {
  return rollUp(statuses);
}

/** The mean time to remediate of the drifts resolved, undefined when none was. */
export function meanRemediation(drifts: DriftEntry[]): number | undefined {
  const times = drifts.flatMap((d) =>
    d.resolution?.timeToRemediateMs === undefined ? [] : [d.resolution.timeToRemediateMs],
  );
  return times.length === 0 ? undefined : times.reduce((a, b) => a + b, 0) / times.length;
}

/** Buckets for the posture chart: days up to 62 days, weeks up to 26 weeks, months beyond. */
export function chartBuckets(
  from: string,
  to: string,
): { unit: 'day' | 'week' | 'month'; buckets: { start: string; end: string }[] } {
  const start = Date.parse(from);
  const end = Date.parse(to) + 1;
  const days = (end - start) / 86_400_000;
  const unit = days <= 62 ? 'day' : days <= 26 * 7 ? 'week' : 'month';
  const buckets: { start: string; end: string }[] = [];
  let t = start;
  while (t < end) {
    let next: number;
    if (unit === 'month') {
      const d = new Date(t);
      next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    } else {
      next = t + (unit === 'day' ? 1 : 7) * 86_400_000;
    }
    next = Math.min(next, end);
    buckets.push({ start: new Date(t).toISOString(), end: new Date(next).toISOString() });
    t = next;
  }
  return { unit, buckets };
}

/** A pair's status at the start of the period, then its changes: a step function over time. */
function steps(pair: PairView, from: string): { at: string; status: VerdictStatus | undefined }[] {
  return [{ at: from, status: pair.baseline?.status }, ...pair.changes];
}

/** How many pairs were non-compliant, compliant or not applicable in one bucket of the chart. */
export function bucketCounts(
  bucket: { start: string; end: string },
  pairs: PairView[],
  from: string,
): ChartBucket {
  const out: ChartBucket = { ...bucket, nonCompliant: 0, compliant: 0, notApplicable: 0, excepted: 0 };
  for (const pair of pairs) {
    const seen = new Set<VerdictStatus>();
    let current: VerdictStatus | undefined;
    for (const step of steps(pair, from)) {
      if (step.at < bucket.start) current = step.status;
      else if (step.at < bucket.end) {
        if (step.status) seen.add(step.status);
      } else break;
    }
    if (current) seen.add(current);
    const excepted = pair.exceptions?.some((x) => inForceDuring(x, bucket.start, bucket.end));
    if (seen.has('NON_COMPLIANT') && excepted) out.excepted++;
    else if (seen.has('NON_COMPLIANT')) out.nonCompliant++;
    else if (seen.has('COMPLIANT')) out.compliant++;
    else if (seen.has('NOT_APPLICABLE')) out.notApplicable++;
  }
  return out;
}

/** Time compliant over time compliant or not, summed over pairs, across the period. */
export function compliantShare(pairs: PairView[], from: string, to: string): number | undefined {
  let good = 0;
  let bad = 0;
  const end = Date.parse(to) + 1;
  for (const pair of pairs) {
    const s = steps(pair, from);
    for (let i = 0; i < s.length; i++) {
      const start = Date.parse(s[i]!.at);
      const stop = i + 1 < s.length ? Date.parse(s[i + 1]!.at) : end;
      if (s[i]!.status === 'COMPLIANT') good += stop - start;
      else if (s[i]!.status === 'NON_COMPLIANT') bad += stop - start;
    }
  }
  return good + bad === 0 ? undefined : good / (good + bad);
}

/** When a pair was NON_COMPLIANT in the period, as intervals (the end of the period closes the last). */
export function nonCompliantIntervals(pair: PairView, from: string, to: string): Interval[] {
  const s = steps(pair, from);
  const end = Date.parse(to) + 1;
  const out: Interval[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i]!.status !== 'NON_COMPLIANT') continue;
    out.push({ start: Date.parse(s[i]!.at), end: i + 1 < s.length ? Date.parse(s[i + 1]!.at) : end });
  }
  return out;
}
