/** GET /notes/{id}: the note with its ETag, read strongly consistently; 404 otherwise. */
import { describe, expect, it } from "vitest";
import { call, createNote, deletedNoteId, expectErrorBody, notePath, uniqueTitle } from "./support/api.ts";

describe("GET /notes/{id}", () => {
  it("answers 200 with the note, its ETag and a JSON content-type", async () => {
    const note = await createNote({ title: uniqueTitle("read"), content: "body" });

    const response = await call("GET", notePath(note.note_id));

    expect(response.status).toBe(200);
    expect(response.body).toEqual(note);
    expect(response.headers.get("etag")).toBe('"1"');
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("finds a note right after its create answered, in the note and in the list", async () => {
    const title = uniqueTitle("consistent");

    const created = await createNote({ title });
    const [single, list] = await Promise.all([
      call("GET", notePath(created.note_id)),
      call("GET", "/notes?limit=100"),
    ]);

    expect(single.status).toBe(200);
    const ids = (list.body as { items: { note_id: string }[] }).items.map((note) => note.note_id);
    expect(ids).toContain(created.note_id);
  });

  it("answers 404 with exactly 'not found' for a well-formed id that was never created", async () => {
    const id = await deletedNoteId();

    const response = await call("GET", notePath(id));

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "not found" });
  });

  it.each(["01ARZ3NDEKTSV4RRFFQ69G5FAV", "x".repeat(300), "%F0%9F%93%9D"])(
    "answers 404 with exactly 'not found' for the id %s",
    async (id) => {
      const response = await call("GET", `/notes/${id}`);

      expectErrorBody(response, 404);
      expect(response.body).toEqual({ error: "not found" });
    },
  );
});
