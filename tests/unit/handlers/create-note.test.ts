import { describe, expect, test } from "vitest";
import { NOTE_LIMITS } from "../../../src/domain/index.ts";
import { apiGatewayEvent } from "../../support/events.ts";
import { createTestApp, idOf, PAYLOAD_FORMATS } from "./app-harness.ts";

const JSON_TYPE = { "Content-Type": "application/json" };

describe.each(PAYLOAD_FORMATS)("POST /notes, payload %s", (format) => {
  test("answers 201 with the note in snake_case, its Location and ETag", async () => {
    const app = createTestApp(format);

    const answer = await app.create({ title: "buy oat milk", content: "2L, organic" });

    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({
      note_id: expect.any(String),
      title: "buy oat milk",
      content: "2L, organic",
      created_at: app.clock.nowSeconds(),
      updated_at: app.clock.nowSeconds(),
      version: 1,
    });
    expect(answer.headers).toMatchObject({
      "content-type": "application/json",
      location: `/notes/${idOf(answer)}`,
      etag: '"1"',
    });
  });

  test("sends times as JSON integers and never the owner", async () => {
    const app = createTestApp(format);

    const answer = await app.create({ title: "t" });

    expect(answer.body).toMatch(/"created_at":\d+,"updated_at":\d+,"version":1}$/);
    expect(answer.body).not.toContain("default");
    expect(Object.keys(answer.json as object)).not.toContain("owner");
  });

  test("stores the trimmed title and empty content for the default owner", async () => {
    const app = createTestApp(format);

    const answer = await app.create({ title: "  t  " });

    expect(app.repository.allNotes()).toEqual([
      expect.objectContaining({ owner: "default", noteId: idOf(answer), title: "t", content: "" }),
    ]);
  });

  test.each([
    ["no title", { content: "orphan" }],
    ["a blank title", { title: "   " }],
    ["an empty body object", {}],
  ])("answers exactly 'title is required' for %s", async (_, body) => {
    const app = createTestApp(format);

    const answer = await app.create(body);

    expect(answer.status).toBe(400);
    expect(answer.body).toBe('{"error":"title is required"}');
    expect(app.repository.allNotes()).toEqual([]);
  });

  test.each([
    ["a number title", { title: 123 }, "title", "must be string"],
    ["a boolean title", { title: true }, "title", "must be string"],
    ["a null title", { title: null }, "title", "must be string"],
    ["an array content", { title: "t", content: ["x"] }, "content", "must be string"],
    ["a number content", { title: "t", content: 1 }, "content", "must be string"],
  ])("does not coerce %s: 400 naming the field", async (_, body, field, message) => {
    const app = createTestApp(format);

    const answer = await app.create(body);

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: "invalid request body", details: [{ field, message }] });
    expect(app.repository.allNotes()).toEqual([]);
  });

  test.each(["note_id", "version", "owner", "titel", "created_at"])(
    "refuses the unknown field %s, naming it",
    async (field) => {
      const app = createTestApp(format);

      const answer = await app.create({ title: "t", [field]: "x" });

      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        error: "invalid request body",
        details: [{ field, message: "is not an accepted field" }],
      });
    },
  );

  test("names every bad field at once", async () => {
    const app = createTestApp(format);

    const answer = await app.create({ title: 1, content: 2, extra: 3 });

    expect((answer.json as { details: { field: string }[] }).details.map((d) => d.field).sort()).toEqual([
      "content",
      "extra",
      "title",
    ]);
  });

  test("refuses content over 20,000 characters, naming the field", async () => {
    const app = createTestApp(format);

    const answer = await app.create({ title: "t", content: "x".repeat(NOTE_LIMITS.contentMaxLength + 1) });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: "invalid request body", details: [{ field: "content" }] });
  });

  test("refuses a title over 200 characters, naming the field", async () => {
    const app = createTestApp(format);

    const answer = await app.create({ title: "t".repeat(201) });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: "invalid request body", details: [{ field: "title" }] });
  });

  test.each([
    ["an array", "[1,2]"],
    ["a string", '"title"'],
    ["a number", "42"],
    ["null", "null"],
  ])("refuses a JSON body that is %s with details naming the body", async (_, body) => {
    const app = createTestApp(format);

    const answer = await app.send({ method: "POST", resource: "/notes", body, headers: JSON_TYPE });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: "invalid request body",
      details: [{ field: "body", message: "must be object" }],
    });
  });

  test.each([
    ["malformed", '{"title": "t"'],
    ["empty", ""],
  ])("answers 400 with an error for a %s JSON body", async (_, body) => {
    const app = createTestApp(format);

    const answer = await app.send({ method: "POST", resource: "/notes", body, headers: JSON_TYPE });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: "malformed JSON body" });
  });

  test("answers 400 for a body with no content at all", async () => {
    const app = createTestApp(format);

    const answer = await app.send({ method: "POST", resource: "/notes", headers: JSON_TYPE });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: "malformed JSON body" });
  });

  test("refuses a prototype-polluting key as an unknown field", async () => {
    const app = createTestApp(format);

    const answer = await app.send({
      method: "POST",
      resource: "/notes",
      body: '{"title":"t","__proto__":{"admin":true}}',
      headers: JSON_TYPE,
    });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: "invalid request body",
      details: [{ field: "__proto__", message: "is not an accepted field" }],
    });
  });

  test.each([
    ["text/plain", { "Content-Type": "text/plain" }],
    ["form data", { "Content-Type": "application/x-www-form-urlencoded" }],
    ["no content-type", {}],
  ])("answers 415 for a body sent as %s", async (_, headers) => {
    const app = createTestApp(format);

    const answer = await app.send({ method: "POST", resource: "/notes", body: '{"title":"t"}', headers });

    expect(answer.status).toBe(415);
    expect(answer.json).toEqual({ error: "content-type must be application/json" });
    expect(answer.headers["content-type"]).toBe("application/json");
  });

  test.each(["application/json; charset=utf-8", "Application/JSON", "application/vnd.notes+json"])(
    "accepts the JSON content-type %s",
    async (contentType) => {
      const app = createTestApp(format);

      const answer = await app.send({
        method: "POST",
        resource: "/notes",
        body: '{"title":"t"}',
        headers: { "Content-Type": contentType },
      });

      expect(answer.status).toBe(201);
    },
  );

  test("reads the content-type header whatever the case of its name", async () => {
    const app = createTestApp(format);

    const answer = await app.send({
      method: "POST",
      resource: "/notes",
      body: '{"title":"t"}',
      headers: { "CONTENT-TYPE": "application/json" },
    });

    expect(answer.status).toBe(201);
  });

  test("answers 413 for a body over 256 KiB, before reading it", async () => {
    const app = createTestApp(format);
    const body = `{"title":"t","content":"${"x".repeat(256 * 1024)}`; // too large, and not even JSON

    const answer = await app.send({ method: "POST", resource: "/notes", body, headers: JSON_TYPE });

    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ error: expect.any(String) });
  });

  test("takes a body of exactly 256 KiB past the size check", async () => {
    const app = createTestApp(format);
    const padding = 256 * 1024 - '{"title":"t","content":""}'.length;
    const body = `{"title":"t","content":"${"x".repeat(padding)}"}`;

    const answer = await app.send({ method: "POST", resource: "/notes", body, headers: JSON_TYPE });

    expect(Buffer.byteLength(body)).toBe(256 * 1024);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ details: [{ field: "content" }] });
  });

  test("counts the size in bytes, not characters", async () => {
    const app = createTestApp(format);
    const content = "é".repeat(140 * 1024); // 140 Ki characters, 280 KiB in UTF-8

    const answer = await app.create({ title: "t", content });

    expect(answer.status).toBe(413);
  });

  test("decodes a base64-encoded body", async () => {
    const app = createTestApp(format);

    const answer = await app.create({ title: "café ☕", content: "c" }, { base64: true });

    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ title: "café ☕", content: "c" });
  });

  test("measures a base64 body after decoding it", async () => {
    const app = createTestApp(format);
    const body = { title: "t", content: "x".repeat(200 * 1024) }; // ~267 KiB as base64, 200 KiB decoded

    const answer = await app.create(body, { base64: true });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ details: [{ field: "content" }] });
  });

  test("answers 413 for a base64 body over 256 KiB once decoded", async () => {
    const app = createTestApp(format);

    const answer = await app.create({ title: "t", content: "x".repeat(257 * 1024) }, { base64: true });

    expect(answer.status).toBe(413);
  });

  test("answers 400 for a base64 body that is not UTF-8", async () => {
    const app = createTestApp(format);
    const body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("base64");
    const event = {
      ...apiGatewayEvent(format, { method: "POST", resource: "/notes", body, headers: JSON_TYPE }),
    };

    const answer = await app.invoke({ ...event, isBase64Encoded: true });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: "request body is not UTF-8 text" });
  });
});

