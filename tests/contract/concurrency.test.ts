/**
 * Races, with bounded counts: parallel creates, conditional and blind PATCHes of one note, and one
 * Idempotency-Key sent many times at once. Every assertion is scoped to notes these tests create, so they
 * hold against any deployed stack as well as the local endpoint.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  call,
  createNote,
  expectErrorBody,
  expectWellFormedNote,
  notePath,
  oldestNoteId,
  uniqueTitle,
  type WireNote,
  walkNotes,
} from "./support/api.ts";

const PARALLEL_CREATES = 50;
const CONDITIONAL_PATCHES = 15;
const BLIND_PATCHES = 25;
const REPEATED_KEYS = 15;

/** The caller's notes whose title starts with the prefix, listed down to oldestId (the oldest the test made). */
async function allNotesTitled(prefix: string, oldestId: string): Promise<WireNote[]> {
  const pages = await walkNotes(100, oldestId);
  return pages.flatMap((page) => page.items).filter((note) => note.title.startsWith(prefix));
}

function times<T>(count: number, make: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => make(index)));
}

describe.concurrent("concurrent requests", () => {
  it(`lands ${PARALLEL_CREATES} parallel creates, each with its own id, and lists every one once`, async () => {
    const prefix = uniqueTitle("parallel create");

    const answers = await times(PARALLEL_CREATES, (index) =>
      call("POST", "/notes", { json: { title: `${prefix} #${index}` } }),
    );

    for (const answer of answers) expect(answer.status, answer.text).toBe(201);
    const created = answers.map((answer) => answer.body as WireNote);
    const ids = created.map((note) => note.note_id);
    expect(new Set(ids).size).toBe(PARALLEL_CREATES);
    const listed = await allNotesTitled(prefix, oldestNoteId(ids));
    expect(listed.map((note) => note.note_id).sort()).toEqual([...ids].sort());
    expect(new Set(listed.map((note) => note.title)).size).toBe(PARALLEL_CREATES);
  });

  it(`lets exactly one of ${CONDITIONAL_PATCHES} PATCHes with the same If-Match win; the rest get 412`, async () => {
    const note = await createNote({ title: uniqueTitle("conditional race") });

    const answers = await times(CONDITIONAL_PATCHES, (index) =>
      call("PATCH", notePath(note.note_id), {
        json: { content: `writer ${index}` },
        headers: { "if-match": `"${note.version}"` },
      }),
    );

    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners).toHaveLength(1);
    for (const loser of answers.filter((answer) => answer.status !== 200)) expectErrorBody(loser, 412);
    const final = await call("GET", notePath(note.note_id));
    expect(final.body).toMatchObject({ version: note.version + 1 });
    expect(final.body).toEqual(winners[0]?.body);
  });

  it(`loses none of ${BLIND_PATCHES} blind parallel PATCHes: the version counts every write`, async () => {
    const note = await createNote({ title: uniqueTitle("blind race") });

    const answers = await times(BLIND_PATCHES, (index) =>
      call("PATCH", notePath(note.note_id), { json: { content: `writer ${index}` } }),
    );

    for (const answer of answers) expect(answer.status, answer.text).toBe(200);
    const versions = answers.map((answer) => (answer.body as WireNote).version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: BLIND_PATCHES }, (_, index) => note.version + 1 + index));
    const final = await call("GET", notePath(note.note_id));
    const stored = final.body;
    expectWellFormedNote(stored);
    expect(stored.version).toBe(note.version + BLIND_PATCHES);
    // The stored content is the one written by the PATCH that answered the last version.
    const last = answers.find((answer) => (answer.body as WireNote).version === stored.version);
    expect(stored.content).toBe((last?.body as WireNote).content);
  });

  it(`creates one note for ${REPEATED_KEYS} parallel POSTs with one Idempotency-Key; a new body is refused`, async () => {
    const key = `contract-${randomUUID()}`;
    const title = uniqueTitle("one key, many racers");

    const answers = await times(REPEATED_KEYS, () =>
      call("POST", "/notes", { json: { title }, headers: { "idempotency-key": key } }),
    );

    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers.filter((answer) => answer.status !== 201)) expectErrorBody(answer, 409);
    const ids = new Set(created.map((answer) => (answer.body as WireNote).note_id));
    expect(ids.size).toBe(1);
    const listed = await allNotesTitled(title, oldestNoteId(ids));
    expect(listed.map((note) => note.note_id)).toEqual([...ids]);

    const otherBody = await call("POST", "/notes", {
      json: { title: `${title} but different` },
      headers: { "idempotency-key": key },
    });

    expectErrorBody(otherBody, 422);
    expect(await allNotesTitled(title, oldestNoteId(ids))).toHaveLength(1);
  });
});
