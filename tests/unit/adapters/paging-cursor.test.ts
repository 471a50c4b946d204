import { describe, expect, it } from "vitest";
import { createPagingCursorCodec, DEVELOPMENT_CURSOR_SECRET } from "../../../src/adapters/paging-cursor.ts";
import { InvalidCursorError } from "../../../src/domain/index.ts";

const NOTE_ID = "01JABCDEFGHJKMNPQRSTVWXYZ0";
const codec = createPagingCursorCodec("secret one");

function decodeFailure(owner: string, cursor: string): unknown {
  try {
    codec.decode(owner, cursor);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("paging cursor", () => {
  it("gives back the note id it was made from, for the owner it was made for", () => {
    const cursor = codec.encode("alice", NOTE_ID);

    expect(codec.decode("alice", cursor)).toBe(NOTE_ID);
  });

  it("is URL-safe base64url text that does not show the note id", () => {
    const cursor = codec.encode("alice", NOTE_ID);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(NOTE_ID);
  });

  it("refuses a cursor issued to another owner", () => {
    const cursor = codec.encode("bob", NOTE_ID);

    expect(decodeFailure("alice", cursor)).toBeInstanceOf(InvalidCursorError);
  });

  it("refuses a cursor whose payload was changed", () => {
    const [, mac] = codec.encode("alice", NOTE_ID).split(".");
    const payload = Buffer.from(JSON.stringify({ v: 1, after: "01JABCDEFGHJKMNPQRSTVWXYZ9" })).toString(
      "base64url",
    );

    expect(decodeFailure("alice", `${payload}.${mac}`)).toBeInstanceOf(InvalidCursorError);
  });

  it("refuses a cursor whose signature was changed in any character, padding bits included", () => {
    const cursor = codec.encode("alice", NOTE_ID);
    const last = cursor.at(-1) === "A" ? "B" : "A";

    expect(decodeFailure("alice", `${cursor.slice(0, -1)}${last}`)).toBeInstanceOf(InvalidCursorError);
  });

  it("refuses a cursor signed with another secret", () => {
    const foreign = createPagingCursorCodec("secret two").encode("alice", NOTE_ID);

    expect(decodeFailure("alice", foreign)).toBeInstanceOf(InvalidCursorError);
  });

  it.each([
    ["an empty string", ""],
    ["plain text", "not-a-cursor"],
    ["a payload without signature", "eyJ2IjoxfQ"],
    ["non-base64url characters", "ab+/.cd=="],
    ["three parts", "a.b.c"],
    ["an overlong string", `${"a".repeat(2000)}.${"b".repeat(43)}`],
  ])("refuses %s", (_label, cursor) => {
    expect(decodeFailure("alice", cursor)).toBeInstanceOf(InvalidCursorError);
  });

  it("works with the built-in development key when no secret is given", () => {
    const devCodec = createPagingCursorCodec();
    const cursor = devCodec.encode("alice", NOTE_ID);

    expect(devCodec.decode("alice", cursor)).toBe(NOTE_ID);
    expect(createPagingCursorCodec(DEVELOPMENT_CURSOR_SECRET).decode("alice", cursor)).toBe(NOTE_ID);
    expect(decodeFailure("alice", cursor)).toBeInstanceOf(InvalidCursorError);
  });
});
