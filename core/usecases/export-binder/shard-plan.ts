/**
 * Step 1 of a sharded export: the plan. It fixes the instant the binder is generated at, snapshots
 * the chain heads (every slice and the merge read that one snapshot, so records committed while the
 * export runs are left out everywhere alike, as one export leaves them out) and cuts the period into
 * slices of whole UTC days, in day order.
 *
 * Sizing: a slice costs about what the one-shot export costs per record (0.2-0.25 ms on one core, see
 * docs/scale.md), so `sliceDays` is chosen for the organisation's record rate: the default 30 days
 * holds about 700,000 records at the largest expected rate (8.3 million a year), about 3 minutes, well
 * inside Lambda's 15; a rate five times that still fits.
 */
import { randomBytes } from 'node:crypto';
import type { ShardJob, ShardSlice } from '../../../evidence-schemas/binder-shard';
import type { EvidenceReader } from '../../ports/evidence-reader';
import type { ShardWorkspace } from '../../ports/shard-workspace';
import { snapshotHeads } from './read-period';
import { jobFile, writeHeads } from './shard-files';
import type { BinderRequest } from './types';

/** Days per slice unless the caller says otherwise (see the sizing note above). */
export const DEFAULT_SLICE_DAYS = 30;
/** The most slices one export is cut into (the Map state's items, and the zip's parts). */
export const MAX_SLICES = 1000;

const DAY_MS = 86_400_000;

/** The period [from, to] cut into slices of `sliceDays` whole UTC days (the first and last clipped to it). */
export function planSlices(from: string, to: string, sliceDays = DEFAULT_SLICE_DAYS): ShardSlice[] {
  if (!Number.isInteger(sliceDays) || sliceDays < 1)
    throw new RangeError(`sliceDays must be a whole number of days, at least 1; got ${sliceDays}`);
  if (from > to) throw new RangeError(`the period ends (${to}) before it starts (${from})`);
  const lastDay = Date.parse(`${to.slice(0, 10)}T00:00:00.000Z`);
  const slices: ShardSlice[] = [];
  for (
    let day = Date.parse(`${from.slice(0, 10)}T00:00:00.000Z`);
    day <= lastDay;
    day += sliceDays * DAY_MS
  ) {
    const start = new Date(day).toISOString();
    const end = new Date(Math.min(day + sliceDays * DAY_MS, lastDay + DAY_MS) - 1).toISOString();
    slices.push({ index: slices.length, from: start < from ? from : start, to: end > to ? to : end });
  }
  if (slices.length > MAX_SLICES)
    throw new RangeError(
      `${slices.length} slices of ${sliceDays} day(s) is more than ${MAX_SLICES}: choose longer slices`,
    );
  return slices;
}

export interface ShardPlanDeps {
  reader: EvidenceReader;
  workspace: ShardWorkspace;
  now?: () => Date;
  /** days per slice (default DEFAULT_SLICE_DAYS) */
  sliceDays?: number;
}

/** Plans a sharded export: the job every step is given, with the heads snapshot in the workspace. */
export async function planShardedExport(request: BinderRequest, deps: ShardPlanDeps): Promise<ShardJob> {
  const generatedAt = (deps.now ?? (() => new Date()))().toISOString();
  const slices = planSlices(request.from, request.to, deps.sliceDays);
  const id = `binder-${request.from.slice(0, 10)}-${request.to.slice(0, 10)}-${generatedAt.replace(/[^0-9]/g, '')}-${randomBytes(4).toString('hex')}`;
  const heads = await snapshotHeads(deps.reader, () => undefined);
  await writeHeads(deps.workspace, id, heads);
  const job: ShardJob = {
    id,
    from: request.from,
    to: request.to,
    ...(request.accounts && request.accounts.length > 0 ? { accounts: request.accounts } : {}),
    ...(request.title ? { title: request.title } : {}),
    ...(request.organisation ? { organisation: request.organisation } : {}),
    generator: request.generator,
    generatedAt,
    slices,
  };
  await deps.workspace.putText(jobFile(id), JSON.stringify(job));
  return job;
}

/** The binder request a job describes. */
export function jobRequest(job: ShardJob): BinderRequest {
  return {
    from: job.from,
    to: job.to,
    ...(job.accounts ? { accounts: job.accounts } : {}),
    ...(job.title ? { title: job.title } : {}),
    ...(job.organisation ? { organisation: job.organisation } : {}),
    generator: job.generator,
  };
}
