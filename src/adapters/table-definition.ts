import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import table from "./dynamodb-table.json" with { type: "json" };

/** The attribute DynamoDB's TTL reads (epoch seconds); only idempotency records carry it. */
export const timeToLiveAttribute: string = table.timeToLiveAttribute;

/**
 * The notes table as the entities in notes-entities.ts need it: string partition and sort keys, no secondary
 * index (every access pattern is served by the table's own key), on-demand capacity. TTL on
 * {@link timeToLiveAttribute} is enabled separately (UpdateTimeToLive), after the table is ACTIVE.
 */
export function notesTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: table.partitionKey, AttributeType: "S" },
      { AttributeName: table.sortKey, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: table.partitionKey, KeyType: "HASH" },
      { AttributeName: table.sortKey, KeyType: "RANGE" },
    ],
  };
}
