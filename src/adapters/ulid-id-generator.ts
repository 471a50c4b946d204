import { monotonicFactory } from "ulid";
import type { IdGenerator } from "../domain/index.ts";

/**
 * A ULID: 26 characters of Crockford base32 (upper case, no I, L, O, U), 48 bits of milliseconds then 80 random
 * bits; the first character is at most 7, because 26 characters hold 130 bits.
 */
const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/**
 * Note ids: monotonic ULIDs, so ids made in the same millisecond still sort in the order they were made and the
 * notes Query (sorted by id) is newest first. URL-safe, and unchanged by the adapter's key escaping.
 */
export function createUlidIdGenerator(): IdGenerator {
  const next = monotonicFactory();
  return {
    next: () => next(),
    isValid: (id) => ULID_PATTERN.test(id),
  };
}
