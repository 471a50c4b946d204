import { createRequire } from "node:module";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import {
  createIdempotencyKeyEntity,
  createNoteEntity,
  decodeKeyValue,
  encodeKeyValue,
} from "../../../src/adapters/notes-entities.ts";

const client = new DynamoDBClient({ region: "us-east-1" });
const notes = createNoteEntity({ client, tableName: "t" });
const idempotencyKeys = createIdempotencyKeyEntity({ client, tableName: "t" });

const awkwardValues = [
  "alice",
  "Alice",
  "a#b",
  "a_b",
  "a$b",
  "a%b",
  "%23",
  "%5F",
  "a#key_b",
  "$notes#owner_x",
  "#_$%",
  "ünïcødé 🗒️",
  "\ud800 lone surrogate",
  "",
];

function notesPartition(owner: string): string {
  const { Key } = notes.get({ owner: encodeKeyValue(owner), noteId: "N" }).params() as {
    Key: { pk: string };
  };
  return Key.pk;
}

function idempotencyPartition(owner: string, key: string): string {
  const { Key } = idempotencyKeys
    .get({ owner: encodeKeyValue(owner), key: encodeKeyValue(key) })
    .params() as {
    Key: { pk: string };
  };
  return Key.pk;
}

describe("key value escaping", () => {
  it.each(awkwardValues)("gives back %j after escaping and unescaping", (value) => {
    expect(decodeKeyValue(encodeKeyValue(value))).toBe(value);
  });

  it.each(awkwardValues)("leaves no ElectroDB delimiter in %j", (value) => {
    expect(encodeKeyValue(value)).not.toMatch(/[#_$]/);
  });

  it("leaves ULIDs and ordinary names as they are", () => {
    expect(encodeKeyValue("01JABCDEFGHJKMNPQRSTVWXYZ0")).toBe("01JABCDEFGHJKMNPQRSTVWXYZ0");
    expect(encodeKeyValue("Alice-Smith.42")).toBe("Alice-Smith.42");
  });

  it("maps distinct values to distinct escaped values", () => {
    const escaped = new Set(awkwardValues.map(encodeKeyValue));

    expect(escaped.size).toBe(awkwardValues.length);
  });
});

describe("partitions", () => {
  it("keeps the owner's case in the partition key", () => {
    expect(notesPartition("Alice")).toBe("$notes#owner_Alice");
    expect(notesPartition("alice")).toBe("$notes#owner_alice");
  });

  it("gives every owner a partition of their own", () => {
    const partitions = new Set(awkwardValues.map(notesPartition));

    expect(partitions.size).toBe(awkwardValues.length);
  });

  it("never names an idempotency partition with any owner", () => {
    const notePartitions = new Set(awkwardValues.map(notesPartition));
    const idempotencyPartitions = awkwardValues.flatMap((owner) =>
      awkwardValues.map((key) => idempotencyPartition(owner, key)),
    );

    expect(idempotencyPartitions.filter((pk) => notePartitions.has(pk))).toEqual([]);
    expect(new Set(idempotencyPartitions).size).toBe(awkwardValues.length ** 2);
  });

  it("lists notes with a sort key condition that only note items meet", () => {
    const params = notes.query.notesByOwner({ owner: "alice" }).params() as {
      ExpressionAttributeValues: Record<string, string>;
    };
    const { Key } = idempotencyKeys.get({ owner: "alice", key: "k" }).params() as { Key: { sk: string } };

    expect(params.ExpressionAttributeValues[":sk1"]).toBe("$note_1#noteId_");
    expect(Key.sk.startsWith("$note_1#noteId_")).toBe(false);
  });
});

describe("lib-dynamodb", () => {
  it("is one copy, so the commands ElectroDB sends are the ones tests stub", () => {
    const require = createRequire(import.meta.url);
    const fromElectroDb = createRequire(require.resolve("electrodb"));

    expect(fromElectroDb.resolve("@aws-sdk/lib-dynamodb")).toBe(require.resolve("@aws-sdk/lib-dynamodb"));
  });
});
