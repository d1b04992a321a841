import { DynamoDbEvidenceStore } from '../../lambdas/adapters/dynamodb-store';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../lambdas/adapters/embedded-store';
import { ensureTable } from '../../lambdas/adapters/table-bootstrap';

let counter = 0;

/** A real DynamoDB-API server (dynalite, in memory) with a fresh evidence table. */
export async function startTestStore(): Promise<{
  store: DynamoDbEvidenceStore;
  dynamo: EmbeddedDynamo;
  tableName: string;
}> {
  const dynamo = await startEmbeddedDynamo();
  const tableName = `evidence-test-${++counter}`;
  await ensureTable(dynamo.client, tableName);
  return { store: new DynamoDbEvidenceStore({ tableName, client: dynamo.client }), dynamo, tableName };
}
