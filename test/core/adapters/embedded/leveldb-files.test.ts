import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureTable } from '../../../../core/adapters/dynamodb/table-bootstrap';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import { mapLimit } from '../../../../core/support/concurrency';

/** The .ldb table files under `dir`, recursively. */
function tableFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ldb'));
}

/** The table files of `dir` this process has mapped into memory now (Linux: /proc/self/maps). */
function mappedTableFiles(dir: string): Set<string> {
  return new Set(
    readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .map((line) => line.slice(line.indexOf('/')))
      .filter((path) => path.startsWith(dir) && path.endsWith('.ldb')),
  );
}

describe('the embedded store on disk', () => {
  let dir: string;
  let dynamo: EmbeddedDynamo | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-leveldb-'));
  });
  afterEach(async () => {
    await dynamo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps at most 64 table files mapped in memory, however many it has and however it is read', async () => {
    dynamo = await startEmbeddedDynamo(join(dir, 'data'));
    const client = dynamo.client;
    await ensureTable(client, 'big');
    // ~90 MB that does not compress: LevelDB compacts it into table files of at most 1 MB (over 64 of them)
    const keys = Array.from({ length: 300 }, (_, i) => `item-${i}`);
    await mapLimit(keys, 4, (pk) =>
      client.send(
        new PutItemCommand({
          TableName: 'big',
          Item: { pk: { S: pk }, sk: { S: 'x' }, blob: { S: randomBytes(225_000).toString('base64') } },
        }),
      ),
    );
    // every item read back a page at a time (a LevelDB iterator per page), then each on its own: every
    // table file is opened, and the least recently read ones closed again
    let start: Record<string, AttributeValue> | undefined;
    let scanned = 0;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: 'big', Limit: 2, ExclusiveStartKey: start }),
      );
      scanned += page.Items?.length ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    expect(scanned).toBe(keys.length);
    for (const pk of keys) {
      const got = await client.send(
        new GetItemCommand({ TableName: 'big', Key: { pk: { S: pk }, sk: { S: 'x' } } }),
      );
      expect(got.Item?.blob?.S).toHaveLength(300_000);
    }
    expect(tableFiles(dir).length).toBeGreaterThan(64);
    const mapped = mappedTableFiles(dir);
    expect(mapped.size).toBeGreaterThan(0);
    expect(mapped.size).toBeLessThanOrEqual(64);
  }, 120_000);
});
