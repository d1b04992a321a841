import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmbeddedDynamo,
  localClient,
  startEmbeddedDynamo,
} from '../../../../core/adapters/embedded/embedded-store';

describe("the embedded store's worker: what it keeps between requests", () => {
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

  /** Waits until the table is ACTIVE (`exists`) or gone: the store makes and drops tables asynchronously. */
  const settled = async (name: string, exists: boolean) => {
    for (let i = 0; i < 100; i++) {
      const status = await dynamo.client
        .send(new DescribeTableCommand({ TableName: name }))
        .then((d) => d.Table?.TableStatus)
        .catch(() => undefined);
      if (exists ? status === 'ACTIVE' : status === undefined) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`table ${name} did not settle`);
  };

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
      await settled('ttt', true);
      await dynamo.client.send(new PutItemCommand({ TableName: 'ttt', Item: { pk: { S: 'a' } } }));
      // Act: the same name made again with a sort key
      await sdk.send(new DeleteTableCommand({ TableName: 'ttt' }));
      await settled('ttt', false);
      await dynamo.client.send(create(['pk', 'sk']));
      await settled('ttt', true);
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

  it('checks a condition kept from an earlier request against the item as it now is, and its names and values as sent', async () => {
    // Prepare
    await dynamo.client.send(
      new CreateTableCommand({
        TableName: 'conditions',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await settled('conditions', true);
    const put = (pk: string, seq: number, expected: number, extra: Record<string, { N: string }> = {}) =>
      dynamo.client.send(
        new PutItemCommand({
          TableName: 'conditions',
          Item: { pk: { S: pk }, seq: { N: String(seq) } },
          ConditionExpression: 'seq = :expected',
          ExpressionAttributeValues: { ':expected': { N: String(expected) }, ...extra },
        }),
      );
    for (const pk of ['a', 'b'])
      await dynamo.client.send(
        new PutItemCommand({ TableName: 'conditions', Item: { pk: { S: pk }, seq: { N: '1' } } }),
      );
    // Act / Assess: the same expression and values, on two items and then again on the first
    await put('a', 2, 1);
    await put('b', 2, 1);
    await expect(put('a', 3, 1)).rejects.toThrow('The conditional request failed');
    await put('a', 3, 2);
    // a value the expression does not use is refused on every request, kept tree or not
    for (let i = 0; i < 2; i++)
      await expect(put('b', 3, 2, { ':unused': { N: '0' } })).rejects.toThrow(
        /unused in expressions: keys: \{:unused\}/,
      );
    // and a value it uses but was not sent
    for (let i = 0; i < 2; i++)
      await expect(
        dynamo.client.send(
          new PutItemCommand({
            TableName: 'conditions',
            Item: { pk: { S: 'b' }, seq: { N: '3' } },
            ConditionExpression: 'seq = :expected',
            ExpressionAttributeValues: { ':other': { N: '2' } },
          }),
        ),
      ).rejects.toThrow(/not defined; attribute value: :expected/);
    const read = await dynamo.client.send(
      new GetItemCommand({ TableName: 'conditions', Key: { pk: { S: 'a' } } }),
    );
    expect(read.Item?.seq).toEqual({ N: '3' });
  });
});