describe.each(PAYLOAD_FORMATS)("POST /notes with an Idempotency-Key, payload %s", (format) => {
  const key = { "Idempotency-Key": "retry-me-1" };

  test("a repeat answers 201 with the same note, marked as replayed, and creates nothing new", async () => {
    const app = createTestApp(format);
    const first = await app.create({ title: "t" }, { headers: key });

    const repeat = await app.create({ title: "t" }, { headers: key });

    expect(repeat.status).toBe(201);
    expect(repeat.body).toBe(first.body);
    expect(repeat.headers).toMatchObject({
      etag: '"1"',
      location: `/notes/${idOf(first)}`,
      "idempotent-replayed": "true",
    });
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(app.repository.allNotes()).toHaveLength(1);
  });

  test("reads the header whatever the case of its name", async () => {
    const app = createTestApp(format);
    await app.create({ title: "t" }, { headers: { "idempotency-key": "k" } });

    const repeat = await app.create({ title: "t" }, { headers: { "IDEMPOTENCY-KEY": "k" } });

    expect(repeat.headers["idempotent-replayed"]).toBe("true");
  });

  test("the same key with a different body answers 422", async () => {
    const app = createTestApp(format);
    await app.create({ title: "t" }, { headers: key });

    const answer = await app.create({ title: "other" }, { headers: key });

    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({ error: expect.any(String) });
    expect(app.repository.allNotes()).toHaveLength(1);
  });

  test("the same key still in flight answers 409", async () => {
    const app = createTestApp(format);
    const now = app.clock.nowSeconds();
    await app.idempotency.claim(
      {
        owner: "default",
        key: key["Idempotency-Key"],
        fingerprint: JSON.stringify(["t", ""]),
        noteId: app.ids.next(),
        claimedAt: now,
        expiresAt: now + NOTE_LIMITS.idempotencyTtlSeconds,
      },
      now,
    );

    const answer = await app.create({ title: "t" }, { headers: key });

    expect(answer.status).toBe(409);
    expect(answer.json).toEqual({ error: expect.any(String) });
  });

  test("a key with a space answers 400 naming the header", async () => {
    const app = createTestApp(format);

    const answer = await app.create({ title: "t" }, { headers: { "Idempotency-Key": "two words" } });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ details: [{ field: "Idempotency-Key" }] });
  });
});
