/** POST /notes: the resource rules on create, the success answer, and every failure status. */
import { describe, expect, it } from "vitest";
import {
  call,
  expectDetailsNaming,
  expectErrorBody,
  expectWellFormedNote,
  notePath,
  uniqueTitle,
} from "./support/api.ts";

describe("POST /notes", () => {
  it("answers 201 with the note, its Location, its ETag and a JSON content-type", async () => {
    const title = uniqueTitle("create");

    const response = await call("POST", "/notes", { json: { title, content: "some text" } });

    expect(response.status).toBe(201);
    expectWellFormedNote(response.body);
    expect(response.body).toMatchObject({ title, content: "some text", version: 1 });
    expect(response.body.updated_at).toBe(response.body.created_at);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("location")).toBe(`/notes/${response.body.note_id}`);
    expect(response.headers.get("etag")).toBe('"1"');
  });

  it("gives every note a new id that sorts after the ids of older notes", async () => {
    const first = await call("POST", "/notes", { json: { title: uniqueTitle("first") } });
    const second = await call("POST", "/notes", { json: { title: uniqueTitle("second") } });

    const firstId = (first.body as { note_id: string }).note_id;
    const secondId = (second.body as { note_id: string }).note_id;
    expect(secondId).not.toBe(firstId);
    expect(secondId > firstId).toBe(true);
  });

  it("accepts a JSON content-type with parameters", async () => {
    const title = uniqueTitle("charset");

    const response = await call("POST", "/notes", {
      raw: JSON.stringify({ title }),
      headers: { "content-type": "application/json; charset=utf-8" },
    });

    expect(response.status).toBe(201);
    expect((response.body as { title: string }).title).toBe(title);
  });

  it("defaults content to an empty string", async () => {
    const response = await call("POST", "/notes", { json: { title: uniqueTitle("no content") } });

    expect(response.status).toBe(201);
    expect((response.body as { content: string }).content).toBe("");
  });

  it("trims surrounding whitespace from the title and stores the trimmed title", async () => {
    const title = uniqueTitle("trimmed");

    const response = await call("POST", "/notes", { json: { title: `  \t${title}\n ` } });

    expect(response.status).toBe(201);
    const note = response.body as { note_id: string; title: string };
    expect(note.title).toBe(title);
    expect(((await call("GET", notePath(note.note_id))).body as { title: string }).title).toBe(title);
  });

  it("accepts a title of exactly 200 characters, counting surrounding whitespace out", async () => {
    const title = "t".repeat(200);

    const response = await call("POST", "/notes", { json: { title: `   ${title}   ` } });

    expect(response.status).toBe(201);
    expect((response.body as { title: string }).title).toBe(title);
  });

  it("counts characters, not UTF-16 units: 200 emoji make a valid title", async () => {
    const title = "📝".repeat(200);

    const response = await call("POST", "/notes", { json: { title } });

    expect(response.status).toBe(201);
    expect((response.body as { title: string }).title).toBe(title);
  });

  it("refuses a title of 201 characters with details naming the title", async () => {
    const response = await call("POST", "/notes", { json: { title: "t".repeat(201) } });

    expectDetailsNaming(response, 400, ["title"]);
  });

  it("accepts content of exactly 20,000 characters", async () => {
    const content = "c".repeat(20_000);

    const response = await call("POST", "/notes", { json: { title: uniqueTitle("long"), content } });

    expect(response.status).toBe(201);
    expect((response.body as { content: string }).content).toBe(content);
  });

  it("refuses content of 20,001 characters with details naming the content", async () => {
    const response = await call("POST", "/notes", {
      json: { title: uniqueTitle("too long"), content: "c".repeat(20_001) },
    });

    expectDetailsNaming(response, 400, ["content"]);
  });

  it.each([
    ["missing", { content: "x" }],
    ["empty", { title: "" }],
    ["blank", { title: " \t\n " }],
  ])("refuses a %s title with exactly 'title is required'", async (_, json) => {
    const response = await call("POST", "/notes", { json });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: "title is required" });
  });

  it.each([
    ["a number title", { title: 123 }, "title"],
    ["a null title", { title: null }, "title"],
    ["an array title", { title: ["a"] }, "title"],
    ["a number content", { title: "ok", content: 5 }, "content"],
    ["a boolean content", { title: "ok", content: true }, "content"],
  ])("refuses %s without coercing it, with details naming the field", async (_, json, field) => {
    const response = await call("POST", "/notes", { json });

    expectDetailsNaming(response, 400, [field]);
  });

  it.each(["note_id", "version", "created_at", "updated_at", "titel"])(
    "refuses the unknown or read-only field %s with details naming it",
    async (field) => {
      const response = await call("POST", "/notes", { json: { title: uniqueTitle("extra"), [field]: "1" } });

      expectDetailsNaming(response, 400, [field]);
    },
  );

  it.each([
    ["an array", []],
    ["a string", "title"],
    ["null", null],
  ])("refuses a body that is %s rather than an object", async (_, json) => {
    const response = await call("POST", "/notes", {
      raw: JSON.stringify(json),
      headers: { "content-type": "application/json" },
    });

    expectErrorBody(response, 400);
  });

  it("refuses malformed JSON with 400", async () => {
    const response = await call("POST", "/notes", {
      raw: '{"title": "unterminated',
      headers: { "content-type": "application/json" },
    });

    expectErrorBody(response, 400);
  });

  it("refuses a body that is not JSON with 415", async () => {
    const response = await call("POST", "/notes", {
      raw: "title=buy milk",
      headers: { "content-type": "text/plain" },
    });

    expectErrorBody(response, 415);
  });

  it("refuses a body over 256 KiB with 413", async () => {
    const content = "x".repeat(256 * 1024 + 1);

    const response = await call("POST", "/notes", { json: { title: uniqueTitle("huge"), content } });

    expectErrorBody(response, 413);
  });

  it("does not store a note it refused", async () => {
    const title = uniqueTitle("refused");

    await call("POST", "/notes", { json: { title, version: 7 } });

    const page = await call("GET", "/notes?limit=100");
    const titles = (page.body as { items: { title: string }[] }).items.map((note) => note.title);
    expect(titles).not.toContain(title);
  });
});
