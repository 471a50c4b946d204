import { describe, expect, test } from "vitest";
import { type Answer, createTestApp, idOf, PAYLOAD_FORMATS } from "./app-harness.ts";

interface ListBody {
  items: { note_id: string; title: string }[];
  next_cursor: string | null;
}

const listOf = (answer: Answer) => answer.json as ListBody;

async function appWithNotes(format: "2.0" | "1.0", count: number) {
  const app = createTestApp(format);
  for (let i = 1; i <= count; i++) await app.create({ title: `note ${i}` });
  return app;
}

describe.each(PAYLOAD_FORMATS)("GET /notes, payload %s", (format) => {
  test("answers 200 with no items and a null cursor when there are no notes", async () => {
    const app = createTestApp(format);

    const answer = await app.list();

    expect(answer.status).toBe(200);
    expect(answer.body).toBe('{"items":[],"next_cursor":null}');
    expect(answer.headers["content-type"]).toBe("application/json");
  });

  test("lists wire notes newest first", async () => {
    const app = await appWithNotes(format, 3);

    const answer = await app.list();

    expect(listOf(answer).items.map((n) => n.title)).toEqual(["note 3", "note 2", "note 1"]);
    expect(listOf(answer).items[0]).toEqual({
      note_id: expect.any(String),
      title: "note 3",
      content: "",
      created_at: app.clock.nowSeconds(),
      updated_at: app.clock.nowSeconds(),
      version: 1,
    });
  });

  test("returns 20 notes by default", async () => {
    const app = await appWithNotes(format, 21);

    const answer = await app.list();

    expect(listOf(answer).items).toHaveLength(20);
    expect(listOf(answer).next_cursor).toEqual(expect.any(String));
  });

  test("following next_cursor returns every note exactly once", async () => {
    const app = await appWithNotes(format, 5);
    const titles: string[] = [];

    let cursor: string | null = null;
    do {
      const answer: Answer = await app.list({ limit: "2", ...(cursor ? { cursor } : {}) });
      expect(answer.status).toBe(200);
      titles.push(...listOf(answer).items.map((n) => n.title));
      cursor = listOf(answer).next_cursor;
    } while (cursor);

    expect(titles).toEqual(["note 5", "note 4", "note 3", "note 2", "note 1"]);
  });

  test.each(["1", "100", "007"])("accepts limit=%s", async (limit) => {
    const app = await appWithNotes(format, 8);

    const answer = await app.list({ limit });

    expect(answer.status).toBe(200);
    expect(listOf(answer).items).toHaveLength(Math.min(Number(limit), 8));
  });

  test.each(["0", "101", "abc", "1.5", "-1", "", " 5", "1e2", "0x10", "9999999"])(
    "answers 400 naming limit for limit=%j",
    async (limit) => {
      const app = createTestApp(format);

      const answer = await app.list({ limit });

      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        error: "invalid query",
        details: [{ field: "limit", message: "must be an integer from 1 to 100" }],
      });
    },
  );

  test("answers 400 naming limit when it is given twice", async () => {
    const app = createTestApp(format);

    const answer = await app.list({ limit: ["5", "6"] });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ details: [{ field: "limit" }] });
  });

  test("answers 400 naming cursor for a cursor it did not issue", async () => {
    const app = await appWithNotes(format, 3);

    const answer = await app.list({ cursor: "tampered" });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: "invalid query", details: [{ field: "cursor" }] });
  });

  test("answers 400 naming cursor for an empty cursor", async () => {
    const app = createTestApp(format);

    const answer = await app.list({ cursor: "" });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ details: [{ field: "cursor" }] });
  });

  test("answers 400 naming an unknown query parameter", async () => {
    const app = createTestApp(format);

    const answer = await app.list({ limt: "5" });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: "invalid query",
      details: [{ field: "limt", message: "is not an accepted field" }],
    });
  });
});

describe.each(PAYLOAD_FORMATS)("GET /notes/{id}, payload %s", (format) => {
  test("answers 200 with the note and its ETag", async () => {
    const app = createTestApp(format);
    const created = await app.create({ title: "buy oat milk", content: "2L, organic" });

    const answer = await app.get(idOf(created));

    expect(answer.status).toBe(200);
    expect(answer.body).toBe(created.body);
    expect(answer.headers).toMatchObject({ etag: '"1"', "content-type": "application/json" });
  });

  test.each(["does-not-exist", "01J99999999999999999999999", "", "../notes"])(
    "answers exactly 404 not found for the id %j",
    async (id) => {
      const app = createTestApp(format);

      const answer = await app.get(id);

      expect(answer.status).toBe(404);
      expect(answer.body).toBe('{"error":"not found"}');
    },
  );

  test("answers 404 when the event has no path parameters", async () => {
    const app = createTestApp(format);

    const answer = await app.send({ method: "GET", resource: "/notes/{id}" });

    expect(answer.status).toBe(404);
  });
});
