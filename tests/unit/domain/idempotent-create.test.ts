import { describe, expect, test } from "vitest";
import {
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  NOTE_LIMITS,
  ValidationError,
} from "../../../src/domain/index.ts";
import { createInMemoryNotes } from "../../support/in-memory-stores.ts";

const KEY = "3f6c1c2e-key";

/** A key claimed by a first attempt that never got to record its note (it crashed, or is still running). */
async function claimedButUnfinished(notes: ReturnType<typeof createInMemoryNotes>, title = "t") {
  const now = notes.clock.nowSeconds();
  const noteId = notes.ids.next();
  await notes.idempotency.claim(
    {
      owner: "alice",
      key: KEY,
      fingerprint: JSON.stringify([title, ""]),
      noteId,
      claimedAt: now,
      expiresAt: now + NOTE_LIMITS.idempotencyTtlSeconds,
    },
    now,
  );
  return noteId;
}

describe("creating a note with an Idempotency-Key", () => {
  test("a repeat returns the note the first request created, and creates nothing new", async () => {
    const { service, repository } = createInMemoryNotes();
    const first = await service.create("alice", { title: "t", content: "c" }, KEY);

    const repeat = await service.create("alice", { title: "t", content: "c" }, KEY);

    expect(first.replayed).toBe(false);
    expect(repeat).toEqual({ note: first.note, replayed: true });
    expect(repository.allNotes()).toHaveLength(1);
  });

  test("a repeat whose title differs only in surrounding whitespace is the same request", async () => {
    const { service } = createInMemoryNotes();
    const first = await service.create("alice", { title: "t" }, KEY);

    const repeat = await service.create("alice", { title: "  t  " }, KEY);

    expect(repeat.note).toEqual(first.note);
  });

  test("a repeat returns the note as first created, even after the note changed", async () => {
    const { service } = createInMemoryNotes();
    const first = await service.create("alice", { title: "t" }, KEY);
    await service.update("alice", first.note.noteId, { title: "changed" });

    const repeat = await service.create("alice", { title: "t" }, KEY);

    expect(repeat.note).toEqual(first.note);
  });

  test("the same key with a different body is refused, and creates nothing", async () => {
    const { service, repository } = createInMemoryNotes();
    await service.create("alice", { title: "t", content: "c" }, KEY);

    await expect(service.create("alice", { title: "t", content: "other" }, KEY)).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect(repository.allNotes()).toHaveLength(1);
  });

  test("the same key from another owner is another key", async () => {
    const { service, repository } = createInMemoryNotes();
    const alices = await service.create("alice", { title: "t" }, KEY);

    const bobs = await service.create("bob", { title: "t" }, KEY);

    expect(bobs.replayed).toBe(false);
    expect(bobs.note.noteId).not.toBe(alices.note.noteId);
    expect(repository.allNotes()).toHaveLength(2);
  });

  test("a key still in flight answers in progress", async () => {
    const notes = createInMemoryNotes();
    await claimedButUnfinished(notes);
    notes.clock.advance(NOTE_LIMITS.idempotencyLeaseSeconds - 1);

    await expect(notes.service.create("alice", { title: "t" }, KEY)).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    );
    expect(notes.repository.allNotes()).toEqual([]);
  });

  test("after the lease ran out, a retry finishes the first attempt's work under the id it reserved", async () => {
    const notes = createInMemoryNotes();
    const reservedId = await claimedButUnfinished(notes);
    notes.clock.advance(NOTE_LIMITS.idempotencyLeaseSeconds);

    const result = await notes.service.create("alice", { title: "t" }, KEY);

    expect(result.note.noteId).toBe(reservedId);
    expect(notes.repository.allNotes()).toEqual([result.note]);
    expect(notes.idempotency.record("alice", KEY)?.note).toEqual(result.note);
  });

  test("the note is created at the moment its id was reserved, however long claiming the key took", async () => {
    const notes = createInMemoryNotes();
    const claimedAt = notes.clock.nowSeconds();
    const claim = notes.idempotency.claim.bind(notes.idempotency);
    notes.idempotency.claim = async (record, now) => {
      notes.clock.advance(2); // a slow round trip, across a second boundary
      return claim(record, now);
    };

    const { note } = await notes.service.create("alice", { title: "t" }, KEY);

    expect(note).toMatchObject({ createdAt: claimedAt, updatedAt: claimedAt });
  });

  test("a note finished after an expired lease carries the first attempt's time, as its id does", async () => {
    const notes = createInMemoryNotes();
    const claimedAt = notes.clock.nowSeconds();
    await claimedButUnfinished(notes);
    notes.clock.advance(NOTE_LIMITS.idempotencyLeaseSeconds + 5);

    const { note } = await notes.service.create("alice", { title: "t" }, KEY);

    expect(note).toMatchObject({ createdAt: claimedAt, updatedAt: claimedAt });
  });

  test("retries racing past an expired lease create exactly one note and all return it", async () => {
    const notes = createInMemoryNotes();
    await claimedButUnfinished(notes);
    notes.clock.advance(NOTE_LIMITS.idempotencyLeaseSeconds + 5);

    const results = await Promise.all(
      [1, 2, 3].map(() => notes.service.create("alice", { title: "t" }, KEY)),
    );

    expect(notes.repository.allNotes()).toHaveLength(1);
    expect(new Set(results.map((r) => r.note.noteId)).size).toBe(1);
  });

  test("once the record expired, the key creates a new note", async () => {
    const { service, clock, repository } = createInMemoryNotes();
    const first = await service.create("alice", { title: "t" }, KEY);
    clock.advance(NOTE_LIMITS.idempotencyTtlSeconds);

    const later = await service.create("alice", { title: "t" }, KEY);

    expect(later.replayed).toBe(false);
    expect(later.note.noteId).not.toBe(first.note.noteId);
    expect(repository.allNotes()).toHaveLength(2);
  });

  test.each([
    ["empty", ""],
    ["with a space", "a b"],
    ["non-ASCII", "clé"],
    ["too long", "k".repeat(NOTE_LIMITS.idempotencyKeyMaxLength + 1)],
  ])("refuses a key that is %s, naming the header", async (_, key) => {
    const { service, repository } = createInMemoryNotes();

    const error = await service.create("alice", { title: "t" }, key).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.field)).toEqual(["Idempotency-Key"]);
    expect(repository.allNotes()).toEqual([]);
  });

  test("validates the body before touching the key, so a bad first request does not burn it", async () => {
    const { service } = createInMemoryNotes();
    await expect(service.create("alice", { title: " " }, KEY)).rejects.toBeInstanceOf(ValidationError);

    const result = await service.create("alice", { title: "t" }, KEY);

    expect(result.replayed).toBe(false);
  });
});
