import { getRandomValues } from "node:crypto";
import { monotonicFactory } from "ulid";
import type { IdGenerator } from "../domain/index.ts";

/**
 * A ULID: 26 characters of Crockford base32 (upper case, no I, L, O, U), 48 bits of milliseconds then 80 random
 * bits; the first character is at most 7, because 26 characters hold 130 bits.
 */
const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

const RANDOM_POOL_BYTES = 256;

/**
 * ulid's PRNG contract (a number in [0, 1) per character), from the system CSPRNG like ulid's own default, but
 * drawn from a pool refilled 256 bytes at a time: the default makes one getRandomValues call per character,
 * 16 per id. A byte / 256 maps onto the 32 base32 characters evenly.
 */
export function pooledRandom(fill: (pool: Uint8Array) => void = getRandomValues): () => number {
  const pool = new Uint8Array(RANDOM_POOL_BYTES);
  let next = pool.length;
  return () => {
    if (next === pool.length) {
      fill(pool);
      next = 0;
    }
    return (pool[next++] as number) / 256;
  };
}

/**
 * Note ids: monotonic ULIDs, so ids made in the same millisecond still sort in the order they were made and the
 * notes Query (sorted by id) is newest first. URL-safe, and unchanged by the adapter's key escaping.
 */
export function createUlidIdGenerator(): IdGenerator {
  const next = monotonicFactory(pooledRandom());
  return {
    next: () => next(),
    isValid: (id) => ULID_PATTERN.test(id),
  };
}
