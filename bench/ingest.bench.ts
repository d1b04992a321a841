/**
 * Ingest benchmark (prints figures; not a timed test).
 * 1. CPU per event of the pure path: parse + normalize + assess + canonical hash.
 * 2. Ingest throughput into the embedded store (dynalite on disk): 20,000 events over 2,000 subjects.
 * 3. The raw BatchWriteItem rate of the same store for the same number of items of the same size, two
 *    ways: plain documents (key and document only), and the same documents as the records ingest
 *    writes them (with the attributes of the table's two indexes, so the store writes their index
 *    entries too, as it does for every stored record). Each is measured before and after the ingest.
 * Target: ingest events/s >= 0.5 x raw items/s; CPU <= 50 us/event. Both ratios are printed: the
 * first (plain documents) is the one earlier runs printed; the second compares ingest with the store
 * writing what ingest must write.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { DynamoDbEvidenceStore } from '../core/adapters/dynamodb/store';
import { ensureTable } from '../core/adapters/dynamodb/table-bootstrap';
import { recordIndexKeys } from '../core/adapters/dynamodb/table-schema';
import { startEmbeddedDynamo } from '../core/adapters/embedded/embedded-store';
import { assess } from '../core/domain/catalog';
import { prepareRecord } from '../core/domain/chain';
import { parseEvent } from '../core/domain/normalize';
import { ingest } from '../core/usecases/ingest';
import { benchEvents } from './events';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 2_000);

function makeEvents(): unknown[] {
  return Array.from(benchEvents(EVENTS, SUBJECTS));
}

/** CPU microseconds per event (process CPU time, garbage collection included): median of 5 passes. */
function cpuPerEvent(events: unknown[]): number {
  const passes: number[] = [];
  for (let pass = 0; pass < 6; pass++) {
    const start = process.cpuUsage();
    for (const e of events) {
      const o = parseEvent(e);
      if (o.kind === 'observation') prepareRecord(o.observation, assess(o.observation));
    }
    const used = process.cpuUsage(start);
    // the first pass warms the JIT and is not counted
    if (pass > 0) passes.push((used.user + used.system) / events.length);
  }
  passes.sort((a, b) => a - b);
  return passes[2] ?? Number.NaN;
}

async function main() {
  const events = makeEvents();
  const cpu = cpuPerEvent(events);

  const dir = mkdtempSync(join(tmpdir(), 'evidence-bench-'));
  const dynamo = await startEmbeddedDynamo(join(dir, 'store'));
  try {
    await ensureTable(dynamo.client, 'evidence');
    await ensureTable(dynamo.client, 'raw');
    await ensureTable(dynamo.client, 'raw2');
    await ensureTable(dynamo.client, 'rawi');
    await ensureTable(dynamo.client, 'rawi2');
    const store = new DynamoDbEvidenceStore({ tableName: 'evidence', client: dynamo.client });

    // the items the raw writes use: one record document per event, as ingest would store them
    const recordedAt = new Date().toISOString();
    const docs = events.flatMap((e) => {
      const o = parseEvent(e);
      if (o.kind !== 'observation') return [];
      const { content, contentHash } = prepareRecord(o.observation, assess(o.observation));
      const keys = recordIndexKeys(`RAW#${content.subject.resourceId}`, {
        ...content,
        recordedAt,
        integrity: { recordHash: contentHash },
      });
      return [
        {
          doc: JSON.stringify(content),
          indexKeys: Object.fromEntries(Object.entries(keys).map(([name, value]) => [name, { S: value }])),
        },
      ];
    });
    const rawWrite = async (table: string, withIndexKeys = false): Promise<number> => {
      const items: WriteRequest[] = events.map((_, i) => {
        const d = docs[i % docs.length];
        return {
          PutRequest: {
            Item: {
              pk: { S: `RAW#${i % SUBJECTS}` },
              sk: { S: `R#${i}` },
              doc: { S: d?.doc ?? '' },
              ...(withIndexKeys ? d?.indexKeys : {}),
            },
          },
        };
      });
      const t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < items.length) {
            const batch = items.slice(next, next + 25);
            next += 25;
            let pending: WriteRequest[] | undefined = batch;
            while (pending && pending.length > 0) {
              const res: { UnprocessedItems?: Record<string, WriteRequest[]> } = await dynamo.client.send(
                new BatchWriteItemCommand({ RequestItems: { [table]: pending } }),
              );
              pending = res.UnprocessedItems?.[table];
            }
          }
        }),
      );
      return performance.now() - t;
    };
    // raw writes before and after ingest, so LevelDB's growth and compaction weigh on both sides alike
    const rawBeforeMs = await rawWrite('raw');
    const indexedBeforeMs = await rawWrite('rawi', true);

    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const result = await ingest(
      events.map((raw, i) => ({ raw, origin: `bench#${i}` })),
      { store },
    );
    const ingestMs = performance.now() - t0;
    const rssAfter = process.memoryUsage().rss;
    if (result.failed.length || result.quarantined.length)
      throw new Error(`bench ingest failed: ${JSON.stringify(result.failed[0] ?? result.quarantined[0])}`);
    const rawAfterMs = await rawWrite('raw2');
    const indexedAfterMs = await rawWrite('rawi2', true);
    const rawMs = (rawBeforeMs + rawAfterMs) / 2;
    const indexedRate = (events.length / ((indexedBeforeMs + indexedAfterMs) / 2)) * 1000;

    const ingestRate = (events.length / ingestMs) * 1000;
    const rawRate = (events.length / rawMs) * 1000;
    const lines = [
      `events: ${events.length} over ${SUBJECTS} subjects (stored ${result.stored}, unchanged ${result.unchanged}, duplicates ${result.duplicates})`,
      `parse+normalize+assess+hash CPU: ${cpu.toFixed(1)} us/event (target <= 50)`,
      `ingest into embedded store: ${ingestRate.toFixed(0)} events/s (${(ingestMs / 1000).toFixed(2)} s)`,
      `raw BatchWriteItem, same store: ${rawRate.toFixed(0)} items/s (mean of ${(rawBeforeMs / 1000).toFixed(2)} s before and ${(rawAfterMs / 1000).toFixed(2)} s after ingest)`,
      `raw BatchWriteItem of the same documents with their index keys: ${indexedRate.toFixed(0)} items/s (mean of ${(indexedBeforeMs / 1000).toFixed(2)} s before and ${(indexedAfterMs / 1000).toFixed(2)} s after ingest)`,
      `ratio ingest/raw, plain documents: ${(ingestRate / rawRate).toFixed(2)} (target >= 0.5: ${ingestRate / rawRate >= 0.5 ? 'met' : 'MISSED'})`,
      `ratio ingest/raw, documents with index keys: ${(ingestRate / indexedRate).toFixed(2)} (target >= 0.5: ${ingestRate / indexedRate >= 0.5 ? 'met' : 'MISSED'})`,
      `RSS growth during ingest: ${((rssAfter - rssBefore) / 1e6).toFixed(0)} MB`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await dynamo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
