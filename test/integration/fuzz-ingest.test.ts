import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { type IngestResult, ingest } from '../../core/usecases/ingest';
import { anyInput, FUZZ } from '../helpers/fuzz-events';
import { startTestStore } from '../helpers/store';

const COUNT = Number(process.env.FUZZ_COUNT ?? 10_000);
const BATCH = 500;

describe('ingest of 10,000 generated and mutated events', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;

  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
  });
  afterAll(async () => {
    await dynamo.close();
  });

  it('accounts for every input, keeps every bad one, and never rejects unhandled', async () => {
    // Prepare: FUZZ_COUNT can make the run smaller while working on it
    const events = fc.sample(anyInput, { numRuns: COUNT, seed: FUZZ.seed });
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);

    // Act
    const results: IngestResult[] = [];
    try {
      for (let at = 0; at < events.length; at += BATCH) {
        const batch = events.slice(at, at + BATCH).map((raw, k) => ({ raw, origin: `fuzz#${at + k}` }));
        results.push(await ingest(batch, { store }));
      }
      // let any stray promise settle before looking
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('unhandledRejection', onRejection);
    }

    // Assess
    expect(rejections).toEqual([]);
    const kinds = ['stored', 'duplicate', 'unchanged', 'ignored', 'quarantined', 'failed'];
    let stored = 0;
    const quarantined = new Set<string>();
    for (const r of results) {
      expect(r.received).toBe(
        r.stored + r.duplicates + r.unchanged + r.ignored + r.quarantined.length + r.failed.length,
      );
      expect(r.statuses).toHaveLength(r.received);
      for (const s of r.statuses) expect(kinds).toContain(s);
      expect(r.statuses.filter((s) => s === 'quarantined')).toHaveLength(r.quarantined.length);
      expect(r.statuses.filter((s) => s === 'failed')).toHaveLength(r.failed.length);
      for (const q of r.quarantined) {
        expect(q.reason.trim().length).toBeGreaterThan(0);
        quarantined.add(q.origin);
      }
      stored += r.stored;
    }
    expect(results.reduce((n, r) => n + r.received, 0)).toBe(COUNT);
    expect([...new Set(results.flatMap((r) => r.failed.map((f) => f.error)))].slice(0, 5)).toEqual([]);
    // the run exercised both paths: evidence stored, bad input quarantined
    expect(stored).toBeGreaterThan(500);
    expect(quarantined.size).toBeGreaterThan(1000);
    const kept = new Set<string>();
    for await (const q of store.listQuarantine()) kept.add(q.origin);
    expect([...quarantined].filter((o) => !kept.has(o))).toEqual([]);
  });
});
