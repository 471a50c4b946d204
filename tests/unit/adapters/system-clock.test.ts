import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../../../src/adapters/system-clock.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("system clock", () => {
  it("tells the time in whole epoch seconds, rounded down", () => {
    vi.useFakeTimers({ now: 1_700_000_000_999, toFake: ["Date"] });

    expect(systemClock.nowSeconds()).toBe(1_700_000_000);
  });
});
