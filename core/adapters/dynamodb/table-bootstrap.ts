import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { TableClient } from './table-client';
import { BY_DAY_INDEX, BY_RECORDED_TIME_INDEX, TABLE_KEY } from './table-schema';

/**
 * Creates the evidence table with the same key schema as the CDK construct when it is missing.
 * For local and non-AWS endpoints only: deployed tables are owned by CloudFormation.
 */
export async function ensureTable(client: TableClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (error) {
    if (
      !(error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException')
    )
      throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: TABLE_KEY.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE_KEY.sortKey, AttributeType: 'S' },
        { AttributeName: BY_DAY_INDEX.partitionKey, AttributeType: 'S' },
        { AttributeName: BY_DAY_INDEX.sortKey, AttributeType: 'S' },
        { AttributeName: BY_RECORDED_TIME_INDEX.partitionKey, AttributeType: 'S' },
        { AttributeName: BY_RECORDED_TIME_INDEX.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: TABLE_KEY.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEY.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: BY_DAY_INDEX.name,
          KeySchema: [
            { AttributeName: BY_DAY_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: BY_DAY_INDEX.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: BY_RECORDED_TIME_INDEX.name,
          KeySchema: [
            { AttributeName: BY_RECORDED_TIME_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: BY_RECORDED_TIME_INDEX.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
  for (let i = 0; i < 100; i++) {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (d.Table?.TableStatus === 'ACTIVE') return 'created';
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
