/** The three reference scenarios of CONTRACT.md, verbatim. */
import { describe, expect, it } from "vitest";
import { call, expectWellFormedNote, notePath } from "./support/api.ts";

describe("reference scenarios", () => {
  it("A: a note goes through its whole lifecycle: create, read, rename, delete, gone", async () => {
    const created = await call("POST", "/notes", { json: { title: "buy oat milk", content: "2L, organic" } });
    expect(created.status).toBe(201);
    expectWellFormedNote(created.body);
    expect(created.body).toMatchObject({ title: "buy oat milk", content: "2L, organic", version: 1 });
    const id = created.body.note_id;

    const read = await call("GET", notePath(id));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patched = await call("PATCH", notePath(id), { json: { title: "buy almond milk" } });
    expect(patched.status).toBe(200);
    expectWellFormedNote(patched.body);
    expect(patched.body).toMatchObject({
      note_id: id,
      title: "buy almond milk",
      content: "2L, organic",
      created_at: created.body.created_at,
      version: 2,
    });

    const deleted = await call("DELETE", notePath(id));
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");

    const after = await call("GET", notePath(id));
    expect(after.status).toBe(404);
    expect(after.body).toEqual({ error: "not found" });
  });

  it("B: a note without a title is refused with exactly 'title is required'", async () => {
    const response = await call("POST", "/notes", { json: { content: "orphan" } });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: "title is required" });
  });

  it("C: a note that does not exist is 404 with exactly 'not found'", async () => {
    const response = await call("GET", "/notes/does-not-exist");

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "not found" });
  });
});
