import { createHmac, timingSafeEqual } from "node:crypto";
import { InvalidCursorError } from "../domain/index.ts";

/**
 * Key used when no CURSOR_SECRET is configured. Fine on a laptop; a deployment should set its own secret, since
 * anyone who knows this one could sign cursors (they still could only page within their own partition, which is
 * always rebuilt from the caller's owner).
 */
export const DEVELOPMENT_CURSOR_SECRET = "notes-api development cursor key (set CURSOR_SECRET)";

const VERSION = 1;
const MAX_CURSOR_LENGTH = 1024;
const CURSOR_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

export interface PagingCursorCodec {
  /** An opaque cursor meaning "the page after note `afterNoteId`", usable only by `owner`. */
  encode(owner: string, afterNoteId: string): string;
  /** The note id the cursor continues after; InvalidCursorError unless this codec issued it to `owner`. */
  decode(owner: string, cursor: string): string;
}

/**
 * Our own cursor format: `base64url(JSON payload) "." base64url(HMAC-SHA256(secret, [owner, payload]))`.
 * The payload names only the last note id of the page; the MAC binds it to the owner it was issued to, so a
 * tampered cursor, one made up by a client, or another owner's cursor is refused before any DynamoDB call.
 */
export function createPagingCursorCodec(secret: string = DEVELOPMENT_CURSOR_SECRET): PagingCursorCodec {
  const sign = (owner: string, payload: string) =>
    createHmac("sha256", secret)
      .update(JSON.stringify(["notes-cursor", owner, payload]))
      .digest();

  return {
    encode(owner, afterNoteId) {
      const payload = Buffer.from(JSON.stringify({ v: VERSION, after: afterNoteId })).toString("base64url");
      return `${payload}.${sign(owner, payload).toString("base64url")}`;
    },

    decode(owner, cursor) {
      if (cursor.length > MAX_CURSOR_LENGTH || !CURSOR_SHAPE.test(cursor)) throw new InvalidCursorError();
      const [payload = "", mac = ""] = cursor.split(".");
      // Compared as text, so a cursor differing only in base64 padding bits is refused too.
      const expected = Buffer.from(sign(owner, payload).toString("base64url"));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new InvalidCursorError();
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        throw new InvalidCursorError();
      }
      const { v, after } = (parsed ?? {}) as { v?: unknown; after?: unknown };
      if (v !== VERSION || typeof after !== "string" || after === "") throw new InvalidCursorError();
      return after;
    },
  };
}
