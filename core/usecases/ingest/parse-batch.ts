import { assess } from '../../domain/catalog';
import { prepareRecord } from '../../domain/chain';
import type { PendingEvent } from '../../domain/commit-plan';
import { fromConfigItem, type ParseOutcome, parseEvent } from '../../domain/normalize';
import { type Observation, subjectKey } from '../../domain/observation';
import type { RedactionPolicy } from '../../domain/redact';
import { type IdentityInput, resolveIdentities, type TaughtAlias } from './identities';
import { DEFAULT_MAX_CLOCK_SKEW_MINUTES, errorText, type IngestDeps, type IngestInput } from './options';

/** Largest record document stored: DynamoDB items hold 400 KB, keys and integrity fields included. */
const MAX_RECORD_BYTES = 350_000;

/** A batch sorted by what becomes of each input before anything is written. */
export interface ParsedBatch {
  /** events to commit, per subject key, each subject's in input order */
  bySubject: Map<string, PendingEvent[]>;
  /** inputs to quarantine, with the reason */
  invalid: { index: number; reason: string }[];
  /** indexes of inputs that are valid but not evidence (ignored) */
  ignored: number[];
  /** IAM identity aliases the batch taught that the store does not hold yet */
  aliases: TaughtAlias[];
}

/**
 * Parses, normalizes, assesses and hashes every input: pure but for fetching the full item behind an
 * oversized Config notification and looking up the IAM identity aliases the store knows. Nothing is
 * dropped: what cannot become a record is quarantined, including an event dated ahead of `now` (this
 * ingest's clock) by more than the allowed skew.
 */
export async function parseBatch(
  inputs: IngestInput[],
  deps: IngestDeps,
  policy: RedactionPolicy,
  now: Date,
): Promise<ParsedBatch> {
  const out: ParsedBatch = { bySubject: new Map(), invalid: [], ignored: [], aliases: [] };
  const maxSkewMinutes = deps.maxClockSkewMinutes ?? DEFAULT_MAX_CLOCK_SKEW_MINUTES;
  const observed: IdentityInput[] = [];
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index]!;
    let outcome: ParseOutcome = input.readError
      ? { kind: 'invalid', reason: input.readError }
      : safeParse(input.raw, policy, deps.parse ?? parseEvent);
    if (
      outcome.kind === 'observation' &&
      outcome.observation.facts.type === 'configuration-summary' &&
      deps.fetchConfigItem
    ) {
      outcome = await expandOversized(outcome.observation, deps, policy);
    }
    if (
      outcome.kind === 'observation' &&
      input.provenance &&
      outcome.observation.source.kind.startsWith('cloudtrail-')
    )
      outcome.observation.source = { ...outcome.observation.source, provenance: input.provenance };
    if (outcome.kind === 'observation') {
      const ahead = aheadOfClock(outcome.observation.observedAt, now, maxSkewMinutes);
      if (ahead) outcome = { kind: 'invalid', reason: ahead };
    }
    if (outcome.kind === 'invalid') out.invalid.push({ index, reason: outcome.reason });
    else if (outcome.kind === 'ignored') {
      out.ignored.push(index);
      if (outcome.alias) observed.push({ index, alias: outcome.alias });
    } else observed.push({ index, observation: outcome.observation });
  }
  // an IAM identity is one subject whichever id the source used: resolve before the content is hashed
  out.aliases = await resolveIdentities(observed, deps.store);
  for (const o of observed) {
    if (!('observation' in o)) continue;
    const { index, observation } = o;
    const prepared = prepareRecord(observation, assess(observation, deps.mappings));
    const size = Buffer.byteLength(JSON.stringify(prepared.content));
    // a record must fit in one DynamoDB item: a bigger one would fail its whole batch on every delivery
    if (size > MAX_RECORD_BYTES)
      out.invalid.push({
        index,
        reason: `the evidence record would be ${size} bytes, more than one item holds (${MAX_RECORD_BYTES})`,
      });
    else {
      const key = subjectKey(observation.subject);
      const group = out.bySubject.get(key);
      const event = { index, observation, prepared };
      if (group) group.push(event);
      else out.bySubject.set(key, [event]);
    }
  }
  out.invalid.sort((a, b) => a.index - b.index);
  return out;
}

/**
 * Why an event's own time cannot be evidence because it is ahead of the ingest clock by more than
 * `maxSkewMinutes`, or undefined when it is not. Posture is the latest verdict by the event's own time,
 * so a verdict dated in the future would outrank every real one to come (and count as fresh evidence)
 * until that date: such an event is quarantined, and a redrive once the clock has caught up stores it.
 */
export function aheadOfClock(observedAt: string, now: Date, maxSkewMinutes: number): string | undefined {
  const aheadMs = Date.parse(observedAt) - now.getTime();
  if (!(aheadMs > maxSkewMinutes * 60_000)) return undefined;
  // rounded up to a tenth of a minute: never shown as within the limit it exceeds
  const ahead = minutes(Math.ceil(aheadMs / 6_000) / 10);
  return (
    `observed at ${observedAt}, ${ahead} after this ingest's clock (${now.toISOString()}); ` +
    `events more than ${minutes(maxSkewMinutes)} ahead are not evidence (maxClockSkewMinutes)`
  );
}

const MINUTES = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const minutes = (n: number) => `${MINUTES.format(n)} ${n === 1 ? 'minute' : 'minutes'}`;

function safeParse(
  raw: unknown,
  policy: RedactionPolicy,
  parse: (raw: unknown, policy: RedactionPolicy) => ParseOutcome,
): ParseOutcome {
  try {
    return parse(raw, policy);
  } catch (error) {
    // a parser bug must not lose the event: quarantine it with the error
    return { kind: 'invalid', reason: `parser error: ${errorText(error)}` };
  }
}

/** The full configuration item behind an oversized notification, or the summary when it cannot be had. */
async function expandOversized(
  obs: Observation,
  deps: IngestDeps,
  policy: RedactionPolicy,
): Promise<ParseOutcome> {
  try {
    const ci = await deps.fetchConfigItem?.(obs.subject.resourceType, obs.subject.resourceId);
    if (ci) {
      const full = fromConfigItem(ci, 'config-item-change', policy);
      if (full.kind === 'observation')
        full.observation.source = { ...full.observation.source, kind: 'config-item-oversized' };
      return full;
    }
  } catch {
    // keep the summary: it is still evidence that the resource changed
  }
  return { kind: 'observation', observation: obs };
}
