import type {
  DynamoDBClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-dynamodb';
import type { Command } from '@smithy/types';

/**
 * What the table's adapters need of a client: sending DynamoDB commands. The SDK's DynamoDBClient is one
 * (AWS, or any endpoint); the embedded store has a lighter one of its own (embedded/local-table-client.ts).
 */
export interface TableClient {
  send<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
    command: Command<ServiceInputTypes, Input, ServiceOutputTypes, Output, DynamoDBClientResolvedConfig>,
  ): Promise<Output>;
  destroy(): void;
}
