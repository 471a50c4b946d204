/** PATCH /notes/{id}: partial updates, versions and If-Match, last writer wins field by field. */
import { describe, expect, it } from "vitest";
import {
  call,
  createNote,
  deletedNoteId,
  expectDetailsNaming,
  expectErrorBody,
  expectWellFormedNote,
  notePath,
  uniqueTitle,
} from "./support/api.ts";

describe("PATCH /notes/{id}", () => {
  it("answers 200 with the whole updated note, the next version and its ETag", async () => {
    const note = await createNote({ title: uniqueTitle("patch"), content: "before" });

    const response = await call("PATCH", notePath(note.note_id), { json: { content: "after" } });

    expect(response.status).toBe(200);
    expectWellFormedNote(response.body);
    expect(response.body).toEqual({
      ...note,
      content: "after",
      version: 2,
      updated_at: response.body.updated_at,
    });
    expect(response.body.updated_at).toBeGreaterThanOrEqual(note.created_at);
    expect(response.headers.get("etag")).toBe('"2"');
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await call("GET", notePath(note.note_id))).body).toEqual(response.body);
  });

  it("keeps both writers' fields when two updates change different fields (last writer wins per field)", async () => {
    const note = await createNote({ title: uniqueTitle("lww"), content: "original" });
    const title = uniqueTitle("renamed");

    const first = await call("PATCH", notePath(note.note_id), { json: { title } });
    const second = await call("PATCH", notePath(note.note_id), { json: { content: "rewritten" } });

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ title, content: "rewritten", version: 3 });
  });

  it("lets the last of two updates of the same field win", async () => {
    const note = await createNote({ title: uniqueTitle("race") });

    await call("PATCH", notePath(note.note_id), { json: { content: "first" } });
    await call("PATCH", notePath(note.note_id), { json: { content: "second" } });

    expect((await call("GET", notePath(note.note_id))).body).toMatchObject({ content: "second", version: 3 });
  });

  it("trims the new title, and may set content to an empty string", async () => {
    const note = await createNote({ title: uniqueTitle("trim"), content: "x" });
    const title = uniqueTitle("trimmed");

    const response = await call("PATCH", notePath(note.note_id), {
      json: { title: `  ${title}  `, content: "" },
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ title, content: "" });
  });

  it("applies the update when If-Match names the current version", async () => {
    const note = await createNote({ title: uniqueTitle("if-match") });

    const response = await call("PATCH", notePath(note.note_id), {
      json: { content: "checked" },
      headers: { "if-match": '"1"' },
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ content: "checked", version: 2 });
  });

  it("answers 412 and changes nothing when If-Match names an older version", async () => {
    const note = await createNote({ title: uniqueTitle("stale"), content: "v1" });
    const current = await call("PATCH", notePath(note.note_id), { json: { content: "v2" } });

    const response = await call("PATCH", notePath(note.note_id), {
      json: { content: "lost update" },
      headers: { "if-match": '"1"' },
    });

    expectErrorBody(response, 412);
    expect((await call("GET", notePath(note.note_id))).body).toEqual(current.body);
  });

  it("answers 404 when If-Match is given for a note that does not exist", async () => {
    const id = await deletedNoteId();

    const response = await call("PATCH", notePath(id), {
      json: { content: "x" },
      headers: { "if-match": '"1"' },
    });

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "not found" });
  });

  it("answers 404 with exactly 'not found' and does not resurrect a deleted note", async () => {
    const id = await deletedNoteId();

    const response = await call("PATCH", notePath(id), { json: { title: "back from the dead" } });

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "not found" });
    expect((await call("GET", notePath(id))).status).toBe(404);
  });

  it("answers 404 for an id that was never issued", async () => {
    const response = await call("PATCH", "/notes/does-not-exist", { json: { title: "x" } });

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "not found" });
  });

  it("refuses a body with neither title nor content with exactly 'nothing to update'", async () => {
    const note = await createNote({ title: uniqueTitle("nothing") });

    const response = await call("PATCH", notePath(note.note_id), { json: {} });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: "nothing to update" });
  });

  it.each([
    ["a blank title", { title: "   " }, "title"],
    ["a title of 201 characters", { title: "t".repeat(201) }, "title"],
    ["content of 20,001 characters", { content: "c".repeat(20_001) }, "content"],
    ["a number title", { title: 1 }, "title"],
    ["a null content", { content: null }, "content"],
    ["the read-only field version", { title: "ok", version: 5 }, "version"],
    ["the read-only field note_id", { note_id: "x" }, "note_id"],
    ["an unknown field", { title: "ok", colour: "red" }, "colour"],
  ])("refuses %s with details naming the field and leaves the note unchanged", async (_, json, field) => {
    const note = await createNote({ title: uniqueTitle("invalid patch") });

    const response = await call("PATCH", notePath(note.note_id), { json });

    expectDetailsNaming(response, 400, [field]);
    expect((await call("GET", notePath(note.note_id))).body).toEqual(note);
  });

  it("accepts a title of exactly 200 characters and content of exactly 20,000", async () => {
    const note = await createNote({ title: uniqueTitle("boundary") });

    const response = await call("PATCH", notePath(note.note_id), {
      json: { title: "t".repeat(200), content: "c".repeat(20_000) },
    });

    expect(response.status).toBe(200);
  });

  it("refuses malformed JSON with 400", async () => {
    const note = await createNote({ title: uniqueTitle("malformed") });

    const response = await call("PATCH", notePath(note.note_id), {
      raw: "{title:",
      headers: { "content-type": "application/json" },
    });

    expectErrorBody(response, 400);
  });

  it("refuses a body that is not JSON with 415", async () => {
    const note = await createNote({ title: uniqueTitle("text") });

    const response = await call("PATCH", notePath(note.note_id), {
      raw: "new title",
      headers: { "content-type": "text/plain" },
    });

    expectErrorBody(response, 415);
  });

  it("refuses a body over 256 KiB with 413", async () => {
    const note = await createNote({ title: uniqueTitle("big") });

    const response = await call("PATCH", notePath(note.note_id), {
      json: { content: "x".repeat(256 * 1024 + 1) },
    });

    expectErrorBody(response, 413);
  });
});
