import { getRandomValues } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createUlidIdGenerator, pooledRandom } from "../../../src/adapters/ulid-id-generator.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("ULID id generator", () => {
  it("makes ids it recognises as valid", () => {
    const ids = createUlidIdGenerator();

    expect(ids.isValid(ids.next())).toBe(true);
  });

  it("makes ids that sort in the order they were made, even within one millisecond", () => {
    vi.useFakeTimers({ now: new Date("2025-01-01T00:00:00Z"), toFake: ["Date"] });
    const ids = createUlidIdGenerator();

    const made = Array.from({ length: 500 }, () => ids.next());

    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it("makes later ids sort after earlier ones across milliseconds", () => {
    vi.useFakeTimers({ now: new Date("2025-01-01T00:00:00Z"), toFake: ["Date"] });
    const ids = createUlidIdGenerator();
    const earlier = ids.next();
    vi.setSystemTime(new Date("2025-01-01T00:00:01Z"));

    expect(ids.next() > earlier).toBe(true);
  });

  it.each([
    ["lower case", "01jabcdefghjkmnpqrstvwxyz0"],
    ["25 characters", "01JABCDEFGHJKMNPQRSTVWXYZ"],
    ["27 characters", "01JABCDEFGHJKMNPQRSTVWXYZ00"],
    ["an I", "01JABCDEFGHIKMNPQRSTVWXYZ0"],
    ["an L", "01JABCDEFGHLKMNPQRSTVWXYZ0"],
    ["an O", "01JABCDEFGHOKMNPQRSTVWXYZ0"],
    ["a U", "01JABCDEFGHUKMNPQRSTVWXYZ0"],
    ["a time past the 48-bit range", "81JABCDEFGHJKMNPQRSTVWXYZ0"],
    ["a key delimiter", "01JABCDEFGHJKMNPQRSTVWXY#0"],
    ["nothing", ""],
  ])("refuses an id with %s", (_label, id) => {
    expect(createUlidIdGenerator().isValid(id)).toBe(false);
  });

  it("accepts the largest ULID", () => {
    expect(createUlidIdGenerator().isValid("7ZZZZZZZZZZZZZZZZZZZZZZZZZ")).toBe(true);
  });
});

describe("pooledRandom", () => {
  it("gives numbers in [0, 1) that are multiples of 1/256, from one refill per 256 draws", () => {
    const refill = vi.fn((pool: Uint8Array) => {
      getRandomValues(pool);
    });
    const random = pooledRandom(refill);

    const draws = Array.from({ length: 512 }, () => random());

    for (const value of draws) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(Number.isInteger(value * 256)).toBe(true);
    }
    expect(new Set(draws).size).toBeGreaterThan(100);
    expect(refill).toHaveBeenCalledTimes(2);
  });
});
