/** Idempotency-Key on POST /notes: a repeat replays the first answer and creates nothing new. */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, expectErrorBody, uniqueTitle, type WireNote } from "./support/api.ts";

async function notesTitled(title: string): Promise<WireNote[]> {
  const response = await call("GET", "/notes?limit=100");
  return (response.body as { items: WireNote[] }).items.filter((note) => note.title === title);
}

describe("Idempotency-Key", () => {
  it("replays the first note with the same status and headers, and creates nothing new", async () => {
    const key = `contract-${randomUUID()}`;
    const json = { title: uniqueTitle("idempotent"), content: "once" };

    const first = await call("POST", "/notes", { json, headers: { "idempotency-key": key } });
    const repeat = await call("POST", "/notes", { json, headers: { "idempotency-key": key } });

    expect(first.status).toBe(201);
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.get("location")).toBe(first.headers.get("location"));
    expect(repeat.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(await notesTitled(json.title)).toEqual([first.body]);
  });

  it("replays the note as it was created, even after it was updated", async () => {
    const key = `contract-${randomUUID()}`;
    const json = { title: uniqueTitle("idempotent then patched") };
    const first = await call("POST", "/notes", { json, headers: { "idempotency-key": key } });
    const id = (first.body as WireNote).note_id;
    await call("PATCH", `/notes/${id}`, { json: { content: "changed" } });

    const repeat = await call("POST", "/notes", { json, headers: { "idempotency-key": key } });

    expect(repeat.status).toBe(201);
    expect((repeat.body as WireNote).note_id).toBe(id);
  });

  it("answers 422 when the same key comes with a different body, and creates nothing", async () => {
    const key = `contract-${randomUUID()}`;
    const title = uniqueTitle("first body");
    const otherTitle = uniqueTitle("second body");
    await call("POST", "/notes", { json: { title }, headers: { "idempotency-key": key } });

    const response = await call("POST", "/notes", {
      json: { title: otherTitle },
      headers: { "idempotency-key": key },
    });

    expectErrorBody(response, 422);
    expect(await notesTitled(otherTitle)).toEqual([]);
  });

  it("creates one note when the same key arrives twice at once, the other answer a replay or 409", async () => {
    const key = `contract-${randomUUID()}`;
    const json = { title: uniqueTitle("racing keys") };

    const answers = await Promise.all([
      call("POST", "/notes", { json, headers: { "idempotency-key": key } }),
      call("POST", "/notes", { json, headers: { "idempotency-key": key } }),
    ]);

    const statuses = answers.map((answer) => answer.status).sort();
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    const conflict = answers.find((answer) => answer.status === 409);
    if (conflict) expectErrorBody(conflict, 409);
    expect(await notesTitled(json.title)).toHaveLength(1);
  });

  it("creates separate notes for different keys with the same body", async () => {
    const json = { title: uniqueTitle("two keys") };

    const first = await call("POST", "/notes", {
      json,
      headers: { "idempotency-key": `contract-${randomUUID()}` },
    });
    const second = await call("POST", "/notes", {
      json,
      headers: { "idempotency-key": `contract-${randomUUID()}` },
    });

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect((second.body as WireNote).note_id).not.toBe((first.body as WireNote).note_id);
    expect(await notesTitled(json.title)).toHaveLength(2);
  });

  it("creates a new note for every POST without a key", async () => {
    const json = { title: uniqueTitle("no key") };

    await call("POST", "/notes", { json });
    await call("POST", "/notes", { json });

    expect(await notesTitled(json.title)).toHaveLength(2);
  });
});
