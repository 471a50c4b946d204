import { describe, expect, test } from "vitest";
import { createTestApp, idOf, PAYLOAD_FORMATS } from "./app-harness.ts";

async function appWithNote(format: "2.0" | "1.0") {
  const app = createTestApp(format);
  const created = await app.create({ title: "buy oat milk", content: "2L, organic" });
  app.clock.advance(30);
  return { app, id: idOf(created), created: created.json as Record<string, unknown> };
}

describe.each(PAYLOAD_FORMATS)("PATCH /notes/{id}, payload %s", (format) => {
  test("answers 200 with the whole updated note, its new version and ETag", async () => {
    const { app, id, created } = await appWithNote(format);

    const answer = await app.update(id, { title: "buy almond milk" });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      ...created,
      title: "buy almond milk",
      updated_at: app.clock.nowSeconds(),
      version: 2,
    });
    expect(answer.headers).toMatchObject({ etag: '"2"', "content-type": "application/json" });
  });

  test("answers exactly 'nothing to update' for an empty object", async () => {
    const { app, id } = await appWithNote(format);

    const answer = await app.update(id, {});

    expect(answer.status).toBe(400);
    expect(answer.body).toBe('{"error":"nothing to update"}');
  });

  test("answers 400 naming the title for a blank title", async () => {
    const { app, id } = await appWithNote(format);

    const answer = await app.update(id, { title: "  " });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: "invalid request body", details: [{ field: "title" }] });
  });

  test.each([
    ["a number title", { title: 7 }, "title"],
    ["a null content", { content: null }, "content"],
    ["the field note_id", { note_id: "x" }, "note_id"],
    ["the field version", { title: "t", version: 9 }, "version"],
  ])("answers 400 naming the field for %s, and changes nothing", async (_, body, field) => {
    const { app, id } = await appWithNote(format);

    const answer = await app.update(id, body);

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: "invalid request body", details: [{ field }] });
    expect(app.repository.allNotes()[0]?.version).toBe(1);
  });

  test("answers exactly 404 not found for a note that does not exist, and creates none", async () => {
    const app = createTestApp(format);

    const answer = await app.update(app.ids.next(), { title: "t" });

    expect(answer.status).toBe(404);
    expect(answer.body).toBe('{"error":"not found"}');
    expect(app.repository.allNotes()).toEqual([]);
  });

  test("answers 415 for a body that is not JSON", async () => {
    const { app, id } = await appWithNote(format);

    const answer = await app.send({
      method: "PATCH",
      resource: "/notes/{id}",
      pathParameters: { id },
      body: "title=t",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });

    expect(answer.status).toBe(415);
  });

  test("answers 400 for malformed JSON", async () => {
    const { app, id } = await appWithNote(format);

    const answer = await app.send({
      method: "PATCH",
      resource: "/notes/{id}",
      pathParameters: { id },
      body: "{title:",
      headers: { "Content-Type": "application/json" },
    });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: "malformed JSON body" });
  });

  test("answers 413 for a body over 256 KiB", async () => {
    const { app, id } = await appWithNote(format);

    const answer = await app.update(id, { content: "x".repeat(256 * 1024) });

    expect(answer.status).toBe(413);
  });

  test("decodes a base64-encoded body", async () => {
    const { app, id } = await appWithNote(format);

    const answer = await app.update(id, { content: "ünïcode" }, { base64: true });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ content: "ünïcode" });
  });
});

describe.each(PAYLOAD_FORMATS)("If-Match on PATCH /notes/{id}, payload %s", (format) => {
  test.each([
    ["the current version", '"1"'],
    ["any version", "*"],
    ["the current version, padded", '  "1" '],
  ])("applies the update for %s", async (_, ifMatch) => {
    const { app, id } = await appWithNote(format);

    const answer = await app.update(id, { title: "t" }, { headers: { "If-Match": ifMatch } });

    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('"2"');
  });

  test.each([
    ["a stale version", '"2"'],
    ["a weak tag", 'W/"1"'],
    ["a list of tags", '"1", "2"'],
    ["a zero-padded version", '"01"'],
    ["an unquoted version", "1"],
    ["garbage", "yes please"],
    ["an empty value", ""],
  ])("answers 412 for %s and changes nothing", async (_, ifMatch) => {
    const { app, id } = await appWithNote(format);

    const answer = await app.update(id, { title: "t" }, { headers: { "If-Match": ifMatch } });

    expect(answer.status).toBe(412);
    expect(answer.json).toEqual({ error: expect.any(String) });
    expect(app.repository.allNotes()[0]).toMatchObject({ title: "buy oat milk", version: 1 });
  });

  test("a second writer with the same ETag loses with 412", async () => {
    const { app, id } = await appWithNote(format);
    const ifMatch = { headers: { "If-Match": '"1"' } };
    await app.update(id, { title: "first" }, ifMatch);

    const answer = await app.update(id, { title: "second" }, ifMatch);

    expect(answer.status).toBe(412);
    expect(app.repository.allNotes()[0]?.title).toBe("first");
  });

  test.each(["*", '"1"', 'W/"1"', "garbage"])(
    "still answers 404 for a missing note with If-Match %j",
    async (ifMatch) => {
      const app = createTestApp(format);

      const answer = await app.update(app.ids.next(), { title: "t" }, { headers: { "If-Match": ifMatch } });

      expect(answer.status).toBe(404);
    },
  );

  test("reads the header whatever the case of its name", async () => {
    const { app, id } = await appWithNote(format);

    const answer = await app.update(id, { title: "t" }, { headers: { "IF-MATCH": '"9"' } });

    expect(answer.status).toBe(412);
  });
});

describe.each(PAYLOAD_FORMATS)("DELETE /notes/{id}, payload %s", (format) => {
  test("answers 204 with an empty body and no content-type, and the note is gone", async () => {
    const { app, id } = await appWithNote(format);

    const answer = await app.remove(id);

    expect(answer.status).toBe(204);
    expect(answer.body).toBe("");
    expect(answer.headers["content-type"]).toBeUndefined();
    expect((await app.get(id)).status).toBe(404);
  });

  test("answers exactly 404 not found for a note that does not exist", async () => {
    const app = createTestApp(format);

    const answer = await app.remove(app.ids.next());

    expect(answer.status).toBe(404);
    expect(answer.body).toBe('{"error":"not found"}');
  });

  test("answers 404 for a note already deleted", async () => {
    const { app, id } = await appWithNote(format);
    await app.remove(id);

    const answer = await app.remove(id);

    expect(answer.status).toBe(404);
  });

  test("deletes with a matching If-Match", async () => {
    const { app, id } = await appWithNote(format);

    const answer = await app.remove(id, { headers: { "If-Match": '"1"' } });

    expect(answer.status).toBe(204);
    expect(app.repository.allNotes()).toEqual([]);
  });

  test.each(['"2"', 'W/"1"', "nonsense"])(
    "answers 412 for If-Match %j and keeps the note",
    async (ifMatch) => {
      const { app, id } = await appWithNote(format);

      const answer = await app.remove(id, { headers: { "If-Match": ifMatch } });

      expect(answer.status).toBe(412);
      expect(app.repository.allNotes()).toHaveLength(1);
    },
  );

  test("ignores a body sent with DELETE", async () => {
    const { app, id } = await appWithNote(format);

    const answer = await app.send({
      method: "DELETE",
      resource: "/notes/{id}",
      pathParameters: { id },
      body: "not json at all",
    });

    expect(answer.status).toBe(204);
  });
});
