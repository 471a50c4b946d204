import { describe, expect, test, vi } from "vitest";
import { InvalidCursorError, NotFoundError, ValidationError } from "../../../src/domain/index.ts";
import { createInMemoryNotes } from "../../support/in-memory-stores.ts";

describe("getting a note", () => {
  test("returns the owner's note", async () => {
    const { service } = createInMemoryNotes();
    const { note } = await service.create("alice", { title: "t" });

    expect(await service.get("alice", note.noteId)).toEqual(note);
  });

  test("does not find a note that does not exist", async () => {
    const { service, ids } = createInMemoryNotes();

    await expect(service.get("alice", ids.next())).rejects.toBeInstanceOf(NotFoundError);
  });

  test("does not find another owner's note", async () => {
    const { service } = createInMemoryNotes();
    const { note } = await service.create("alice", { title: "t" });

    await expect(service.get("bob", note.noteId)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("answers not found for a string that cannot be an id, without asking the repository", async () => {
    const { service, repository } = createInMemoryNotes();
    const get = vi.spyOn(repository, "get");

    await expect(service.get("alice", "does-not-exist")).rejects.toBeInstanceOf(NotFoundError);
    expect(get).not.toHaveBeenCalled();
  });
});

describe("listing notes", () => {
  async function createNotes(count: number, owner = "alice") {
    const notes = createInMemoryNotes();
    for (let i = 1; i <= count; i++) await notes.service.create(owner, { title: `note ${i}` });
    return notes;
  }

  test("lists the owner's notes newest first", async () => {
    const { service } = await createNotes(3);

    const page = await service.list("alice", { limit: 10 });

    expect(page.items.map((n) => n.title)).toEqual(["note 3", "note 2", "note 1"]);
    expect(page.nextCursor).toBeNull();
  });

  test("returns 20 notes when no limit is given", async () => {
    const { service } = await createNotes(25);

    const page = await service.list("alice");

    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
  });

  test("following next_cursor returns every note exactly once", async () => {
    const { service } = await createNotes(7);
    const titles: string[] = [];

    let cursor: string | undefined;
    do {
      const page = await service.list("alice", { limit: 3, ...(cursor ? { cursor } : {}) });
      titles.push(...page.items.map((n) => n.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(titles).toEqual(["note 7", "note 6", "note 5", "note 4", "note 3", "note 2", "note 1"]);
  });

  test("lists nothing of another owner's", async () => {
    const { service } = await createNotes(2, "alice");

    expect((await service.list("bob")).items).toEqual([]);
  });

  test.each([0, 101, 1.5, -1, Number.NaN])("refuses a limit of %s, naming the field", async (limit) => {
    const { service } = createInMemoryNotes();

    const error = await service.list("alice", { limit }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.field)).toEqual(["limit"]);
  });

  test.each([1, 100])("accepts a limit of %s", async (limit) => {
    const { service } = await createNotes(2);

    const page = await service.list("alice", { limit });

    expect(page.items).toHaveLength(Math.min(limit, 2));
  });

  test("refuses a cursor issued to another owner", async () => {
    const { service } = await createNotes(3, "alice");
    const { nextCursor } = await service.list("alice", { limit: 1 });

    await expect(service.list("bob", { cursor: nextCursor as string })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  test("refuses a cursor it never issued", async () => {
    const { service } = createInMemoryNotes();

    await expect(service.list("alice", { cursor: "forged" })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
