import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmbeddedDynamo,
  localClient,
  startEmbeddedDynamo,
} from '../../../../core/adapters/embedded/embedded-store';

describe("the embedded store's table descriptions (kept between requests)", () => {
  let dir: string;
  let dynamo: EmbeddedDynamo;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-tables-'));
    dynamo = await startEmbeddedDynamo(join(dir, 'store'));
  });
  afterAll(async () => {
    await dynamo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = (keys: string[]) =>
    new CreateTableCommand({
      TableName: 'ttt',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keys.map((k) => ({ AttributeName: k, AttributeType: 'S' })),
      KeySchema: keys.map((k, i) => ({ AttributeName: k, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
    });

  it('answers with the table as it now is after the table is deleted and made again with other keys', async () => {
    // Prepare: a table keyed by pk alone, written to (its description is then kept)
    const sdk = localClient(dynamo.endpoint);
    try {
      await dynamo.client.send(create(['pk']));
      await dynamo.client.send(new PutItemCommand({ TableName: 'ttt', Item: { pk: { S: 'a' } } }));
      // Act: the same name made again with a sort key
      await sdk.send(new DeleteTableCommand({ TableName: 'ttt' }));
      await dynamo.client.send(create(['pk', 'sk']));
      // Assess: an item without the new sort key is refused, one with it is stored
      await expect(
        dynamo.client.send(new PutItemCommand({ TableName: 'ttt', Item: { pk: { S: 'b' } } })),
      ).rejects.toThrow(/key element does not match the schema|Missing the key sk/);
      await dynamo.client.send(
        new PutItemCommand({ TableName: 'ttt', Item: { pk: { S: 'b' }, sk: { S: '1' } } }),
      );
      const read = await dynamo.client.send(
        new GetItemCommand({ TableName: 'ttt', Key: { pk: { S: 'b' }, sk: { S: '1' } } }),
      );
      expect(read.Item).toEqual({ pk: { S: 'b' }, sk: { S: '1' } });
    } finally {
      sdk.destroy();
    }
  });
});
