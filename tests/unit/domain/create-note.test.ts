import { describe, expect, test } from "vitest";
import { ValidationError } from "../../../src/domain/index.ts";
import { createInMemoryNotes } from "../../support/in-memory-stores.ts";

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("creating a note", () => {
  test("stores a note at version 1 with the clock's time and the next id", async () => {
    const { service, repository, clock } = createInMemoryNotes();

    const { note, replayed } = await service.create("alice", {
      title: "buy oat milk",
      content: "2L, organic",
    });

    expect(replayed).toBe(false);
    expect(note).toEqual({
      owner: "alice",
      noteId: "01J00000000000000000000001",
      title: "buy oat milk",
      content: "2L, organic",
      createdAt: clock.nowSeconds(),
      updatedAt: clock.nowSeconds(),
      version: 1,
    });
    expect(await repository.get("alice", note.noteId)).toEqual(note);
  });

  test("trims the title's surrounding whitespace", async () => {
    const { service } = createInMemoryNotes();

    const { note } = await service.create("alice", { title: " \t buy milk \n" });

    expect(note.title).toBe("buy milk");
  });

  test("defaults the content to an empty string", async () => {
    const { service } = createInMemoryNotes();

    const { note } = await service.create("alice", { title: "t" });

    expect(note.content).toBe("");
  });

  test("gives later notes ids that sort after earlier ones", async () => {
    const { service } = createInMemoryNotes();

    const first = await service.create("alice", { title: "first" });
    const second = await service.create("alice", { title: "second" });

    expect(second.note.noteId > first.note.noteId).toBe(true);
  });

  test.each([
    ["missing", undefined],
    ["empty", ""],
    ["blank", "  \t\n "],
  ])("refuses a %s title with exactly 'title is required' and no details", async (_, title) => {
    const { service, repository } = createInMemoryNotes();

    const error = await refusal(service.create("alice", { title, content: "x" }));

    expect(error.message).toBe("title is required");
    expect(error.details).toEqual([]);
    expect(repository.allNotes()).toEqual([]);
  });

  test("accepts a title of 200 characters counted in code points, not UTF-16 units", async () => {
    const { service } = createInMemoryNotes();
    const title = "😀".repeat(200);

    const { note } = await service.create("alice", { title });

    expect(note.title).toBe(title);
  });

  test("refuses a title of 201 characters after trimming, naming the field", async () => {
    const { service } = createInMemoryNotes();

    const error = await refusal(service.create("alice", { title: `  ${"a".repeat(201)}  ` }));

    expect(error.details.map((d) => d.field)).toEqual(["title"]);
  });

  test("measures the title after trimming, so padding around 200 characters is fine", async () => {
    const { service } = createInMemoryNotes();

    const { note } = await service.create("alice", { title: `   ${"a".repeat(200)}   ` });

    expect(note.title).toHaveLength(200);
  });

  test("accepts content of 20,000 characters", async () => {
    const { service } = createInMemoryNotes();

    const { note } = await service.create("alice", { title: "t", content: "😀".repeat(20_000) });

    expect(note.content).toBe("😀".repeat(20_000));
  });

  test("refuses content of 20,001 characters, naming the field", async () => {
    const { service, repository } = createInMemoryNotes();

    const error = await refusal(service.create("alice", { title: "t", content: "x".repeat(20_001) }));

    expect(error.details.map((d) => d.field)).toEqual(["content"]);
    expect(repository.allNotes()).toEqual([]);
  });
});
