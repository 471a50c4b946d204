/** GET /notes: newest first, every note exactly once across pages, and strict limit and cursor checks. */
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  call,
  createNote,
  expectDetailsNaming,
  expectWellFormedNote,
  listPage,
  oldestNoteId,
  uniqueTitle,
  type WireNote,
  walkNotes,
} from "./support/api.ts";

describe("GET /notes", () => {
  const created: WireNote[] = [];

  beforeAll(async () => {
    const label = uniqueTitle("paging");
    for (let index = 0; index < 25; index++) {
      created.push(await createNote({ title: `${label} #${index}` }));
    }
  });

  it("returns every note exactly once, newest first, when following next_cursor with limit 10", async () => {
    const ours = created.map((note) => note.note_id);
    const oldestOfOurs = oldestNoteId(ours);
    // The local endpoint's store is this run's own, so the walk goes to the end of the list. A deployed stack's
    // table may keep any number of this owner's notes from earlier runs: there the walk ends once it is past
    // the oldest of the notes made above.
    const toTheEnd = inject("localEndpoint");
    const pages = await walkNotes(10, toTheEnd ? undefined : oldestOfOurs);
    for (const current of pages) {
      expect(current.items.length).toBeLessThanOrEqual(10);
      if (current.next_cursor !== null) expect(current.items.length).toBeGreaterThan(0);
    }

    if (toTheEnd) expect(pages.at(-1)?.next_cursor).toBeNull();
    const seen = pages.flatMap((current) => current.items);
    const ids = seen.map((note) => note.note_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => ours.includes(id))).toEqual([...ours].reverse());
    for (let index = 1; index < seen.length; index++) {
      const newer = seen[index - 1] as WireNote;
      const older = seen[index] as WireNote;
      expect(newer.note_id > older.note_id, `${newer.note_id} is listed before ${older.note_id}`).toBe(true);
      expect(newer.created_at).toBeGreaterThanOrEqual(older.created_at);
    }
    for (const note of seen.filter((candidate) => ours.includes(candidate.note_id)))
      expectWellFormedNote(note);
  });

  it("lists whole notes, equal to what GET /notes/{id} answers", async () => {
    const newest = created.at(-1) as WireNote;

    const first = await listPage("?limit=100");

    expect(first.items.find((note) => note.note_id === newest.note_id)).toEqual(newest);
  });

  it("returns 20 notes when no limit is given", async () => {
    const first = await listPage("");

    expect(first.items).toHaveLength(20);
    expect(first.next_cursor).toBeTypeOf("string");
  });

  it("returns one note and a cursor with limit 1, and up to 100 with limit 100", async () => {
    const one = await listPage("?limit=1");
    const hundred = await listPage("?limit=100");

    expect(one.items).toHaveLength(1);
    expect(one.next_cursor).toBeTypeOf("string");
    expect(hundred.items.length).toBeGreaterThanOrEqual(25);
    expect(hundred.items.length).toBeLessThanOrEqual(100);
  });

  it.each(["0", "101", "abc", "1.5", "-1", "1e1"])(
    "refuses limit=%s with 400 and details naming limit",
    async (limit) => {
      const response = await call("GET", `/notes?limit=${encodeURIComponent(limit)}`);

      expectDetailsNaming(response, 400, ["limit"]);
    },
  );

  it("refuses a cursor that was tampered with, with 400 and details naming cursor", async () => {
    const first = await listPage("?limit=2");
    const cursor = first.next_cursor as string;
    const middle = Math.floor(cursor.length / 2);
    const flipped = cursor[middle] === "A" ? "B" : "A";
    const tampered = `${cursor.slice(0, middle)}${flipped}${cursor.slice(middle + 1)}`;

    const response = await call("GET", `/notes?limit=2&cursor=${encodeURIComponent(tampered)}`);

    expectDetailsNaming(response, 400, ["cursor"]);
  });

  it.each([
    ["garbage", "not-a-cursor"],
    ["JSON a client made up", Buffer.from('{"pk":"x","sk":"y"}').toString("base64url")],
  ])("refuses a cursor that is %s, with 400 and details naming cursor", async (_, cursor) => {
    const response = await call("GET", `/notes?cursor=${encodeURIComponent(cursor)}`);

    expectDetailsNaming(response, 400, ["cursor"]);
  });
});
