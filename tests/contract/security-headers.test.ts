/**
 * Every answer of the function carries `x-content-type-options: nosniff` and `cache-control: no-store`
 * (the notes are private to their owner: no cache keeps any answer, success or error).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, call, createNote, deletedNoteId, notePath, uniqueTitle } from "./support/api.ts";

function expectSecurityHeaders(response: ApiResponse): void {
  expect(response.headers.get("x-content-type-options"), response.text).toBe("nosniff");
  expect(response.headers.get("cache-control"), response.text).toBe("no-store");
}

describe("security headers", () => {
  let noteId: string;
  let goneId: string;

  beforeAll(async () => {
    [noteId, goneId] = await Promise.all([
      createNote({ title: uniqueTitle("headers") }).then((note) => note.note_id),
      deletedNoteId(),
    ]);
  });

  it.each<[string, number, () => Promise<ApiResponse>]>([
    ["POST /notes", 201, () => call("POST", "/notes", { json: { title: uniqueTitle("headers") } })],
    ["GET /notes", 200, () => call("GET", "/notes?limit=1")],
    ["GET /notes/{id}", 200, () => call("GET", notePath(noteId))],
    ["PATCH /notes/{id}", 200, () => call("PATCH", notePath(noteId), { json: { content: "patched" } })],
    [
      "DELETE /notes/{id}",
      204,
      async () => call("DELETE", notePath((await createNote({ title: uniqueTitle("gone") })).note_id)),
    ],
    ["a missing title", 400, () => call("POST", "/notes", { json: { content: "orphan" } })],
    ["a forged cursor", 400, () => call("GET", "/notes?cursor=forged")],
    ["a missing note", 404, () => call("GET", notePath(goneId))],
    [
      "a stale If-Match",
      412,
      () => call("PATCH", notePath(noteId), { json: { title: "t" }, headers: { "if-match": '"999"' } }),
    ],
    [
      "a body that is not JSON",
      415,
      () => call("POST", "/notes", { raw: "title=t", headers: { "content-type": "text/plain" } }),
    ],
  ])("%s answers %i with nosniff and no-store", async (_, status, request) => {
    const response = await request();

    expect(response.status, response.text).toBe(status);
    expectSecurityHeaders(response);
  });
});
