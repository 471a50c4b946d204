import { describe, expect, test, vi } from "vitest";
import { NotFoundError, ValidationError, VersionConflictError } from "../../../src/domain/index.ts";
import { createInMemoryNotes } from "../../support/in-memory-stores.ts";

async function withNote() {
  const notes = createInMemoryNotes();
  const { note } = await notes.service.create("alice", { title: "buy oat milk", content: "2L, organic" });
  notes.clock.advance(60);
  return { ...notes, note };
}

describe("updating a note", () => {
  test("changes only the given fields, increments the version and sets updatedAt", async () => {
    const { service, note, clock } = await withNote();

    const updated = await service.update("alice", note.noteId, { title: " buy almond milk " });

    expect(updated).toEqual({
      ...note,
      title: "buy almond milk",
      updatedAt: clock.nowSeconds(),
      version: 2,
    });
    expect(await service.get("alice", note.noteId)).toEqual(updated);
  });

  test("changes the content alone, keeping the title", async () => {
    const { service, note } = await withNote();

    const updated = await service.update("alice", note.noteId, { content: "" });

    expect(updated).toMatchObject({ title: "buy oat milk", content: "", version: 2 });
  });

  test("refuses an update with neither title nor content as exactly 'nothing to update'", async () => {
    const { service, note } = await withNote();

    const error = await service.update("alice", note.noteId, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe("nothing to update");
    expect((error as ValidationError).details).toEqual([]);
  });

  test("refuses a blank title and too long content together, naming both fields, and changes nothing", async () => {
    const { service, note } = await withNote();

    const error = await service
      .update("alice", note.noteId, { title: "   ", content: "x".repeat(20_001) })
      .catch((e: unknown) => e);

    expect((error as ValidationError).details.map((d) => d.field)).toEqual(["title", "content"]);
    expect(await service.get("alice", note.noteId)).toEqual(note);
  });

  test("applies the update when the expected version is the stored one", async () => {
    const { service, note } = await withNote();

    const updated = await service.update("alice", note.noteId, { title: "t" }, 1);

    expect(updated.version).toBe(2);
  });

  test("refuses a stale expected version and changes nothing", async () => {
    const { service, note } = await withNote();
    await service.update("alice", note.noteId, { title: "second" });

    await expect(service.update("alice", note.noteId, { title: "third" }, 1)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect((await service.get("alice", note.noteId)).title).toBe("second");
  });

  test("does not create a note that does not exist", async () => {
    const { service, ids, repository } = createInMemoryNotes();

    await expect(service.update("alice", ids.next(), { title: "t" })).rejects.toBeInstanceOf(NotFoundError);
    expect(repository.allNotes()).toEqual([]);
  });

  test("does not update another owner's note", async () => {
    const { service, note } = await withNote();

    await expect(service.update("bob", note.noteId, { title: "mine" })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("answers not found for an id it could not have made, without asking the repository", async () => {
    const { service, repository } = createInMemoryNotes();
    const update = vi.spyOn(repository, "update");

    await expect(service.update("alice", "nope", { title: "t" })).rejects.toBeInstanceOf(NotFoundError);
    expect(update).not.toHaveBeenCalled();
  });
});

describe("deleting a note", () => {
  test("removes the note", async () => {
    const { service, note } = await withNote();

    await service.delete("alice", note.noteId);

    await expect(service.get("alice", note.noteId)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("refuses a stale expected version and keeps the note", async () => {
    const { service, note } = await withNote();

    await expect(service.delete("alice", note.noteId, 2)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await service.get("alice", note.noteId)).toEqual(note);
  });

  test("removes the note when the expected version is the stored one", async () => {
    const { service, note, repository } = await withNote();

    await service.delete("alice", note.noteId, 1);

    expect(repository.allNotes()).toEqual([]);
  });

  test("answers not found for a note that is already gone", async () => {
    const { service, note } = await withNote();
    await service.delete("alice", note.noteId);

    await expect(service.delete("alice", note.noteId)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("does not delete another owner's note", async () => {
    const { service, note } = await withNote();

    await expect(service.delete("bob", note.noteId)).rejects.toBeInstanceOf(NotFoundError);
    expect(await service.get("alice", note.noteId)).toEqual(note);
  });
});
