import { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { ensureTable } from '../../core/adapters/dynamodb/table-bootstrap';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';

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
