/** DELETE /notes/{id}: 204 and gone; If-Match; never resurrects. */
import { describe, expect, it } from "vitest";
import { call, createNote, deletedNoteId, expectErrorBody, notePath, uniqueTitle } from "./support/api.ts";

describe("DELETE /notes/{id}", () => {
  it("answers 204 with an empty body, after which the note is gone from read and list", async () => {
    const note = await createNote({ title: uniqueTitle("delete") });

    const response = await call("DELETE", notePath(note.note_id));

    expect(response.status).toBe(204);
    expect(response.text).toBe("");
    expect((await call("GET", notePath(note.note_id))).status).toBe(404);
    const list = await call("GET", "/notes?limit=100");
    const ids = (list.body as { items: { note_id: string }[] }).items.map((item) => item.note_id);
    expect(ids).not.toContain(note.note_id);
  });

  it("deletes when If-Match names the current version", async () => {
    const note = await createNote({ title: uniqueTitle("delete if-match") });
    await call("PATCH", notePath(note.note_id), { json: { content: "v2" } });

    const response = await call("DELETE", notePath(note.note_id), { headers: { "if-match": '"2"' } });

    expect(response.status).toBe(204);
    expect((await call("GET", notePath(note.note_id))).status).toBe(404);
  });

  it("answers 412 and keeps the note when If-Match names an older version", async () => {
    const note = await createNote({ title: uniqueTitle("delete stale") });
    const current = await call("PATCH", notePath(note.note_id), { json: { content: "v2" } });

    const response = await call("DELETE", notePath(note.note_id), { headers: { "if-match": '"1"' } });

    expectErrorBody(response, 412);
    expect((await call("GET", notePath(note.note_id))).body).toEqual(current.body);
  });

  it("answers 404 with exactly 'not found' for a note already deleted, which stays gone", async () => {
    const id = await deletedNoteId();

    const response = await call("DELETE", notePath(id));

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "not found" });
    expect((await call("GET", notePath(id))).status).toBe(404);
  });

  it("answers 404 when If-Match is given for a note that does not exist", async () => {
    const id = await deletedNoteId();

    const response = await call("DELETE", notePath(id), { headers: { "if-match": '"1"' } });

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "not found" });
  });

  it("answers 404 for an id that was never issued", async () => {
    const response = await call("DELETE", "/notes/does-not-exist");

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "not found" });
  });
});
