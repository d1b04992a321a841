/**
 * The one write path: every event, whatever its origin (SQS in Lambda, files in the CLI, the sweep),
 * becomes evidence here. Parse -> normalize -> assess -> hash (parse-batch.ts) -> quarantine what is
 * invalid (quarantine-input.ts) -> plan each subject's commit (core/domain/commit-plan.ts) -> append to
 * the subject's chain, with the subject's posture moving in the same conditional head update
 * (commit.ts). Invalid input is quarantined with its reason; nothing is dropped.
 *
 * A writer that loses a head race deletes what it wrote, re-reads the head and plans again, so chains
 * never fork. Transient store faults (throttling, server errors) are retried by the store adapter
 * alone, never here: an input whose step still fails is reported failed, for redelivery.
 */
import { redactionPolicy } from '../../domain/redact';
import { commitRound, type SubjectChunk } from './commit';
import { rememberAliases } from './identities';
import { errorText, type IngestDeps, type IngestInput } from './options';
import { parseBatch } from './parse-batch';
import { quarantineInputs } from './quarantine-input';
import { emptyIngestResult, type IngestResult } from './result';

export type { IngestDeps, IngestInput } from './options';
export { emptyIngestResult, type IngestResult, type InputStatus, mergeIngestResults } from './result';

/**
 * Turns a batch of inputs into evidence. Every input ends with a status: stored, duplicate, unchanged,
 * ignored, quarantined, or failed (the store failed; the input is safe to send again).
 */
export async function ingest(inputs: IngestInput[], deps: IngestDeps): Promise<IngestResult> {
  const now = deps.now ?? (() => new Date());
  const policy = deps.redaction ?? redactionPolicy();
  const commitSize = deps.commitSize ?? 50;
  const result: IngestResult = {
    ...emptyIngestResult(),
    received: inputs.length,
    statuses: new Array(inputs.length).fill('failed'),
  };
  // the first error of an input is the one reported; an input already settled is not failed later
  const fail = (indexes: number[], error: unknown) => {
    for (const index of indexes) {
      if (result.statuses[index] !== 'failed' || result.failed.some((f) => f.index === index)) continue;
      result.failed.push({ index, origin: inputs[index]!.origin, error: errorText(error) });
    }
  };

  // 1. parse, normalize and assess
  const { bySubject, invalid, ignored, aliases } = await parseBatch(inputs, deps, policy, now());

  // 1b. the IAM identity aliases learnt, before the records that may rely on them: an input whose alias
  // could not be stored fails (and is sent again), so a later Config verdict on the unique id resolves
  if (aliases.length > 0) {
    try {
      const learnt = aliases.map((a) => a.alias);
      await deps.store.putIamAliases(learnt, now().toISOString());
      rememberAliases(deps.store, learnt);
    } catch (error) {
      const taught = new Set(aliases.flatMap((a) => a.indexes));
      fail([...taught], error);
      for (const [key, chunk] of bySubject) {
        const kept = chunk.filter((p) => !taught.has(p.index));
        if (kept.length > 0) bySubject.set(key, kept);
        else bySubject.delete(key);
      }
      ignored.splice(0, ignored.length, ...ignored.filter((i) => !taught.has(i)));
    }
  }
  for (const index of ignored) result.statuses[index] = 'ignored';
  result.ignored = ignored.length;

  // 2. quarantine first: bad input is kept even if the store fails later
  if (invalid.length > 0) {
    try {
      await quarantineInputs(deps.store, inputs, invalid, policy, now().toISOString());
      for (const q of invalid) {
        result.quarantined.push({ index: q.index, origin: inputs[q.index]!.origin, reason: q.reason });
        result.statuses[q.index] = 'quarantined';
      }
    } catch (error) {
      fail(
        invalid.map((q) => q.index),
        error,
      );
    }
  }

  // 3. chunks of each subject's events, in input order; chunk n+1 of a subject waits for chunk n
  let round: SubjectChunk[] = [...bySubject].map(([key, chunk]) => ({ key, chunk }));
  while (round.length > 0) {
    const chunks = round.map((r) => ({ key: r.key, chunk: r.chunk.slice(0, commitSize) }));
    try {
      const outcome = await commitRound(chunks, {
        store: deps.store,
        now,
        concurrency: deps.concurrency ?? 16,
        recurrenceWindowMs: deps.recurrenceWindowMs,
      });
      for (const f of outcome.failed) fail(f.indexes, f.error);
      for (const plan of outcome.committed) {
        for (const [index, status] of plan.statuses) {
          result.statuses[index] = status;
          if (status === 'stored') result.stored++;
          else if (status === 'duplicate') result.duplicates++;
          else result.unchanged++;
        }
        result.records.push(...plan.records);
        result.transitions.push(...plan.transitions);
      }
    } catch (error) {
      fail(
        chunks.flatMap((c) => c.chunk.map((p) => p.index)),
        error,
      );
    }
    round = round
      .filter((r) => r.chunk.length > commitSize)
      .map((r) => ({ key: r.key, chunk: r.chunk.slice(commitSize) }));
  }
  result.failed.sort((a, b) => a.index - b.index);
  result.quarantined.sort((a, b) => a.index - b.index);
  return result;
}
