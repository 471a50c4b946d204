import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Entity } from "electrodb";
import table from "./dynamodb-table.json" with { type: "json" };

/**
 * ElectroDB entities of the notes table (one table, two entities), after ElectroDB's own examples.
 *
 * Keys as stored (values are never lower-cased: `casing: "none"`):
 *
 * | entity          | pk                                          | sk                      |
 * |-----------------|---------------------------------------------|-------------------------|
 * | note            | `$notes#owner_<owner>`                      | `$note_1#noteId_<ulid>` |
 * | idempotencyKey  | `$notes_idempotency#owner_<owner>#key_<key>` | `$idempotencyKey_1`     |
 *
 * A note partition holds one owner's notes and nothing else, so listing is a Query of that partition,
 * newest first because ULIDs sort by time. Idempotency records are in partitions of their own, named with the
 * index `scope` ("idempotency"), so no owner string can name them and a notes Query never reaches them.
 *
 * Key-delimiter injection: ElectroDB joins key parts with `#`, `_` and `$`, so an owner such as
 * `alice#key_x` would otherwise read like two key parts. The adapter therefore passes owner, idempotency key and
 * note id through {@link encodeKeyValue} before they reach an entity (and decodes them on the way out): that
 * escapes `%`, `#`, `$` and `_` the way encodeURIComponent would (`%25`, `%23`, `%24`, `%5F`) and leaves every
 * other character alone. An escaped value never contains a delimiter, so it can only ever fill the one key part
 * it was given, and the mapping is reversible. Unlike encodeURIComponent itself it never throws (lone
 * surrogates pass through) and keeps ordinary ids readable in the table. ULID note ids are unchanged by it.
 */
export const SERVICE = "notes";

const KEY_VALUE_ESCAPES: Record<string, string> = { "%": "%25", "#": "%23", $: "%24", _: "%5F" };
const KEY_VALUE_UNESCAPES: Record<string, string> = { "%25": "%", "%23": "#", "%24": "$", "%5F": "_" };

/** Escapes ElectroDB's key delimiters (and the escape character) in a value that becomes part of a key. */
export function encodeKeyValue(value: string): string {
  return value.replace(/[%#$_]/g, (char) => KEY_VALUE_ESCAPES[char] ?? char);
}

/** Inverse of {@link encodeKeyValue}. */
export function decodeKeyValue(value: string): string {
  return value.replace(/%(?:25|23|24|5F)/g, (sequence) => KEY_VALUE_UNESCAPES[sequence] ?? sequence);
}

export interface NotesEntitiesConfig {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * ElectroDB accepts the v3 DynamoDBClient itself as `client` (anything with `send`) and sends it
 * `@aws-sdk/lib-dynamodb` commands (PutCommand, GetCommand, ...), which marshal on their own. So the client the
 * composition root built is used as is, and `mockClient(client)` from aws-sdk-client-mock sees every command.
 */
export function createNoteEntity({ client, tableName }: NotesEntitiesConfig) {
  return new Entity(
    {
      model: { entity: "note", version: "1", service: SERVICE },
      attributes: {
        owner: { type: "string", required: true, readOnly: true },
        noteId: { type: "string", required: true, readOnly: true },
        title: { type: "string", required: true },
        content: { type: "string", required: true },
        createdAt: { type: "number", required: true, readOnly: true },
        updatedAt: { type: "number", required: true },
        version: { type: "number", required: true },
      },
      indexes: {
        notesByOwner: {
          pk: { field: table.partitionKey, composite: ["owner"], casing: "none" },
          sk: { field: table.sortKey, composite: ["noteId"], casing: "none" },
        },
      },
    },
    { client, table: tableName },
  );
}

export function createIdempotencyKeyEntity({ client, tableName }: NotesEntitiesConfig) {
  return new Entity(
    {
      model: { entity: "idempotencyKey", version: "1", service: SERVICE },
      attributes: {
        owner: { type: "string", required: true, readOnly: true },
        key: { type: "string", required: true, readOnly: true },
        fingerprint: { type: "string", required: true },
        noteId: { type: "string", required: true },
        claimedAt: { type: "number", required: true },
        /** Epoch seconds; DynamoDB's TTL deletes the record some time after this. */
        expiresAt: { type: "number", required: true, field: table.timeToLiveAttribute },
        /** The note the key created (its owner is the record's), once the first request finished. */
        note: {
          type: "map",
          properties: {
            noteId: { type: "string", required: true },
            title: { type: "string", required: true },
            content: { type: "string", required: true },
            createdAt: { type: "number", required: true },
            updatedAt: { type: "number", required: true },
            version: { type: "number", required: true },
          },
        },
      },
      indexes: {
        idempotencyKeyByOwnerAndKey: {
          scope: "idempotency",
          pk: { field: table.partitionKey, composite: ["owner", "key"], casing: "none" },
          sk: { field: table.sortKey, composite: [], casing: "none" },
        },
      },
    },
    { client, table: tableName },
  );
}

/** Every entity of the table; the Lambda build checks each model with ElectroDB (scripts/entity-model-check.ts). */
export const ENTITY_FACTORIES = [createNoteEntity, createIdempotencyKeyEntity] as const;

export type NoteEntity = ReturnType<typeof createNoteEntity>;
export type IdempotencyKeyEntity = ReturnType<typeof createIdempotencyKeyEntity>;
