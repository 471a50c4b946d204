/**
 * The adapter against a real DynamoDB implementation: dynalite, in memory, in this process. The mocked unit
 * tests pin what is sent; these check that DynamoDB semantics (conditions, ADD, ordering, paging) do what the
 * adapter relies on.
 */
import { type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbStores, type DynamoDbStores } from "../../../src/adapters/dynamodb-stores.ts";
import { createUlidIdGenerator } from "../../../src/adapters/ulid-id-generator.ts";
import {
  AlreadyExistsError,
  type IdempotencyRecord,
  InvalidCursorError,
  type Note,
  NotFoundError,
  VersionConflictError,
} from "../../../src/domain/index.ts";
import { type InMemoryDynamoDb, startInMemoryDynamoDb } from "../../support/in-memory-dynamodb.ts";

const TABLE = "notes-dynalite-test";
const ids = createUlidIdGenerator();

let store: InMemoryDynamoDb;
let client: DynamoDBClient;
let stores: DynamoDbStores;

beforeAll(async () => {
  store = await startInMemoryDynamoDb(TABLE);
  client = store.client;
  stores = createDynamoDbStores({ client, tableName: TABLE, cursorSecret: "test secret" });
});

afterAll(() => store.close());

function aNote(owner: string, overrides: Partial<Note> = {}): Note {
  return {
    owner,
    noteId: ids.next(),
    title: "buy oat milk",
    content: "2L, organic",
    createdAt: 1_700_000_000,
    updatedAt: 1_700_000_000,
    version: 1,
    ...overrides,
  };
}

