import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
} from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createDynamoDbStores } from "../../../src/adapters/dynamodb-stores.ts";
import { createPagingCursorCodec } from "../../../src/adapters/paging-cursor.ts";
import {
  AlreadyExistsError,
  type IdempotencyRecord,
  InvalidCursorError,
  type Note,
  NotFoundError,
  ThrottledError,
  VersionConflictError,
} from "../../../src/domain/index.ts";

const TABLE = "notes-test";
const SECRET = "unit test secret";
const NOTE_ID = "01JABCDEFGHJKMNPQRSTVWXYZ0";
const OTHER_ID = "01JABCDEFGHJKMNPQRSTVWXYZ1";

const client = new DynamoDBClient({
  region: "us-east-1",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
const ddb = mockClient(client);
const stores = createDynamoDbStores({ client, tableName: TABLE, cursorSecret: SECRET });

beforeEach(() => {
  ddb.reset();
});

const note: Note = {
  owner: "alice",
  noteId: NOTE_ID,
  title: "buy oat milk",
  content: "2L, organic",
  createdAt: 1_700_000_000,
  updatedAt: 1_700_000_000,
  version: 1,
};

/** The item as ElectroDB stores the note above. */
function noteItem(overrides: Partial<Note> = {}) {
  const fields = { ...note, ...overrides };
  return {
    ...fields,
    pk: `$notes#owner_${fields.owner}`,
    sk: `$note_1#noteId_${fields.noteId}`,
    __edb_e__: "note",
    __edb_v__: "1",
  };
}

function conditionFailed() {
  return new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} });
}

const throttlingErrors = [
  () =>
    new ProvisionedThroughputExceededException({
      message: "The level of configured provisioned throughput",
      $metadata: {},
    }),
  () =>
    new ThrottlingException({ message: "Rate of requests exceeds the allowed throughput.", $metadata: {} }),
  () =>
    new RequestLimitExceeded({ message: "Throughput exceeds the current throughput limit", $metadata: {} }),
];

function onlyInput<T extends object>(calls: { args: [{ input: T }] }[]): T {
  expect(calls).toHaveLength(1);
  return (calls[0] as { args: [{ input: T }] }).args[0].input;
}

describe("repository.create", () => {
  it("puts the note under its owner's partition only if the key is free", async () => {
    ddb.on(PutCommand).resolves({});

    await stores.repository.create(note);

    const input = onlyInput(ddb.commandCalls(PutCommand));
    expect(input.TableName).toBe(TABLE);
    expect(input.Item).toEqual(noteItem());
    expect(input.ConditionExpression).toBe("attribute_not_exists(#pk) AND attribute_not_exists(#sk)");
    expect(input.ExpressionAttributeNames).toEqual({ "#pk": "pk", "#sk": "sk" });
  });

  it("answers AlreadyExistsError when the conditional put fails and the note is gone by the read", async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({});

    await expect(stores.repository.create(note)).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it("answers AlreadyExistsError when the id holds a different note", async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: noteItem({ title: "someone else's" }) });

    await expect(stores.repository.create(note)).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it("succeeds when a retried put finds the very note it wrote (the first attempt landed)", async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: noteItem() });

    await expect(stores.repository.create(note)).resolves.toBeUndefined();
    expect(onlyInput(ddb.commandCalls(GetCommand))).toMatchObject({ ConsistentRead: true });
  });

  it("escapes key delimiters in the owner, and keeps the owner's case", async () => {
    ddb.on(PutCommand).resolves({});

    await stores.repository.create({ ...note, owner: "Eve#key_X$1%" });

    const input = onlyInput(ddb.commandCalls(PutCommand));
    expect(input.Item?.pk).toBe("$notes#owner_Eve%23key%5FX%241%25");
  });
});

