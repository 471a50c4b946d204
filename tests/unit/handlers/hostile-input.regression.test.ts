/**
 * Input classes that answered 5xx (or stored text that is not Unicode) before the service refused them, pinned
 * one example each, through the real handler, service and DynamoDB adapter over dynalite in memory: the
 * store that actually refused them. The property tests search the same space at random.
 */
import { type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createDynamoDbStores } from "../../../src/adapters/dynamodb-stores.ts";
import { createUlidIdGenerator } from "../../../src/adapters/ulid-id-generator.ts";
import { createNotesService } from "../../../src/domain/index.ts";
import { createApp } from "../../../src/handlers/app.ts";
import { httpApiEvent, lambdaContext, type RequestSpec } from "../../support/events.ts";
import { type InMemoryDynamoDb, startInMemoryDynamoDb } from "../../support/in-memory-dynamodb.ts";
import { TestClock } from "../../support/in-memory-stores.ts";
import { capturingLogger } from "./app-harness.ts";

const TABLE = "hostile-input-regression";

let store: InMemoryDynamoDb;
let client: DynamoDBClient;
const logger = capturingLogger();
let handler: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await startInMemoryDynamoDb(TABLE);
  client = store.client;
  const stores = createDynamoDbStores({ client, tableName: TABLE, cursorSecret: "test secret" });
  const service = createNotesService({ ...stores, clock: new TestClock(), ids: createUlidIdGenerator() });
  handler = createApp(service, { logger });
});

afterAll(() => store.close());

// None of these is unexpected: an error logged as one means a request reached DynamoDB and failed there.
afterEach(() => {
  const errors = logger.lines.filter((line) => line.level === "error");
  logger.lines.length = 0;
  expect(errors).toEqual([]);
});

async function send(spec: RequestSpec) {
  const result = await handler(httpApiEvent(spec), lambdaContext());
  return { status: result.statusCode, body: result.body };
}

async function itemCount(): Promise<number> {
  const { Count } = await client.send(new ScanCommand({ TableName: TABLE, Select: "COUNT" }));
  return Count ?? 0;
}

const asPrincipal = (sub: string) => ({ authorizer: { jwt: { claims: { sub } } } });
const OWNER_REFUSED = {
  error: "invalid request",
  details: [
    {
      field: "owner",
      message: "the authenticated principal must be 1 to 255 characters of valid Unicode text",
    },
  ],
};
const A_NOTE_ID = "01J00000000000000000000001";

describe("input that DynamoDB would refuse is a 400 before any write", () => {
  // Before: 500 {"error":"internal error"}, DynamoDB ValidationException "Size of hashkey has exceeded the
  // maximum size limit of 2048 bytes" (escaping "_" as "%5F" tripled 700 bytes to 2,100).
  test.each([
    ["POST /notes, a 700-character principal of key delimiters", "_".repeat(700), "POST"],
    ["POST /notes, a 2,100-character principal", "x".repeat(2100), "POST"],
    ["GET /notes/{id}, a 700-character principal of key delimiters", "_".repeat(700), "GET"],
    ["PATCH /notes/{id}, a 700-character principal of key delimiters", "_".repeat(700), "PATCH"],
    ["DELETE /notes/{id}, a 700-character principal of key delimiters", "_".repeat(700), "DELETE"],
    ["POST /notes, a principal that is not well-formed Unicode", "alice\ud800", "POST"],
  ])("%s answers 400 naming the owner", async (_, principal, method) => {
    const before = await itemCount();

    const answer = await send({
      method,
      resource: method === "POST" ? "/notes" : "/notes/{id}",
      pathParameters: { id: A_NOTE_ID },
      ...(method === "POST" || method === "PATCH" ? { body: { title: "t" } } : {}),
      ...asPrincipal(principal),
    });

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual(OWNER_REFUSED);
    expect(await itemCount()).toBe(before);
  });

  // Before: 500, the idempotency partition key holds owner and key together: 500 + 255 "_", escaped, is
  // 2,265 bytes.
  test("POST with a 255-character Idempotency-Key and a 500-character principal answers 400, writing nothing", async () => {
    const before = await itemCount();

    const answer = await send({
      method: "POST",
      resource: "/notes",
      body: { title: "t" },
      headers: { "Idempotency-Key": "_".repeat(255) },
      ...asPrincipal("_".repeat(500)),
    });

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual(OWNER_REFUSED);
    expect(await itemCount()).toBe(before);
  });

  test.each([
    ["255 emoji", "😀".repeat(255)],
    ["255 escaped delimiters", "%".repeat(255)],
  ])(
    "the largest principal accepted (%s) fits DynamoDB's keys even with the longest Idempotency-Key",
    async (_, principal) => {
      const created = await send({
        method: "POST",
        resource: "/notes",
        body: { title: "fits" },
        headers: { "Idempotency-Key": "#".repeat(255) },
        ...asPrincipal(principal),
      });
      const listed = await send({ method: "GET", resource: "/notes", ...asPrincipal(principal) });

      expect(created.status).toBe(201);
      expect(JSON.parse(listed.body).items).toEqual([JSON.parse(created.body)]);
    },
  );

  // Before: 201, and the text was stored though no UTF-8 store can hold it (dynalite and DynamoDB Local kept
  // the escape; what DynamoDB itself does with it is not specified).
  test.each([
    ["a title", { title: "a\ud800b" }, "title"],
    ["content", { title: "t", content: "\udfff" }, "content"],
  ])(
    "POST with %s that is not well-formed Unicode answers 400 naming it, writing nothing",
    async (_, body, field) => {
      const before = await itemCount();

      const answer = await send({
        method: "POST",
        resource: "/notes",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      });

      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).details).toEqual([
        { field, message: "must be valid Unicode text (it has an unpaired surrogate)" },
      ]);
      expect(await itemCount()).toBe(before);
    },
  );

  test("PATCH with content that is not well-formed Unicode answers 400 and leaves the note as it was", async () => {
    const created = await send({
      method: "POST",
      resource: "/notes",
      body: { title: "kept", content: "kept" },
    });
    const id = JSON.parse(created.body).note_id as string;

    const answer = await send({
      method: "PATCH",
      resource: "/notes/{id}",
      pathParameters: { id },
      body: '{"content":"x\\ud83d"}',
      headers: { "content-type": "application/json" },
    });
    const read = await send({ method: "GET", resource: "/notes/{id}", pathParameters: { id } });

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).details).toEqual([
      { field: "content", message: "must be valid Unicode text (it has an unpaired surrogate)" },
    ]);
    expect(read.body).toBe(created.body);
  });
});
