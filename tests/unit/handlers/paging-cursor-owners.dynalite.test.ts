/**
 * Paging cursors cannot be forged to read outside the caller's partition, end to end: the Lambda entry's
 * handler (createHandler) over the real adapter against dynalite, with owners from a JWT authorizer
 * (payload 2.0), and a CURSOR_SECRET configured.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPagingCursorCodec, DEVELOPMENT_CURSOR_SECRET } from "../../../src/adapters/paging-cursor.ts";
import type { NotesHandler } from "../../../src/handlers/app.ts";
import { readConfig } from "../../../src/handlers/config.ts";
import { createHandler } from "../../../src/handlers/index.ts";
import { httpApiEvent, lambdaContext } from "../../support/events.ts";
import { type InMemoryDynamoDb, startInMemoryDynamoDb } from "../../support/in-memory-dynamodb.ts";
import { capturingLogger } from "./app-harness.ts";

const TABLE = "notes-cursor-owners";
const ALICE = "user-alice";
const BOB = "user-bob";

let store: InMemoryDynamoDb;
let client: DynamoDBClient;
let handler: NotesHandler;
/** Alice's notes, newest first. */
let aliceIds: string[];
let bobIds: string[];

interface Page {
  items: { note_id: string }[];
  next_cursor: string | null;
}

interface Answer {
  status: number;
  json: unknown;
}

async function send(owner: string, spec: Parameters<typeof httpApiEvent>[0]): Promise<Answer> {
  const event = httpApiEvent({ ...spec, authorizer: { jwt: { claims: { sub: owner }, scopes: null } } });
  const result = await handler(event, lambdaContext());
  return { status: result.statusCode, json: result.body === "" ? undefined : JSON.parse(result.body) };
}

const list = (owner: string, query: Record<string, string>) =>
  send(owner, { method: "GET", resource: "/notes", query });

async function create(owner: string, title: string): Promise<string> {
  const answer = await send(owner, { method: "POST", resource: "/notes", body: { title } });
  expect(answer.status).toBe(201);
  return (answer.json as { note_id: string }).note_id;
}

/** The first page of `owner`'s notes with `limit` items, and the cursor to the next. */
async function firstPage(owner: string, limit: number): Promise<{ page: Page; cursor: string }> {
  const answer = await list(owner, { limit: String(limit) });
  expect(answer.status).toBe(200);
  const page = answer.json as Page;
  expect(page.next_cursor).toBeTypeOf("string");
  return { page, cursor: page.next_cursor as string };
}

function expectRefusedCursor(answer: Answer): void {
  expect(answer.status).toBe(400);
  const body = answer.json as { error: string; details?: { field: string }[] };
  expect(body.details?.map((detail) => detail.field)).toEqual(["cursor"]);
}

beforeAll(async () => {
  store = await startInMemoryDynamoDb(TABLE);
  client = store.client;
  handler = createHandler(readConfig({ TABLE_NAME: TABLE, CURSOR_SECRET: "a secret of this deployment" }), {
    client,
    logger: capturingLogger(),
  });
  // One at a time, so the ids (ULIDs) are in creation order: Bob's notes first, all older than Alice's.
  bobIds = [];
  for (const title of ["b1", "b2", "b3"]) bobIds.unshift(await create(BOB, title));
  aliceIds = [];
  for (const title of ["a1", "a2", "a3", "a4"]) aliceIds.unshift(await create(ALICE, title));
});

afterAll(() => store.close());

describe("paging cursors across owners", () => {
  test("lets the owner a cursor was issued to follow it to the rest of their notes", async () => {
    const { page, cursor } = await firstPage(ALICE, 2);

    const next = await list(ALICE, { limit: "10", cursor });

    expect(next.status).toBe(200);
    const ids = [...page.items, ...(next.json as Page).items].map((note) => note.note_id);
    expect(ids).toEqual(aliceIds);
  });

  test("refuses another owner's cursor with 400 naming cursor, and never shows that owner's notes", async () => {
    const { cursor } = await firstPage(ALICE, 2);

    const answer = await list(BOB, { limit: "10", cursor });

    expectRefusedCursor(answer);
    const own = (await list(BOB, { limit: "100" })).json as Page;
    expect(own.items.map((note) => note.note_id)).toEqual(bobIds);
  });

  test("refuses a cursor whose payload was edited to resume elsewhere", async () => {
    const { cursor } = await firstPage(ALICE, 2);
    const [payload = "", mac = ""] = cursor.split(".");
    const decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { after: string };
    expect(decoded.after).toBe(aliceIds[1]);
    // Resume after Alice's newest note instead: it would show a note the real cursor skips.
    const edited = Buffer.from(JSON.stringify({ ...decoded, after: aliceIds[0] })).toString("base64url");

    const answer = await list(ALICE, { limit: "10", cursor: `${edited}.${mac}` });

    expectRefusedCursor(answer);
  });

  test("refuses a cursor signed with the public development key when a CURSOR_SECRET is configured", async () => {
    const forged = createPagingCursorCodec(DEVELOPMENT_CURSOR_SECRET).encode(ALICE, aliceIds[1] as string);

    const answer = await list(ALICE, { limit: "10", cursor: forged });

    expectRefusedCursor(answer);
  });

  test("keeps a caller in their own partition even with a valid cursor naming another owner's note", async () => {
    // Without a CURSOR_SECRET anyone can sign cursors with the public development key; the partition still
    // comes from the caller's principal, so the forged position only moves within Bob's own notes.
    const withDevelopmentKey = createHandler(readConfig({ TABLE_NAME: TABLE }), {
      client,
      logger: capturingLogger(),
    });
    const forged = createPagingCursorCodec(DEVELOPMENT_CURSOR_SECRET).encode(BOB, aliceIds[0] as string);
    const event = httpApiEvent({
      method: "GET",
      resource: "/notes",
      query: { limit: "100", cursor: forged },
      authorizer: { jwt: { claims: { sub: BOB }, scopes: null } },
    });

    const result = await withDevelopmentKey(event, lambdaContext());

    expect(result.statusCode).toBe(200);
    const ids = (JSON.parse(result.body) as Page).items.map((note) => note.note_id);
    // Resuming after Alice's newest note would list all of hers in her partition; in Bob's it lists his.
    expect(ids).toEqual(bobIds);
  });
});
