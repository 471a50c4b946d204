import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import table from "../../../src/adapters/dynamodb-table.json" with { type: "json" };
import { createIdempotencyKeyEntity, createNoteEntity } from "../../../src/adapters/notes-entities.ts";
import { notesTableDefinition, timeToLiveAttribute } from "../../../src/adapters/table-definition.ts";

const client = new DynamoDBClient({ region: "us-east-1" });
const noteEntity = createNoteEntity({ client, tableName: "t" });
const idempotencyKeyEntity = createIdempotencyKeyEntity({ client, tableName: "t" });
const entities = [noteEntity, idempotencyKeyEntity];

describe("notes table definition", () => {
  it("names the table it is given and bills per request", () => {
    const definition = notesTableDefinition("my-notes");

    expect(definition.TableName).toBe("my-notes");
    expect(definition.BillingMode).toBe("PAY_PER_REQUEST");
  });

  it("keys the table by string pk and sk from dynamodb-table.json", () => {
    const definition = notesTableDefinition("t");

    expect(definition.KeySchema).toEqual([
      { AttributeName: table.partitionKey, KeyType: "HASH" },
      { AttributeName: table.sortKey, KeyType: "RANGE" },
    ]);
    expect(definition.AttributeDefinitions).toEqual([
      { AttributeName: table.partitionKey, AttributeType: "S" },
      { AttributeName: table.sortKey, AttributeType: "S" },
    ]);
    expect(definition.GlobalSecondaryIndexes).toBeUndefined();
  });

  it("has exactly the key fields the entities write", () => {
    const definition = notesTableDefinition("t");
    const keyFields = definition.KeySchema?.map((key) => key.AttributeName);

    for (const entity of entities) {
      const indexes = Object.values(entity.schema.indexes) as {
        pk: { field: string };
        sk: { field: string };
      }[];
      expect(indexes.map((index) => [index.pk.field, index.sk.field])).toEqual([keyFields]);
    }
  });

  it("names the TTL attribute the idempotency records carry", () => {
    const { expiresAt } = idempotencyKeyEntity.schema.attributes as Record<string, { field?: string }>;

    expect(timeToLiveAttribute).toBe(table.timeToLiveAttribute);
    expect(expiresAt?.field).toBe(timeToLiveAttribute);
  });
});
