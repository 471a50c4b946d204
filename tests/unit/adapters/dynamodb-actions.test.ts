/**
 * The IAM policy grants exactly the actions in dynamodb-actions.json. This drives every adapter method down every
 * path (including the reads that classify failed writes) and checks that the DynamoDB operations the adapter
 * really sent are that list, no more and no less.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import actions from "../../../src/adapters/dynamodb-actions.json" with { type: "json" };
import { createDynamoDbStores } from "../../../src/adapters/dynamodb-stores.ts";
import type { Note } from "../../../src/domain/index.ts";

const NOTE_ID = "01JABCDEFGHJKMNPQRSTVWXYZ0";

/** `dynamodb:PutItem` for PutCommand (lib-dynamodb wraps PutItemCommand) and for PutItemCommand itself. */
function iamAction(command: object): string {
  const wrapped = (command as { clientCommand?: object }).clientCommand ?? command;
  return `dynamodb:${wrapped.constructor.name.replace(/Command$/, "")}`;
}

describe("dynamodb-actions.json", () => {
  it("lists exactly the DynamoDB actions the adapter calls", async () => {
    const client = new DynamoDBClient({
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    });
    const ddb = mockClient(client);
    const conditionFailed = () =>
      Promise.reject(new ConditionalCheckFailedException({ message: "failed", $metadata: {} }));
    const note: Note = {
      owner: "alice",
      noteId: NOTE_ID,
      title: "t",
      content: "",
      createdAt: 1,
      updatedAt: 1,
      version: 1,
    };
    const item = { ...note, __edb_e__: "note", __edb_v__: "1" };
    ddb.onAnyCommand().resolves({});
    ddb.on(QueryCommand).resolves({ Items: [item, { ...item, noteId: "01JABCDEFGHJKMNPQRSTVWXYZ1" }] });
    ddb.on(UpdateCommand).resolves({ Attributes: item });
    const { repository, idempotency } = createDynamoDbStores({ client, tableName: "t" });
    const claim = { owner: "alice", key: "k", fingerprint: "f", noteId: NOTE_ID, claimedAt: 1, expiresAt: 9 };

    await repository.create(note);
    await repository.get("alice", NOTE_ID);
    const { nextCursor } = await repository.list("alice", { limit: 1 });
    await repository.list("alice", { limit: 1, cursor: nextCursor ?? "" });
    await repository.update("alice", NOTE_ID, { title: "u", updatedAt: 2 }, 1);
    await repository.delete("alice", NOTE_ID, 2);
    await idempotency.claim(claim, 1);
    await idempotency.complete("alice", "k", note);
    ddb.on(PutCommand).callsFake(conditionFailed);
    ddb.on(UpdateCommand).callsFake(conditionFailed);
    ddb.on(DeleteCommand).callsFake(conditionFailed);
    ddb
      .on(GetCommand)
      .resolves({ Item: { ...claim, expires_at: 9, __edb_e__: "idempotencyKey", __edb_v__: "1" } });
    await expect(repository.create(note)).rejects.toThrow();
    await expect(repository.update("alice", NOTE_ID, { title: "u", updatedAt: 2 }, 1)).rejects.toThrow();
    await expect(repository.delete("alice", NOTE_ID, 2)).rejects.toThrow();
    await idempotency.claim(claim, 1);
    await expect(idempotency.complete("alice", "k", note)).rejects.toThrow();

    const sent = new Set(ddb.calls().map((call) => iamAction(call.args[0])));
    expect([...sent].sort()).toEqual([...actions].sort());
  });
});