describe("repository.get", () => {
  it("reads the note strongly consistently by owner and id", async () => {
    ddb.on(GetCommand).resolves({ Item: noteItem() });

    const found = await stores.repository.get("alice", NOTE_ID);

    expect(found).toEqual(note);
    const input = onlyInput(ddb.commandCalls(GetCommand));
    expect(input).toMatchObject({
      TableName: TABLE,
      Key: { pk: "$notes#owner_alice", sk: `$note_1#noteId_${NOTE_ID}` },
      ConsistentRead: true,
    });
  });

  it("answers undefined when there is no such note", async () => {
    ddb.on(GetCommand).resolves({});

    expect(await stores.repository.get("alice", NOTE_ID)).toBeUndefined();
  });

  it("decodes an escaped owner back to what it was", async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { ...noteItem(), owner: "a%23b%5Fc", pk: "$notes#owner_a%23b%5Fc" } });

    expect((await stores.repository.get("a#b_c", NOTE_ID))?.owner).toBe("a#b_c");
  });
});

describe("repository.list", () => {
  const cursors = createPagingCursorCodec(SECRET);

  it("queries the owner's partition newest first, strongly consistently, one item more than the page", async () => {
    ddb.on(QueryCommand).resolves({ Items: [noteItem()] });

    const page = await stores.repository.list("alice", { limit: 20 });

    expect(page).toEqual({ items: [note], nextCursor: null });
    const input = onlyInput(ddb.commandCalls(QueryCommand));
    expect(input).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: "#pk = :pk and begins_with(#sk1, :sk1)",
      ExpressionAttributeValues: { ":pk": "$notes#owner_alice", ":sk1": "$note_1#noteId_" },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: 21,
    });
    expect(input.ExclusiveStartKey).toBeUndefined();
    expect(input.FilterExpression).toBeUndefined();
  });

  it("hands out a cursor after the last item of a full page when one more note exists", async () => {
    ddb.on(QueryCommand).resolves({
      Items: [noteItem({ noteId: OTHER_ID }), noteItem()],
      LastEvaluatedKey: { pk: "$notes#owner_alice", sk: `$note_1#noteId_${NOTE_ID}` },
    });

    const page = await stores.repository.list("alice", { limit: 1 });

    expect(page.items.map((item) => item.noteId)).toEqual([OTHER_ID]);
    expect(page.nextCursor).not.toBeNull();
    expect(cursors.decode("alice", page.nextCursor as string)).toBe(OTHER_ID);
  });

  it("hands out no cursor when the page holds everything, even if DynamoDB had more to look at", async () => {
    ddb.on(QueryCommand).resolves({ Items: [noteItem()] });

    const page = await stores.repository.list("alice", { limit: 1 });

    expect(page.nextCursor).toBeNull();
  });

  it("resumes after the cursor's note, in the caller's own partition", async () => {
    ddb.on(QueryCommand).resolves({ Items: [noteItem()] });

    await stores.repository.list("alice", { limit: 5, cursor: cursors.encode("alice", OTHER_ID) });

    const input = onlyInput(ddb.commandCalls(QueryCommand));
    expect(input.ExclusiveStartKey).toEqual({ pk: "$notes#owner_alice", sk: `$note_1#noteId_${OTHER_ID}` });
    expect(input.ExpressionAttributeValues).toMatchObject({ ":pk": "$notes#owner_alice" });
  });

  it("keeps querying when DynamoDB stops a page early, until one more than the page is found", async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [noteItem({ noteId: OTHER_ID })],
        LastEvaluatedKey: { pk: "$notes#owner_alice", sk: `$note_1#noteId_${OTHER_ID}` },
      })
      .resolvesOnce({ Items: [noteItem()] });

    const page = await stores.repository.list("alice", { limit: 1 });

    expect(page.items.map((item) => item.noteId)).toEqual([OTHER_ID]);
    expect(page.nextCursor).not.toBeNull();
    const calls = ddb.commandCalls(QueryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.ExclusiveStartKey).toEqual({
      pk: "$notes#owner_alice",
      sk: `$note_1#noteId_${OTHER_ID}`,
    });
  });

  it("refuses another owner's cursor without asking DynamoDB", async () => {
    const bobsCursor = cursors.encode("bob", OTHER_ID);

    await expect(stores.repository.list("alice", { limit: 5, cursor: bobsCursor })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it("refuses a tampered cursor without asking DynamoDB", async () => {
    const [, mac] = cursors.encode("alice", OTHER_ID).split(".");
    const forged = `${Buffer.from(JSON.stringify({ v: 1, after: NOTE_ID })).toString("base64url")}.${mac}`;

    await expect(stores.repository.list("alice", { limit: 5, cursor: forged })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it("refuses a cursor signed with another secret", async () => {
    const foreign = createPagingCursorCodec("another secret").encode("alice", OTHER_ID);

    await expect(stores.repository.list("alice", { limit: 5, cursor: foreign })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it("answers InvalidCursorError when DynamoDB refuses the start key of a cursor", async () => {
    ddb
      .on(QueryCommand)
      .rejects(
        Object.assign(new Error("The provided starting key is invalid"), { name: "ValidationException" }),
      );

    await expect(
      stores.repository.list("alice", { limit: 5, cursor: cursors.encode("alice", OTHER_ID) }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("lets a ValidationException without a cursor through unchanged", async () => {
    const failure = Object.assign(new Error("something else is invalid"), { name: "ValidationException" });
    ddb.on(QueryCommand).rejects(failure);

    await expect(stores.repository.list("alice", { limit: 5 })).rejects.toBe(failure);
  });
});

describe("repository.update", () => {
  it("patches the given fields, adds 1 to the version and returns the whole new note", async () => {
    ddb
      .on(UpdateCommand)
      .resolves({ Attributes: noteItem({ title: "new", updatedAt: 1_700_000_100, version: 2 }) });

    const updated = await stores.repository.update("alice", NOTE_ID, {
      title: "new",
      updatedAt: 1_700_000_100,
    });

    expect(updated).toEqual({ ...note, title: "new", updatedAt: 1_700_000_100, version: 2 });
    const input = onlyInput(ddb.commandCalls(UpdateCommand));
    expect(input.Key).toEqual({ pk: "$notes#owner_alice", sk: `$note_1#noteId_${NOTE_ID}` });
    expect(input.ConditionExpression).toBe("attribute_exists(#pk) AND attribute_exists(#sk)");
    expect(input.UpdateExpression).toMatch(
      /^SET #title = :title_u0, #updatedAt = :updatedAt_u0, .* ADD #version :version_u0$/,
    );
    expect(input.UpdateExpression).not.toContain("#content");
    expect(input.ExpressionAttributeValues).toMatchObject({
      ":title_u0": "new",
      ":updatedAt_u0": 1_700_000_100,
      ":version_u0": 1,
    });
    expect(input.ReturnValues).toBe("ALL_NEW");
  });

  it("checks the expected version in the same write", async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: noteItem({ version: 4 }) });

    await stores.repository.update("alice", NOTE_ID, { content: "x", updatedAt: 5 }, 3);

    const input = onlyInput(ddb.commandCalls(UpdateCommand));
    expect(input.ConditionExpression).toBe(
      "attribute_exists(#pk) AND attribute_exists(#sk) AND #version = :version0",
    );
    expect(input.ExpressionAttributeValues).toMatchObject({ ":version0": 3 });
  });

  it("answers NotFoundError when a blind update finds no note, without another read", async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());

    await expect(
      stores.repository.update("alice", NOTE_ID, { title: "x", updatedAt: 5 }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it("answers NotFoundError when a versioned update fails and a consistent read finds no note", async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({});

    await expect(
      stores.repository.update("alice", NOTE_ID, { title: "x", updatedAt: 5 }, 1),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(onlyInput(ddb.commandCalls(GetCommand))).toMatchObject({ ConsistentRead: true });
  });

  it("answers VersionConflictError when a versioned update fails and the note exists", async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: noteItem({ version: 2 }) });

    await expect(
      stores.repository.update("alice", NOTE_ID, { title: "x", updatedAt: 5 }, 1),
    ).rejects.toBeInstanceOf(VersionConflictError);
  });
});

describe("repository.delete", () => {
  it("removes the note only if it exists", async () => {
    ddb.on(DeleteCommand).resolves({});

    await stores.repository.delete("alice", NOTE_ID);

    const input = onlyInput(ddb.commandCalls(DeleteCommand));
    expect(input).toMatchObject({
      TableName: TABLE,
      Key: { pk: "$notes#owner_alice", sk: `$note_1#noteId_${NOTE_ID}` },
      ConditionExpression: "attribute_exists(#pk) AND attribute_exists(#sk)",
    });
  });

  it("checks the expected version in the same delete", async () => {
    ddb.on(DeleteCommand).resolves({});

    await stores.repository.delete("alice", NOTE_ID, 2);

    const input = onlyInput(ddb.commandCalls(DeleteCommand));
    expect(input.ConditionExpression).toBe(
      "attribute_exists(#pk) AND attribute_exists(#sk) AND #version = :version0",
    );
    expect(input.ExpressionAttributeValues).toEqual({ ":version0": 2 });
  });

  it("answers NotFoundError when there is no note to delete", async () => {
    ddb.on(DeleteCommand).rejects(conditionFailed());

    await expect(stores.repository.delete("alice", NOTE_ID)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers NotFoundError when a versioned delete finds no note", async () => {
    ddb.on(DeleteCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({});

    await expect(stores.repository.delete("alice", NOTE_ID, 2)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers VersionConflictError when a versioned delete finds another version", async () => {
    ddb.on(DeleteCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: noteItem({ version: 3 }) });

    await expect(stores.repository.delete("alice", NOTE_ID, 2)).rejects.toBeInstanceOf(VersionConflictError);
  });
});

describe("idempotency store", () => {
  const now = 1_700_000_000;
  const claim: IdempotencyRecord = {
    owner: "alice",
    key: "retry-1",
    fingerprint: '["buy oat milk","2L, organic"]',
    noteId: NOTE_ID,
    claimedAt: now,
    expiresAt: now + 86_400,
  };
  const recordItem = {
    owner: "alice",
    key: "retry-1",
    fingerprint: claim.fingerprint,
    noteId: NOTE_ID,
    claimedAt: now,
    expires_at: now + 86_400,
    pk: "$notes_idempotency#owner_alice#key_retry-1",
    sk: "$idempotencyKey_1",
    __edb_e__: "idempotencyKey",
    __edb_v__: "1",
  };

  it("claims a key with one put that succeeds when no live record holds it", async () => {
    ddb.on(PutCommand).resolves({});

    expect(await stores.idempotency.claim(claim, now)).toBeUndefined();

    const input = onlyInput(ddb.commandCalls(PutCommand));
    expect(input.Item).toEqual(recordItem);
    expect(input.ConditionExpression).toBe("attribute_not_exists(#expiresAt) OR #expiresAt < :expiresAt0");
    expect(input.ExpressionAttributeNames).toEqual({ "#expiresAt": "expires_at" });
    expect(input.ExpressionAttributeValues).toEqual({ ":expiresAt0": now });
  });

  it("keeps an owner and key with delimiters out of each other's partitions", async () => {
    ddb.on(PutCommand).resolves({});

    await stores.idempotency.claim({ ...claim, owner: "alice#key_x", key: "y" }, now);
    await stores.idempotency.claim({ ...claim, owner: "alice", key: "x#key_y" }, now);

    const [first, second] = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.pk);
    expect(first).toBe("$notes_idempotency#owner_alice%23key%5Fx#key_y");
    expect(second).toBe("$notes_idempotency#owner_alice#key_x%23key%5Fy");
  });

  it("returns the live record that holds the key, read consistently", async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { ...recordItem, fingerprint: "other" } });

    const holder = await stores.idempotency.claim(claim, now + 5);

    expect(holder).toEqual({ ...claim, fingerprint: "other" });
    expect(onlyInput(ddb.commandCalls(GetCommand))).toMatchObject({
      Key: { pk: "$notes_idempotency#owner_alice#key_retry-1", sk: "$idempotencyKey_1" },
      ConsistentRead: true,
    });
  });

  it("returns the holder's completed note with the holder's owner", async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    const { owner: _owner, ...snapshot } = note;
    ddb.on(GetCommand).resolves({ Item: { ...recordItem, note: snapshot } });

    expect(await stores.idempotency.claim(claim, now)).toEqual({ ...claim, note });
  });

  it("claims again when the holder vanished between the put and the read", async () => {
    ddb.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    ddb.on(GetCommand).resolves({});

    expect(await stores.idempotency.claim(claim, now)).toBeUndefined();
    expect(ddb.commandCalls(PutCommand)).toHaveLength(2);
  });

  it("claims again when the holder it lost to turns out to have expired", async () => {
    ddb.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    ddb.on(GetCommand).resolves({ Item: { ...recordItem, expires_at: now - 1 } });

    expect(await stores.idempotency.claim(claim, now)).toBeUndefined();
    expect(ddb.commandCalls(PutCommand)).toHaveLength(2);
  });

  it("still returns a holder whose record expires this very second", async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { ...recordItem, expires_at: now } });

    expect(await stores.idempotency.claim(claim, now)).toEqual({ ...claim, expiresAt: now });
  });

  it("gives up after three lost claims whose holders keep vanishing", async () => {
    ddb.on(PutCommand).callsFake(() => Promise.reject(conditionFailed()));
    ddb.on(GetCommand).resolves({});

    await expect(stores.idempotency.claim(claim, now)).rejects.toThrow("could not claim the idempotency key");
    expect(ddb.commandCalls(PutCommand)).toHaveLength(3);
  });

  it("records the created note on the record that reserved its id", async () => {
    ddb.on(UpdateCommand).resolves({});

    await stores.idempotency.complete("alice", "retry-1", note);

    const input = onlyInput(ddb.commandCalls(UpdateCommand));
    const { owner: _owner, ...snapshot } = note;
    expect(input.Key).toEqual({ pk: "$notes_idempotency#owner_alice#key_retry-1", sk: "$idempotencyKey_1" });
    expect(input.ConditionExpression).toBe(
      "attribute_exists(#pk) AND attribute_exists(#sk) AND #noteId = :noteId0",
    );
    expect(input.ExpressionAttributeValues).toMatchObject({ ":noteId0": NOTE_ID, ":note_u0": snapshot });
  });

  it("fails loudly when the record no longer reserves the note", async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());

    await expect(stores.idempotency.complete("alice", "retry-1", note)).rejects.toThrow(
      "the idempotency record no longer reserves this note",
    );
  });
});