describe("notes repository on dynalite", () => {
  it("stores a note and reads it back exactly", async () => {
    const note = aNote("alice");

    await stores.repository.create(note);

    expect(await stores.repository.get("alice", note.noteId)).toEqual(note);
  });

  it("refuses to overwrite an existing note on create", async () => {
    const note = aNote("alice");
    await stores.repository.create(note);

    await expect(stores.repository.create({ ...note, title: "other" })).rejects.toBeInstanceOf(
      AlreadyExistsError,
    );
    expect((await stores.repository.get("alice", note.noteId))?.title).toBe("buy oat milk");
  });

  it("does not show one owner's note to another owner", async () => {
    const note = aNote("alice");
    await stores.repository.create(note);

    expect(await stores.repository.get("bob", note.noteId)).toBeUndefined();
  });

  it("updates only the given fields and counts the version up", async () => {
    const note = aNote("alice");
    await stores.repository.create(note);

    const updated = await stores.repository.update("alice", note.noteId, {
      title: "buy almond milk",
      updatedAt: 1_700_000_100,
    });

    expect(updated).toEqual({ ...note, title: "buy almond milk", updatedAt: 1_700_000_100, version: 2 });
    expect(await stores.repository.get("alice", note.noteId)).toEqual(updated);
  });

  it("updates when the expected version matches", async () => {
    const note = aNote("alice");
    await stores.repository.create(note);

    const updated = await stores.repository.update("alice", note.noteId, { content: "1L", updatedAt: 5 }, 1);

    expect(updated.version).toBe(2);
    expect(updated.content).toBe("1L");
  });

  it("refuses an update with a stale expected version and changes nothing", async () => {
    const note = aNote("alice");
    await stores.repository.create(note);
    await stores.repository.update("alice", note.noteId, { title: "second", updatedAt: 5 });

    await expect(
      stores.repository.update("alice", note.noteId, { title: "third", updatedAt: 6 }, 1),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect(await stores.repository.get("alice", note.noteId)).toMatchObject({ title: "second", version: 2 });
  });

  it("does not create a note by updating a missing one", async () => {
    const noteId = ids.next();

    await expect(
      stores.repository.update("alice", noteId, { title: "x", updatedAt: 5 }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      stores.repository.update("alice", noteId, { title: "x", updatedAt: 5 }, 1),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await stores.repository.get("alice", noteId)).toBeUndefined();
  });

  it("deletes a note, and a second delete finds nothing", async () => {
    const note = aNote("alice");
    await stores.repository.create(note);

    await stores.repository.delete("alice", note.noteId);

    expect(await stores.repository.get("alice", note.noteId)).toBeUndefined();
    await expect(stores.repository.delete("alice", note.noteId)).rejects.toBeInstanceOf(NotFoundError);
    expect(await stores.repository.get("alice", note.noteId)).toBeUndefined();
  });

  it("refuses a delete with a stale expected version and keeps the note", async () => {
    const note = aNote("alice");
    await stores.repository.create(note);

    await expect(stores.repository.delete("alice", note.noteId, 7)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(await stores.repository.get("alice", note.noteId)).toEqual(note);

    await stores.repository.delete("alice", note.noteId, 1);
    expect(await stores.repository.get("alice", note.noteId)).toBeUndefined();
  });

  it("lists 25 notes newest first, page by page, each exactly once, with no empty last page", async () => {
    const owner = "lister";
    const created: Note[] = [];
    for (let i = 0; i < 25; i++) {
      const note = aNote(owner, { title: `note ${i}` });
      await stores.repository.create(note);
      created.push(note);
    }

    const pages: Note[][] = [];
    let cursor: string | undefined;
    do {
      const page = await stores.repository.list(owner, { limit: 10, ...(cursor ? { cursor } : {}) });
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && pages.length < 10);

    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual([...created].reverse());
  });

  it("ends the listing with a null cursor when the last page is exactly full", async () => {
    const owner = "exact";
    for (let i = 0; i < 4; i++) await stores.repository.create(aNote(owner));

    const first = await stores.repository.list(owner, { limit: 2 });
    const second = await stores.repository.list(owner, { limit: 2, cursor: first.nextCursor ?? "" });

    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses another owner's cursor", async () => {
    const owner = "cursor-owner";
    for (let i = 0; i < 3; i++) await stores.repository.create(aNote(owner));
    const { nextCursor } = await stores.repository.list(owner, { limit: 1 });

    await expect(
      stores.repository.list("someone-else", { limit: 1, cursor: nextCursor ?? "" }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("keeps owners whose names contain key delimiters apart", async () => {
    const plain = aNote("eve");
    const tricky = aNote("eve#key_x$y%23");
    await stores.repository.create(plain);
    await stores.repository.create(tricky);

    const eve = await stores.repository.list("eve", { limit: 10 });
    const trickyList = await stores.repository.list("eve#key_x$y%23", { limit: 10 });

    expect(eve.items).toEqual([plain]);
    expect(trickyList.items).toEqual([tricky]);
  });
});

describe("idempotency store on dynalite", () => {
  const now = 1_700_000_000;

  function aClaim(owner: string, key: string, overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord {
    return {
      owner,
      key,
      fingerprint: '["t",""]',
      noteId: ids.next(),
      claimedAt: now,
      expiresAt: now + 86_400,
      ...overrides,
    };
  }

  it("claims a fresh key, then hands the holder to the next claimant", async () => {
    const first = aClaim("alice", "key-1");

    expect(await stores.idempotency.claim(first, now)).toBeUndefined();
    expect(await stores.idempotency.claim(aClaim("alice", "key-1"), now + 1)).toEqual(first);
  });

  it("replays the completed note to the next claimant", async () => {
    const claim = aClaim("alice", "key-2");
    await stores.idempotency.claim(claim, now);
    const note = aNote("alice", { noteId: claim.noteId });
    await stores.repository.create(note);

    await stores.idempotency.complete("alice", "key-2", note);

    expect(await stores.idempotency.claim(aClaim("alice", "key-2"), now + 1)).toEqual({ ...claim, note });
  });

  it("lets a new claim take over an expired record", async () => {
    await stores.idempotency.claim(aClaim("alice", "key-3", { expiresAt: now + 10 }), now);
    const later = aClaim("alice", "key-3", { claimedAt: now + 11, expiresAt: now + 11 + 86_400 });

    expect(await stores.idempotency.claim(later, now + 11)).toBeUndefined();
    expect(await stores.idempotency.claim(aClaim("alice", "key-3"), now + 12)).toEqual(later);
  });

  it("keeps the same key of two owners apart", async () => {
    await stores.idempotency.claim(aClaim("alice", "shared"), now);

    expect(await stores.idempotency.claim(aClaim("bob", "shared"), now)).toBeUndefined();
  });

  it("never shows idempotency records in a notes listing", async () => {
    const owner = "mixed";
    const note = aNote(owner);
    await stores.repository.create(note);
    await stores.idempotency.claim(aClaim(owner, "k"), now);
    await stores.idempotency.claim(aClaim(owner, "k#x"), now);

    const { items, nextCursor } = await stores.repository.list(owner, { limit: 100 });

    expect(items).toEqual([note]);
    expect(nextCursor).toBeNull();
  });

  it("stores plain items: the note's fields, the keys and ElectroDB's two identifiers", async () => {
    const owner = "plain-items";
    await stores.repository.create(aNote(owner));
    await stores.idempotency.claim(aClaim(owner, "k"), now);

    const { Items = [] } = await client.send(
      new ScanCommand({
        TableName: TABLE,
        FilterExpression: "#o = :o",
        ExpressionAttributeNames: { "#o": "owner" },
        ExpressionAttributeValues: { ":o": { S: owner } },
      }),
    );

    expect(Items.map((item) => Object.keys(item).sort())).toEqual(
      expect.arrayContaining([
        [
          "__edb_e__",
          "__edb_v__",
          "content",
          "createdAt",
          "noteId",
          "owner",
          "pk",
          "sk",
          "title",
          "updatedAt",
          "version",
        ],
        [
          "__edb_e__",
          "__edb_v__",
          "claimedAt",
          "expires_at",
          "fingerprint",
          "key",
          "noteId",
          "owner",
          "pk",
          "sk",
        ],
      ]),
    );
    expect(Items).toHaveLength(2);
  });
});
