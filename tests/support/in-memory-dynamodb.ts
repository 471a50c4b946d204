import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable, startEmbeddedDynamoDb } from "../../local/embedded-dynamodb.ts";

export interface InMemoryDynamoDb {
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** A real DynamoDB implementation for tests: the local endpoint's embedded dynalite, in memory, with the table. */
export async function startInMemoryDynamoDb(tableName: string): Promise<InMemoryDynamoDb> {
  const store = await startEmbeddedDynamoDb();
  const client = new DynamoDBClient({
    endpoint: store.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  await ensureTable(client, tableName);
  return {
    client,
    async close() {
      client.destroy();
      await store.close();
    },
  };
}
