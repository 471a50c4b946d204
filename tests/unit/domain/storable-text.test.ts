/**
 * What no store can hold is refused by the service before any repository call: text that is not well-formed
 * Unicode, and owners past the bound that keeps every DynamoDB key under its size limit.
 */
import { describe, expect, test, vi } from "vitest";
import { isValidText, NOTE_LIMITS, ValidationError } from "../../../src/domain/index.ts";
import { createInMemoryNotes } from "../../support/in-memory-stores.ts";

describe("valid text", () => {
  test.each([
    ["plain text", "buy oat milk", true],
    ["an emoji (a surrogate pair)", "😀", true],
    ["NUL and other controls", "\u0000\u0007", true],
    ["a lone high surrogate", "a\ud800b", false],
    ["a lone low surrogate", "\udc00", false],
    ["a pair written backwards", "\ude00\ud83d", false],
  ])("%s is valid: %s", (_, text, valid) => {
    expect(isValidText(text)).toBe(valid);
  });
});

describe("owners the service refuses", () => {
  const tooLong = "😀".repeat(NOTE_LIMITS.ownerMaxLength + 1);

  test.each([
    ["longer than 255 characters", tooLong],
    ["that is not well-formed Unicode", "alice\ud800"],
    ["that is empty", ""],
  ])(
    "an owner %s is refused on every use case, naming the owner, without touching the repository",
    async (_, owner) => {
      const { service, repository, idempotency, ids } = createInMemoryNotes();
      const calls = [
        vi.spyOn(repository, "create"),
        vi.spyOn(repository, "get"),
        vi.spyOn(repository, "list"),
        vi.spyOn(repository, "update"),
        vi.spyOn(repository, "delete"),
        vi.spyOn(idempotency, "claim"),
      ];
      const id = ids.next();

      const refusals = await Promise.allSettled([
        service.create(owner, { title: "t" }),
        service.create(owner, { title: "t" }, "key"),
        service.get(owner, id),
        service.list(owner),
        service.update(owner, id, { title: "t" }),
        service.delete(owner, id),
      ]);

      for (const refusal of refusals) {
        expect(refusal.status).toBe("rejected");
        const error = (refusal as PromiseRejectedResult).reason as ValidationError;
        expect(error).toBeInstanceOf(ValidationError);
        expect(error.details.map((detail) => detail.field)).toEqual(["owner"]);
      }
      for (const call of calls) expect(call).not.toHaveBeenCalled();
    },
  );

  test("an owner of exactly 255 characters, four UTF-8 bytes each, is served", async () => {
    const { service } = createInMemoryNotes();
    const owner = "😀".repeat(NOTE_LIMITS.ownerMaxLength);

    const { note } = await service.create(owner, { title: "t" });

    expect(await service.get(owner, note.noteId)).toEqual(note);
  });
});

describe("cursors the service refuses", () => {
  test("a cursor that is not well-formed Unicode is an invalid cursor, without asking the repository", async () => {
    const { service, repository } = createInMemoryNotes();
    const list = vi.spyOn(repository, "list");

    const refusal = service.list("alice", { cursor: "abc\udfff" });

    await expect(refusal).rejects.toMatchObject({ details: [{ field: "cursor" }] });
    expect(list).not.toHaveBeenCalled();
  });
});