describe("DynamoDB failures", () => {
  const operations = {
    "repository.create": () => stores.repository.create(note),
    "repository.get": () => stores.repository.get("alice", NOTE_ID),
    "repository.list": () => stores.repository.list("alice", { limit: 5 }),
    "repository.update": () => stores.repository.update("alice", NOTE_ID, { title: "x", updatedAt: 5 }, 1),
    "repository.delete": () => stores.repository.delete("alice", NOTE_ID, 1),
    "idempotency.claim": () =>
      stores.idempotency.claim(
        { owner: "alice", key: "k", fingerprint: "f", noteId: NOTE_ID, claimedAt: 1, expiresAt: 2 },
        1,
      ),
    "idempotency.complete": () => stores.idempotency.complete("alice", "k", note),
  };

  function failEveryCommand(error: () => Error) {
    ddb.onAnyCommand().callsFake(() => Promise.reject(error()));
  }

  for (const [name, operation] of Object.entries(operations)) {
    for (const makeError of throttlingErrors) {
      const errorName = makeError().name;
      it(`${name} answers ThrottledError, keeping the cause, when DynamoDB throws ${errorName}`, async () => {
        failEveryCommand(makeError);

        const failure = await operation().then(
          () => undefined,
          (error: unknown) => error,
        );

        expect(failure).toBeInstanceOf(ThrottledError);
        expect((failure as ThrottledError).retryAfterSeconds).toBeGreaterThan(0);
        expect(((failure as ThrottledError).cause as Error).name).toBe(errorName);
      });
    }

    it(`${name} lets an unknown DynamoDB error through unchanged`, async () => {
      const unknown = new ResourceNotFoundException({
        message: "Requested resource not found",
        $metadata: {},
      });
      failEveryCommand(() => unknown);

      await expect(operation()).rejects.toBe(unknown);
    });
  }

  it("translates a throttled consistent read made to classify a failed versioned update", async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).rejects(throttlingErrors[0]?.());

    await expect(
      stores.repository.update("alice", NOTE_ID, { title: "x", updatedAt: 5 }, 1),
    ).rejects.toBeInstanceOf(ThrottledError);
  });
});
