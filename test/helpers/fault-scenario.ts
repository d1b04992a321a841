/**
 * A seeded stream of events over a few dozen subjects for the fault tests: configuration changes that
 * flip and repeat (so stored and unchanged both happen), CloudTrail calls, Config rule results, exact
 * re-sends (duplicates) and malformed events (quarantined). And the checks a store must pass after it:
 * every chain verifies and is linear, every source event is on at most one record.
 */
import { expect } from 'vitest';
import { verifyChain } from '../../core/domain/chain';
import { subjectKey } from '../../core/domain/observation';
import { headPosture } from '../../core/domain/posture';
import type { EvidenceStore } from '../../core/ports/evidence-store';
import type { IngestInput, IngestResult, InputStatus } from '../../core/usecases/ingest';
import { verifyStore } from '../../core/usecases/verify-store';
import { EvidenceRecordSchema } from '../../evidence-schemas';
import { logGroupItem, retentionCall, ruleResult } from './events';
import { seededRandom } from './faults';

const RETENTIONS = [undefined, 7, 30, 365, 2192] as const;

/** `count` events over `logGroups` log groups and `buckets` buckets, deterministic for a seed. */
export function faultScenario(options: {
  seed: number;
  count: number;
  logGroups: number;
  buckets: number;
  /** share of exact re-sends of an earlier event */
  resend?: number;
  /** share of malformed events */
  malformed?: number;
}): IngestInput[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const start = Date.parse('2026-10-01T00:00:00.000Z');
  const events: unknown[] = [];
  for (let i = 0; i < options.count; i++) {
    // distinct times: posture is by event time, so ties would make the expected posture arbitrary
    const time = new Date(start + i * 60_000 + Math.floor(random() * 50_000)).toISOString();
    const r = random();
    if (events.length > 0 && r < (options.resend ?? 0.08)) {
      events.push(structuredClone(pick(events)));
      continue;
    }
    if (r < (options.resend ?? 0.08) + (options.malformed ?? 0.04)) {
      events.push(
        pick([
          { 'detail-type': 'Config Configuration Item Change', detail: { broken: i } },
          { unexpected: i },
          { ...retentionCall('/bad', time, 30), time: `not a time ${i}` },
        ]),
      );
      continue;
    }
    const group = `/svc/group-${Math.floor(random() * options.logGroups)}`;
    const bucket = `phi-bucket-${Math.floor(random() * options.buckets)}`;
    const kind = random();
    if (kind < 0.5) events.push(logGroupItem(group, time, pick(RETENTIONS)));
    else if (kind < 0.75) events.push(retentionCall(group, time, pick([7, 30, 365, 2192])));
    else
      events.push(
        ruleResult(
          's3-bucket-server-side-encryption-enabled',
          bucket,
          time,
          pick(['COMPLIANT', 'NON_COMPLIANT']),
        ),
      );
  }
  return events.map((raw, i) => ({ raw, origin: `scenario#${i}` }));
}

/**
 * Ingests `inputs` the way SQS delivers them: batches of `batchSize`, then the failed inputs of every
 * batch again, round after round, until none fail (at most `maxRounds`). Returns each input's final
 * status and how many rounds it took.
 */
export async function ingestUntilDone(
  inputs: IngestInput[],
  run: (batch: IngestInput[]) => Promise<IngestResult>,
  options: { batchSize: number; maxRounds: number },
): Promise<{ statuses: InputStatus[]; rounds: number; failures: number; lastErrors: string[] }> {
  const statuses: InputStatus[] = new Array(inputs.length).fill('failed');
  let queue = inputs.map((_, i) => i);
  let rounds = 0;
  let failures = 0;
  let lastErrors: string[] = [];
  while (queue.length > 0 && rounds < options.maxRounds) {
    rounds++;
    const again: number[] = [];
    lastErrors = [];
    for (let at = 0; at < queue.length; at += options.batchSize) {
      const ids = queue.slice(at, at + options.batchSize);
      const result = await run(ids.map((i) => inputs[i]!));
      const failed = new Set(result.failed.map((f) => f.index));
      // the result must account for every input, and say failed exactly for the reported failures
      expect(result.statuses).toHaveLength(ids.length);
      ids.forEach((id, k) => {
        expect(result.statuses[k] === 'failed').toBe(failed.has(k));
        statuses[id] = result.statuses[k]!;
        if (failed.has(k)) again.push(id);
      });
      failures += failed.size;
      lastErrors.push(...result.failed.map((f) => f.error));
    }
    queue = again;
  }
  return { statuses, rounds, failures, lastErrors };
}

/** Every chain read back without faults: verified, linear, each source event on at most one record. */
export async function checkChains(store: EvidenceStore): Promise<{
  /** records on committed chains, by source event id */
  eventRecords: Map<string, number>;
  records: number;
  orphans: number;
  subjects: number;
}> {
  const report = await verifyStore(store);
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  const eventRecords = new Map<string, number>();
  let records = 0;
  let subjects = 0;
  for await (const head of store.listHeads()) {
    subjects++;
    const docs = await store.listChainDocs(head.subjectKey);
    // the committed chain: from the head back to genesis (records of lost attempts are orphans, not on it)
    const { path: chain } = verifyChain(
      docs.map((d) => EvidenceRecordSchema.parse(d.doc)),
      head,
    );
    // linear: exactly one record per sequence 1..n, each linked to the one before, the head on the last
    expect(chain.map((r) => r.integrity.sequence)).toEqual(chain.map((_, i) => i + 1));
    for (let i = 1; i < chain.length; i++)
      expect(chain[i]!.integrity.previousHash).toBe(chain[i - 1]!.integrity.recordHash);
    expect(head.sequence).toBe(chain.length);
    if (chain.length > 0) expect(chain.at(-1)!.integrity.recordHash).toBe(head.recordHash);
    for (const r of chain) {
      expect(subjectKey(r.subject)).toBe(head.subjectKey);
      const key = `${head.subjectKey}\u0000${r.source.eventId}`;
      eventRecords.set(key, (eventRecords.get(key) ?? 0) + 1);
    }
    records += chain.length;
  }
  const duplicated = [...eventRecords].filter(([, n]) => n > 1).map(([k]) => k.replace('\u0000', ' '));
  expect(duplicated).toEqual([]);
  return { eventRecords, records, orphans: report.orphans.length, subjects };
}

/**
 * The verdict of every control on every subject, comparable across stores and arrival orders. Not its
 * time: when the same state is seen twice, which copy is recorded (the other is "unchanged") depends on
 * the order they arrive in, and so does the time of the evidence behind an unchanged verdict.
 */
export async function postureOf(store: EvidenceStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const head of store.listHeads())
    for (const p of headPosture(head)) out[`${p.subjectKey} ${p.controlId}`] = `${p.status}: ${p.reason}`;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
