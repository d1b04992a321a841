/**
 * One ingester as its own OS process, for the concurrency test: reads a JSON array of events, ingests
 * them into a DynamoDB endpoint in small batches (so its commits interleave with the other processes'),
 * re-drives what failed as SQS would, and prints each event's final status as JSON on stdout.
 *
 * usage: tsx test/helpers/ingest-process.ts <endpoint> <table> <events.json> <batch size>
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { localClient } from '../../core/adapters/embedded/embedded-store';
import { type InputStatus, ingest } from '../../core/usecases/ingest';

const [endpoint, table, file, batch] = process.argv.slice(2);
if (!endpoint || !table || !file)
  throw new Error('usage: ingest-process <endpoint> <table> <events.json> [batch]');
const events = z.array(z.unknown()).parse(JSON.parse(readFileSync(file, 'utf8')));
const batchSize = Number(batch ?? 5);
const client = localClient(endpoint);
const store = new DynamoDbEvidenceStore({ tableName: table, client });
const statuses: InputStatus[] = new Array(events.length).fill('failed');
let queue = events.map((_, i) => i);
for (let round = 0; round < 10 && queue.length > 0; round++) {
  const again: number[] = [];
  for (let at = 0; at < queue.length; at += batchSize) {
    const ids = queue.slice(at, at + batchSize);
    const result = await ingest(
      ids.map((i) => ({ raw: events[i], origin: `${file}#${i}` })),
      { store },
    );
    ids.forEach((id, k) => {
      statuses[id] = result.statuses[k] ?? 'failed';
      if (statuses[id] === 'failed') again.push(id);
    });
  }
  queue = again;
}
client.destroy();
process.stdout.write(`${JSON.stringify({ statuses })}\n`);
